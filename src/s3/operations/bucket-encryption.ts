import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { InvalidArgument, MalformedXML } from '../errors.js'
import {
  SERVER_SIDE_ENCRYPTIONS,
  type ServerSideEncryptionConfiguration,
  type ServerSideEncryptionRule,
} from '../shapes.js'

export interface PutBucketEncryptionRequest {
  Bucket: string
  ServerSideEncryptionConfiguration: ServerSideEncryptionConfiguration
}
export interface BucketEncryptionRequest {
  Bucket: string
}
export interface GetBucketEncryptionOutput {
  ServerSideEncryptionConfiguration: ServerSideEncryptionConfiguration
}

const isKmsAlgorithm = (a: string): boolean => a === 'aws:kms' || a === 'aws:kms:dsse'

/**
 * Validates a default-encryption rule and returns it as stored. The key is not checked here:
 * "Amazon S3 does not validate the KMS key ID provided in PutBucketEncryption requests"
 * (PutBucketEncryption API reference); a bad key fails the next PutObject instead.
 */
function validRule(
  config: ServerSideEncryptionConfiguration,
  current: ServerSideEncryptionRule,
): ServerSideEncryptionRule {
  const [rule, ...rest] = config.Rules
  if (rule === undefined || rest.length > 0) throw new MalformedXML()
  const byDefault = rule.ApplyServerSideEncryptionByDefault
  if (byDefault !== undefined) {
    if (!(SERVER_SIDE_ENCRYPTIONS as readonly string[]).includes(byDefault.SSEAlgorithm)) {
      throw new MalformedXML()
    }
    if (byDefault.KMSMasterKeyID !== undefined && !isKmsAlgorithm(byDefault.SSEAlgorithm)) {
      // [AWS-cap] put-bucket-encryption-kms-with-aes (reference §2.1).
      throw new InvalidArgument(
        'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
        'ApplyServerSideEncryptionByDefault',
      )
    }
  }
  const blocked = rule.BlockedEncryptionTypes?.EncryptionType
  if (blocked?.some((t) => t !== 'NONE' && t !== 'SSE-C') === true) throw new MalformedXML()
  // A rule without BlockedEncryptionTypes keeps the bucket's current setting: only an explicit
  // `NONE` unblocks SSE-C (SPEC §4.2).
  const blockedTypes = rule.BlockedEncryptionTypes ?? current.BlockedEncryptionTypes
  return {
    ApplyServerSideEncryptionByDefault:
      byDefault === undefined
        ? { SSEAlgorithm: 'AES256' }
        : {
            SSEAlgorithm: byDefault.SSEAlgorithm,
            ...(byDefault.KMSMasterKeyID === undefined
              ? {}
              : { KMSMasterKeyID: byDefault.KMSMasterKeyID }),
          },
    BucketKeyEnabled: rule.BucketKeyEnabled ?? false,
    ...(blockedTypes === undefined
      ? {}
      : { BlockedEncryptionTypes: { EncryptionType: [...(blockedTypes.EncryptionType ?? [])] } }),
  }
}

export function putBucketEncryption(
  input: PutBucketEncryptionRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  bucket.encryption = validRule(input.ServerSideEncryptionConfiguration, bucket.encryption)
  return {}
}

/**
 * Every bucket has a default-encryption rule today (SSE-S3 since 2023, reference §2), so this
 * never answers ServerSideEncryptionConfigurationNotFoundError.
 */
export function getBucketEncryption(
  input: BucketEncryptionRequest,
  ctx: S3Context,
): GetBucketEncryptionOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  return { ServerSideEncryptionConfiguration: { Rules: [structuredClone(bucket.encryption)] } }
}

/** Back to the SSE-S3 default; the SSE-C block setting is left as it is. */
export function deleteBucketEncryption(
  input: BucketEncryptionRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const blocked = bucket.encryption.BlockedEncryptionTypes
  bucket.encryption = {
    ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
    BucketKeyEnabled: false,
    ...(blocked === undefined ? {} : { BlockedEncryptionTypes: structuredClone(blocked) }),
  }
  return {}
}
