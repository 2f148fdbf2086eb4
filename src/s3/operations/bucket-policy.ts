import { bucketArn } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import { blockedPolicyMessage, isPublicPolicy } from '../public-access.js'
import type { S3Context } from '../context.js'
import { AccessDenied, NoSuchBucketPolicy } from '../errors.js'
import { parseBucketPolicy } from '../policy/document.js'

export interface PutBucketPolicyRequest {
  Bucket: string
  /** The policy document, as the request body's text. */
  Policy: string
}
export interface BucketPolicyRequest {
  Bucket: string
}
export interface GetBucketPolicyOutput {
  Policy: string
}

/**
 * Validates the document as S3 does (every defect a 400 `MalformedPolicy`, policy/document.ts) and
 * replaces the bucket's policy. A refused document leaves the old policy in place.
 */
export function putBucketPolicy(
  input: PutBucketPolicyRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const policy = parseBucketPolicy(input.Policy, bucket.name, bucket.region)
  if (bucket.publicAccessBlock?.BlockPublicPolicy === true && isPublicPolicy(policy)) {
    throw new AccessDenied(
      blockedPolicyMessage(ctx.accountId, bucketArn(bucket.name, bucket.region)),
    )
  }
  bucket.policy = policy
  return {}
}

/** The document as it was put; `NoSuchBucketPolicy` (404) when there is none. */
export function getBucketPolicy(input: BucketPolicyRequest, ctx: S3Context): GetBucketPolicyOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.policy === undefined) throw new NoSuchBucketPolicy(bucket.name)
  return { Policy: bucket.policy.text }
}

/** Removes the policy; 204 whether or not there was one (LocalStack's recording of S3). */
export function deleteBucketPolicy(
  input: BucketPolicyRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  delete bucket.policy
  return {}
}
