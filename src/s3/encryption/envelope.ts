import type { Secret } from '../../core/secret.js'
import type { Bucket } from '../bucket.js'
import type { S3Context } from '../context.js'
import { InternalError } from '../errors.js'
import type { EncryptionDescriptor } from '../object-version.js'
import type { EncryptionOutput } from '../shapes.js'
import { assertSigV4ForKms, type EncryptionPlan } from './plan.js'
import { newSseS3DataKey, sseS3DataKey } from './sse-s3.js'
import { kmsDataKey, newKmsDataKey } from './sse-kms.js'
import { type CustomerKey, newSseCDataKey, sseCDataKey } from './sse-c.js'

/**
 * The one place that dispatches on the kind of envelope: a plan becomes a data key plus the
 * descriptor to store, a descriptor gives its data key back, and both become response members.
 */
export async function newDataKey(
  ctx: S3Context,
  plan: EncryptionPlan,
  bucket: Bucket,
): Promise<{ dataKey: Secret; descriptor: EncryptionDescriptor }> {
  switch (plan.kind) {
    case 'SSE-S3':
      return newSseS3DataKey(ctx.s3.rootKey, ctx.random)
    case 'SSE-KMS':
      return newKmsDataKey(ctx, plan, bucket.region)
    case 'SSE-C':
      return newSseCDataKey(plan.customerKey, ctx.random)
  }
}

/**
 * The data key of a stored object, calling KMS Decrypt for SSE-KMS. SSE-C needs the request's
 * customer key, already matched against the object by the operation (`sse-c.ts`).
 */
export async function dataKeyOf(
  ctx: S3Context,
  descriptor: EncryptionDescriptor,
  bucket: Bucket,
  customerKey?: CustomerKey,
): Promise<Secret> {
  switch (descriptor.kind) {
    case 'SSE-S3':
      return sseS3DataKey(ctx.s3.rootKey, descriptor)
    case 'SSE-KMS':
      assertSigV4ForKms(ctx.caller.signature)
      return kmsDataKey(ctx, descriptor, bucket.region)
    case 'SSE-C':
      // Operations resolve the customer key before asking; none here is a bug, not a client error.
      if (customerKey === undefined) throw new InternalError()
      return sseCDataKey(descriptor, customerKey)
  }
}

/** How responses describe an object's encryption (reference §1.2, §2). */
export function encryptionOutput(descriptor: EncryptionDescriptor): EncryptionOutput {
  switch (descriptor.kind) {
    case 'SSE-S3':
      return { ServerSideEncryption: 'AES256' }
    case 'SSE-KMS':
      return {
        ServerSideEncryption: descriptor.algorithm,
        SSEKMSKeyId: descriptor.keyArn,
        // Echoed only when a bucket key is used (reference §2).
        ...(descriptor.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}),
      }
    case 'SSE-C':
      return { SSECustomerAlgorithm: descriptor.algorithm, SSECustomerKeyMD5: descriptor.keyMd5 }
  }
}
