import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { ReplicationConfigurationNotFoundError } from '../errors-bucket-config.js'
import { type ReplicationConfiguration, validReplication } from '../replication.js'

interface BucketRequest {
  Bucket: string
}
export interface PutBucketReplicationRequest extends BucketRequest {
  ReplicationConfiguration: ReplicationConfiguration
}

/** PutBucketReplication: validates against the source and destination buckets, replaces. */
export function putBucketReplication(
  input: PutBucketReplicationRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  bucket.replication = validReplication(
    input.ReplicationConfiguration,
    (name) => ctx.s3.buckets.get(name)?.versioning === 'Enabled',
    bucket.name,
    ctx.random,
  )
  return {}
}

/** GetBucketReplication: the configuration, or ReplicationConfigurationNotFoundError. */
export function getBucketReplication(
  input: BucketRequest,
  ctx: S3Context,
): { ReplicationConfiguration: ReplicationConfiguration } {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.replication === undefined) {
    throw new ReplicationConfigurationNotFoundError(bucket.name)
  }
  return { ReplicationConfiguration: structuredClone(bucket.replication) }
}

/** DeleteBucketReplication: 204 with or without a configuration. */
export function deleteBucketReplication(
  input: BucketRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  delete bucket.replication
  return {}
}
