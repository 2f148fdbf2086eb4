import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { NoSuchWebsiteConfiguration } from '../errors-bucket-config.js'
import { validWebsite, type WebsiteConfiguration } from '../website.js'

export interface BucketWebsiteRequest {
  Bucket: string
}
export interface PutBucketWebsiteRequest extends BucketWebsiteRequest {
  WebsiteConfiguration: WebsiteConfiguration
}

/** PutBucketWebsite: validates, then replaces the configuration (200). */
export function putBucketWebsite(
  input: PutBucketWebsiteRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  bucket.website = validWebsite(input.WebsiteConfiguration)
  return {}
}

/** GetBucketWebsite: the configuration as put, or NoSuchWebsiteConfiguration. */
export function getBucketWebsite(
  input: BucketWebsiteRequest,
  ctx: S3Context,
): WebsiteConfiguration {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.website === undefined) throw new NoSuchWebsiteConfiguration(bucket.name)
  return structuredClone(bucket.website)
}

/** DeleteBucketWebsite: 204 with or without a configuration. */
export function deleteBucketWebsite(
  input: BucketWebsiteRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  delete bucket.website
  return {}
}
