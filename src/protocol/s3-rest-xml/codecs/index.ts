import { bucketCodecs } from './buckets.js'

/**
 * One codec per implemented S3 operation, merged from a file per operation group. Operations the
 * routes know but no codec implements answer 501 NotImplemented naming themselves.
 */
export const s3Codecs = {
  ...bucketCodecs,
}
