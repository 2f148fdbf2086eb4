import type { S3OperationName, S3Shapes } from '../../../s3/operations/index.js'
import type { S3Codec } from '../http.js'
import { attributeCodecs } from './attributes.js'
import { bucketEncryptionCodecs } from './bucket-encryption.js'
import { bucketPolicyCodecs } from './bucket-policy.js'
import { bucketCodecs } from './buckets.js'
import { copyCodecs } from './copy.js'
import { listCodecs } from './list.js'
import { multipartCodecs } from './multipart.js'
import { objectCodecs } from './objects.js'
import { postObjectCodecs } from './post-object.js'
import { updateEncryptionCodecs } from './update-encryption.js'

/**
 * One codec per S3 operation the domain implements, merged from a file per operation group. The
 * type requires a codec for every domain operation; routes the domain does not implement answer
 * 501 NotImplemented naming themselves.
 */
export const s3Codecs: {
  readonly [K in S3OperationName]: S3Codec<S3Shapes[K]['input'], S3Shapes[K]['output']>
} = {
  ...bucketCodecs,
  ...bucketEncryptionCodecs,
  ...bucketPolicyCodecs,
  ...objectCodecs,
  ...listCodecs,
  ...copyCodecs,
  ...multipartCodecs,
  ...attributeCodecs,
  ...updateEncryptionCodecs,
  ...postObjectCodecs,
}
