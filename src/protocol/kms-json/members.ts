import type { KmsOperationName } from '../../kms/operations/index.js'
import { ENCRYPTION_ALGORITHMS, KEY_SPECS, KEY_USAGES, ORIGINS } from '../../kms/shapes.js'
import type { Member, Structure } from './schema.js'

// Members shared by many operations, with the service model's constraints (kms/2014-11-01).
export const keyId = { type: 'string', required: true, min: 1, max: 2048 } as const satisfies Member
export const optionalKeyId = { type: 'string', min: 1, max: 2048 } as const satisfies Member
export const grantTokens = {
  type: 'list',
  of: { type: 'string', min: 1, max: 8192 },
  max: 10,
} as const satisfies Member
export const encryptionContext = { type: 'map' } as const satisfies Member
export const dryRun = { type: 'boolean' } as const satisfies Member
export const encryptionAlgorithm = {
  type: 'string',
  enum: ENCRYPTION_ALGORITHMS,
} as const satisfies Member
export const limit = { type: 'integer', min: 1, max: 1000 } as const satisfies Member
export const marker = { type: 'string', min: 1, max: 1024 } as const satisfies Member
export const tags = {
  type: 'list',
  of: {
    type: 'structure',
    members: {
      TagKey: { type: 'string', required: true, min: 1, max: 128 },
      TagValue: { type: 'string', required: true, min: 0, max: 256 },
    },
  },
} as const satisfies Member
export const ciphertextBlob = {
  type: 'blob',
  required: true,
  min: 1,
  max: 6144,
} as const satisfies Member
export const plaintext = {
  type: 'blob',
  required: true,
  min: 1,
  max: 4096,
} as const satisfies Member

/**
 * The request shape of every implemented operation. Typed over the operation table's keys, so
 * adding an operation without its members (or the reverse) is a compile error (DESIGN §3).
 */
export const kmsMembers: { readonly [K in KmsOperationName]: Structure } = {
  CreateKey: {
    Policy: { type: 'string', min: 1, max: 131072 },
    Description: { type: 'string', min: 0, max: 8192 },
    KeyUsage: { type: 'string', enum: KEY_USAGES },
    CustomerMasterKeySpec: { type: 'string', enum: KEY_SPECS },
    KeySpec: { type: 'string', enum: KEY_SPECS },
    Origin: { type: 'string', enum: ORIGINS },
    CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
    BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
    Tags: tags,
    MultiRegion: { type: 'boolean' },
    XksKeyId: { type: 'string', min: 1, max: 128 },
  },
  DescribeKey: { KeyId: keyId, GrantTokens: grantTokens },
  ListKeys: { Limit: limit, Marker: marker },
  EnableKey: { KeyId: keyId },
  DisableKey: { KeyId: keyId },
  ScheduleKeyDeletion: { KeyId: keyId, PendingWindowInDays: { type: 'integer', min: 1, max: 365 } },
  CancelKeyDeletion: { KeyId: keyId },
  UpdateKeyDescription: {
    KeyId: keyId,
    Description: { type: 'string', required: true, min: 0, max: 8192 },
  },
  TagResource: { KeyId: keyId, Tags: { ...tags, required: true } },
  UntagResource: {
    KeyId: keyId,
    TagKeys: { type: 'list', required: true, of: { type: 'string', min: 1, max: 128 } },
  },
  ListResourceTags: { KeyId: keyId, Limit: limit, Marker: marker },
  Encrypt: {
    KeyId: keyId,
    Plaintext: plaintext,
    EncryptionContext: encryptionContext,
    GrantTokens: grantTokens,
    EncryptionAlgorithm: encryptionAlgorithm,
    DryRun: dryRun,
  },
  Decrypt: {
    CiphertextBlob: ciphertextBlob,
    EncryptionContext: encryptionContext,
    GrantTokens: grantTokens,
    KeyId: optionalKeyId,
    EncryptionAlgorithm: encryptionAlgorithm,
    DryRun: dryRun,
  },
  GenerateDataKey: {
    KeyId: keyId,
    EncryptionContext: encryptionContext,
    NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
    KeySpec: { type: 'string', enum: ['AES_256', 'AES_128'] },
    GrantTokens: grantTokens,
    DryRun: dryRun,
  },
}
