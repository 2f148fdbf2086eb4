import { OBJECT_OWNERSHIPS, type ObjectOwnership } from '../access-control.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { MalformedXML, NoSuchBucketPolicy } from '../errors.js'
import {
  NoSuchPublicAccessBlockConfiguration,
  OwnershipControlsNotFoundError,
} from '../errors-config.js'
import { isPublicPolicy, type PublicAccessBlockConfiguration } from '../public-access.js'

export interface BucketRequest {
  Bucket: string
}
export interface PutPublicAccessBlockRequest extends BucketRequest {
  PublicAccessBlockConfiguration: Partial<PublicAccessBlockConfiguration>
}
export interface OwnershipControls {
  Rules: { ObjectOwnership: string }[]
}
export interface PutBucketOwnershipControlsRequest extends BucketRequest {
  OwnershipControls: OwnershipControls
}

/** PutPublicAccessBlock: a setting left out is false (PublicAccessBlockConfiguration shape). */
export function putPublicAccessBlock(
  input: PutPublicAccessBlockRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const c = input.PublicAccessBlockConfiguration
  bucket.publicAccessBlock = {
    BlockPublicAcls: c.BlockPublicAcls ?? false,
    IgnorePublicAcls: c.IgnorePublicAcls ?? false,
    BlockPublicPolicy: c.BlockPublicPolicy ?? false,
    RestrictPublicBuckets: c.RestrictPublicBuckets ?? false,
  }
  return {}
}

export function getPublicAccessBlock(
  input: BucketRequest,
  ctx: S3Context,
): { PublicAccessBlockConfiguration: PublicAccessBlockConfiguration } {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.publicAccessBlock === undefined) {
    throw new NoSuchPublicAccessBlockConfiguration(bucket.name)
  }
  return { PublicAccessBlockConfiguration: { ...bucket.publicAccessBlock } }
}

/** DeletePublicAccessBlock: 204; the bucket then has no settings (public policies allowed). */
export function deletePublicAccessBlock(
  input: BucketRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  delete bucket.publicAccessBlock
  return {}
}

/** Exactly one rule with a known ObjectOwnership, else MalformedXML (_uncaptured_ code). */
export function ownershipOf(controls: OwnershipControls): ObjectOwnership {
  const [rule, ...rest] = controls.Rules
  if (
    rule === undefined ||
    rest.length > 0 ||
    !(OBJECT_OWNERSHIPS as readonly string[]).includes(rule.ObjectOwnership)
  ) {
    throw new MalformedXML()
  }
  return rule.ObjectOwnership as ObjectOwnership
}

export function putBucketOwnershipControls(
  input: PutBucketOwnershipControlsRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  bucket.ownership = ownershipOf(input.OwnershipControls)
  return {}
}

export function getBucketOwnershipControls(
  input: BucketRequest,
  ctx: S3Context,
): { OwnershipControls: OwnershipControls } {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.ownership === undefined) throw new OwnershipControlsNotFoundError(bucket.name)
  return { OwnershipControls: { Rules: [{ ObjectOwnership: bucket.ownership }] } }
}

/** DeleteBucketOwnershipControls: 204; without controls the bucket behaves as ObjectWriter. */
export function deleteBucketOwnershipControls(
  input: BucketRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  delete bucket.ownership
  return {}
}

/** GetBucketPolicyStatus: whether the policy is public; NoSuchBucketPolicy without one. */
export function getBucketPolicyStatus(
  input: BucketRequest,
  ctx: S3Context,
): { PolicyStatus: { IsPublic: boolean } } {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.policy === undefined) throw new NoSuchBucketPolicy(bucket.name)
  return { PolicyStatus: { IsPublic: isPublicPolicy(bucket.policy) } }
}
