/**
 * Operations that only read (CloudTrail's `readOnly`). Its own module so the audit log can
 * tell without loading the operations themselves (they load on the first KMS call).
 */
export const kmsReadOnly: ReadonlySet<string> = new Set([
  'DescribeKey',
  'ListKeys',
  'ListResourceTags',
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateRandom',
  'ReEncrypt',
  'Sign',
  'Verify',
  'GenerateMac',
  'VerifyMac',
  'GetPublicKey',
  'GetKeyPolicy',
  'ListKeyPolicies',
  'GetKeyRotationStatus',
  'ListKeyRotations',
  'ListAliases',
  'ListGrants',
  'ListRetirableGrants',
])
