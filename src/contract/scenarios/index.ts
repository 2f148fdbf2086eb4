import type { Scenario } from '../define.js'
import { kmsCryptoScenarios } from './kms-crypto.js'
import { kmsErrorScenarios } from './kms-errors.js'
import { kmsKeyScenarios } from './kms-keys.js'
import { s3DefaultEncryptionScenarios } from './s3-default-encryption.js'
import { bucketPolicyScenarios } from './s3-bucket-policy.js'
import { presignScenarios } from './s3-presign.js'
import { sseCScenarios } from './s3-sse-c.js'
import { sseCCopyScenarios } from './s3-sse-c-copy.js'
import { sseCMultipartScenarios } from './s3-sse-c-multipart.js'
import { s3SseKmsScenarios } from './s3-sse-kms.js'
import { taggingScenarios } from './s3-tagging.js'
import { corsScenarios } from './s3-cors.js'
import { publicAccessScenarios } from './s3-public-access.js'
import { bucketConfigurationScenarios } from './s3-bucket-configurations.js'
import { objectLockScenarios } from './s3-object-lock.js'

/**
 * Every contract scenario, in the order the report lists them. Each group lives in its own file
 * (kms-*.ts, s3-*.ts) and is spread in here.
 */
export const scenarios: readonly Scenario[] = [
  ...kmsKeyScenarios,
  ...kmsCryptoScenarios,
  ...kmsErrorScenarios,
  ...s3SseKmsScenarios,
  ...s3DefaultEncryptionScenarios,
  ...sseCScenarios,
  ...sseCMultipartScenarios,
  ...sseCCopyScenarios,
  ...presignScenarios,
  ...bucketPolicyScenarios,
  ...taggingScenarios,
  ...corsScenarios,
  ...publicAccessScenarios,
  ...bucketConfigurationScenarios,
  ...objectLockScenarios,
]
