import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { InvalidRequest } from '../errors.js'
import { NoSuchLifecycleConfiguration } from '../errors-config.js'
import { type LifecycleRule, type StoredLifecycleRule, validLifecycleRules } from '../lifecycle.js'
import { resweep } from '../lifecycle-engine.js'

export interface BucketLifecycleRequest {
  Bucket: string
}
export interface PutBucketLifecycleConfigurationRequest extends BucketLifecycleRequest {
  LifecycleConfiguration: { Rules: LifecycleRule[] }
  /** `x-amz-transition-default-minimum-object-size`, raw. */
  TransitionDefaultMinimumObjectSize?: string
}
export interface PutBucketLifecycleConfigurationOutput {
  TransitionDefaultMinimumObjectSize: string
}
export interface GetBucketLifecycleConfigurationOutput extends PutBucketLifecycleConfigurationOutput {
  Rules: StoredLifecycleRule[]
}

const MINIMUM_SIZES = ['varies_by_storage_class', 'all_storage_classes_128K']

/**
 * PutBucketLifecycleConfiguration: validates and replaces the rules (200). They apply to existing
 * objects and later ones alike, as the world's clock moves (lifecycle-engine.ts).
 */
export function putBucketLifecycleConfiguration(
  input: PutBucketLifecycleConfigurationRequest,
  ctx: S3Context,
): PutBucketLifecycleConfigurationOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  // Without the header both PUT and GET answer all_storage_classes_128K (recorded).
  const minimum = input.TransitionDefaultMinimumObjectSize ?? 'all_storage_classes_128K'
  if (!MINIMUM_SIZES.includes(minimum)) {
    throw new InvalidRequest(`Invalid TransitionDefaultMinimumObjectSize found: ${minimum}`)
  }
  const rules = validLifecycleRules(input.LifecycleConfiguration.Rules, ctx.random)
  bucket.lifecycle = { rules, minimumObjectSize: minimum }
  ctx.s3.lifecycleBuckets.add(bucket.name)
  resweep(bucket)
  return { TransitionDefaultMinimumObjectSize: minimum }
}

/** GetBucketLifecycleConfiguration: the rules as stored; NoSuchLifecycleConfiguration without. */
export function getBucketLifecycleConfiguration(
  input: BucketLifecycleRequest,
  ctx: S3Context,
): GetBucketLifecycleConfigurationOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.lifecycle === undefined) throw new NoSuchLifecycleConfiguration(bucket.name)
  return {
    Rules: structuredClone(bucket.lifecycle.rules) as StoredLifecycleRule[],
    TransitionDefaultMinimumObjectSize: bucket.lifecycle.minimumObjectSize,
  }
}

/** DeleteBucketLifecycle: 204 with or without a configuration (s3-tests). */
export function deleteBucketLifecycle(
  input: BucketLifecycleRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  delete bucket.lifecycle
  return {}
}
