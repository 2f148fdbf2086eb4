import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { InvalidRequest, MalformedXML } from '../errors.js'
import {
  CrossLocationLoggingProhibitted,
  InvalidTargetBucketForLogging,
} from '../errors-bucket-config.js'
import { type LoggingEnabled, validLogging } from '../logging.js'

/**
 * One-value bucket settings: Transfer Acceleration, Requester Pays, server access logging. Each
 * Get answers 200 with S3's default when nothing was set (API reference).
 */

interface BucketRequest {
  Bucket: string
}

export interface PutBucketAccelerateRequest extends BucketRequest {
  AccelerateConfiguration: { Status?: string }
}

/**
 * PutBucketAccelerateConfiguration: "The name of the bucket used for Transfer Acceleration must
 * be DNS-compliant and must not contain periods" (API reference); the text is LocalStack's
 * AWS-validated one. Status is Enabled or Suspended.
 */
export function putBucketAccelerateConfiguration(
  input: PutBucketAccelerateRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.name.includes('.')) {
    throw new InvalidRequest(
      'S3 Transfer Acceleration is not supported for buckets with periods (.) in their names',
    )
  }
  const status = input.AccelerateConfiguration.Status
  if (status !== 'Enabled' && status !== 'Suspended') throw new MalformedXML()
  bucket.accelerate = status
  return {}
}

/** GetBucketAccelerateConfiguration: `<AccelerateConfiguration/>` until a status was put. */
export function getBucketAccelerateConfiguration(
  input: BucketRequest,
  ctx: S3Context,
): { Status?: string } {
  const bucket = requestBucket(ctx, input.Bucket)
  return bucket.accelerate === undefined ? {} : { Status: bucket.accelerate }
}

export interface PutBucketRequestPaymentRequest extends BucketRequest {
  RequestPaymentConfiguration: { Payer: string }
}

/** PutBucketRequestPayment: Payer is Requester or BucketOwner, else MalformedXML. */
export function putBucketRequestPayment(
  input: PutBucketRequestPaymentRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const payer = input.RequestPaymentConfiguration.Payer
  if (payer !== 'Requester' && payer !== 'BucketOwner') throw new MalformedXML()
  bucket.requestPayer = payer
  return {}
}

/** GetBucketRequestPayment: `BucketOwner` by default. */
export function getBucketRequestPayment(input: BucketRequest, ctx: S3Context): { Payer: string } {
  const bucket = requestBucket(ctx, input.Bucket)
  return { Payer: bucket.requestPayer ?? 'BucketOwner' }
}

export interface PutBucketLoggingRequest extends BucketRequest {
  BucketLoggingStatus: { LoggingEnabled?: LoggingEnabled }
}

/**
 * PutBucketLogging: an empty `<BucketLoggingStatus/>` turns logging off. The target bucket must
 * exist (InvalidTargetBucketForLogging) and be in the source bucket's Region
 * (CrossLocationLoggingProhibitted); texts from LocalStack's AWS-validated tests. The target's
 * permissions for the logging service are not checked (docs/fidelity.md).
 */
export function putBucketLogging(
  input: PutBucketLoggingRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const enabled = input.BucketLoggingStatus.LoggingEnabled
  if (enabled === undefined) {
    delete bucket.logging
    return {}
  }
  const logging = validLogging(enabled)
  const target = ctx.s3.buckets.get(enabled.TargetBucket)
  if (target === undefined) {
    throw new InvalidTargetBucketForLogging(
      'The target bucket for logging does not exist',
      enabled.TargetBucket,
    )
  }
  if (target.region !== bucket.region) {
    throw new CrossLocationLoggingProhibitted(bucket.region, target.region)
  }
  bucket.logging = logging
  return {}
}

/** GetBucketLogging: `<BucketLoggingStatus/>` when logging is off. */
export function getBucketLogging(
  input: BucketRequest,
  ctx: S3Context,
): { LoggingEnabled?: LoggingEnabled } {
  const bucket = requestBucket(ctx, input.Bucket)
  return bucket.logging === undefined ? {} : { LoggingEnabled: structuredClone(bucket.logging) }
}

export interface PutBucketAbacRequest extends BucketRequest {
  AbacStatus: { Status?: string }
}

/**
 * PutBucketAbac: Enabled or Disabled, else MalformedXML. While Enabled, PutBucketTagging and
 * DeleteBucketTagging are refused (tagging.ts); tag conditions on buckets (`aws:ResourceTag`) are
 * not modelled (docs/fidelity.md).
 */
export function putBucketAbac(input: PutBucketAbacRequest, ctx: S3Context): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const status = input.AbacStatus.Status
  if (status !== 'Enabled' && status !== 'Disabled') throw new MalformedXML()
  bucket.abac = status
  return {}
}

/** GetBucketAbac: "By default, ABAC is disabled for all Amazon S3 general purpose buckets". */
export function getBucketAbac(input: BucketRequest, ctx: S3Context): { Status: string } {
  const bucket = requestBucket(ctx, input.Bucket)
  return { Status: bucket.abac ?? 'Disabled' }
}
