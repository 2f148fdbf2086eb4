import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  enableKey,
  listKeys,
  scheduleKeyDeletion,
  updateKeyDescription,
} from './keys.js'
import { decrypt, encrypt, generateDataKey } from './symmetric.js'
import { listResourceTags, tagResource, untagResource } from './tags.js'

/**
 * Every KMS operation the mock implements. The JSON protocol's member table is typed over the
 * same keys, so an operation without a decoder (or the reverse) does not compile.
 */
export const kmsOperations = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  EnableKey: enableKey,
  DisableKey: disableKey,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
  UpdateKeyDescription: updateKeyDescription,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
  Encrypt: encrypt,
  Decrypt: decrypt,
  GenerateDataKey: generateDataKey,
}

export type KmsOperationName = keyof typeof kmsOperations

/** Input and output shape of every operation, derived from the implementations. */
export type KmsShapes = {
  [K in KmsOperationName]: {
    input: Parameters<(typeof kmsOperations)[K]>[0]
    output: Awaited<ReturnType<(typeof kmsOperations)[K]>>
  }
}

/** Operations that only read (CloudTrail's `readOnly`). */
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
