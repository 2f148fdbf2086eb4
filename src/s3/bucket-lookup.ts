import { type Bucket, noteResources } from './bucket.js'
import type { S3Context } from './context.js'
import { NoSuchBucket } from './errors.js'

// Buckets as an operation finds them in the context's state (bucket.ts holds the entity alone).

/** The bucket or `NoSuchBucket`. */
export function getBucket(ctx: S3Context, name: string): Bucket {
  const bucket = ctx.s3.buckets.get(name)
  if (bucket === undefined) throw new NoSuchBucket(name)
  return bucket
}

/**
 * The bucket a request names, noted for the request's audit event (CloudTrail S3 data events
 * carry `bucketName` and `key` as request parameters, and the bucket and object as resources).
 */
export function requestBucket(ctx: S3Context, name: string, key?: string): Bucket {
  ctx.notes.requestParameters = { bucketName: name, ...(key === undefined ? {} : { key }) }
  const bucket = getBucket(ctx, name)
  noteResources(ctx.notes, ctx.accountId, bucket.name, bucket.region, key)
  return bucket
}
