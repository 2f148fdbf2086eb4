import { KEY_SPECS, KEY_USAGES, ORIGINS } from '../../../kms/shapes.js'
import type { keyOperations } from '../../../kms/operations/keys.js'
import type { tagOperations } from '../../../kms/operations/tags.js'
import type { Structure } from '../schema.js'
import { keyId, grantTokens, limit, marker, tags } from './shared.js'

export const keyMembers: { readonly [K in keyof typeof keyOperations]: Structure } = {
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
}

export const tagMembers: { readonly [K in keyof typeof tagOperations]: Structure } = {
  TagResource: { KeyId: keyId, Tags: { ...tags, required: true } },
  UntagResource: {
    KeyId: keyId,
    TagKeys: { type: 'list', required: true, of: { type: 'string', min: 1, max: 128 } },
  },
  ListResourceTags: { KeyId: keyId, Limit: limit, Marker: marker },
}
