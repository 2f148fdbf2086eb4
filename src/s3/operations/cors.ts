import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { type CorsRule, validCorsRules } from '../cors.js'
import { NoSuchCORSConfiguration } from '../errors-config.js'

export interface BucketCorsRequest {
  Bucket: string
}
export interface PutBucketCorsRequest extends BucketCorsRequest {
  CORSConfiguration: { CORSRules: CorsRule[] }
}

/** PutBucketCors: validates, then replaces the bucket's rules (200). */
export function putBucketCors(input: PutBucketCorsRequest, ctx: S3Context): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  bucket.cors = validCorsRules(input.CORSConfiguration.CORSRules)
  return {}
}

/** GetBucketCors: the rules as put, or NoSuchCORSConfiguration. */
export function getBucketCors(input: BucketCorsRequest, ctx: S3Context): { CORSRules: CorsRule[] } {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.cors === undefined) throw new NoSuchCORSConfiguration(bucket.name)
  return { CORSRules: bucket.cors.map((r) => structuredClone<CorsRule>(r)) }
}

/** DeleteBucketCors: 204 with or without rules. */
export function deleteBucketCors(input: BucketCorsRequest, ctx: S3Context): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  delete bucket.cors
  return {}
}
