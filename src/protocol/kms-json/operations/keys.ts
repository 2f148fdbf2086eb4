import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  enableKey,
  listKeys,
  scheduleKeyDeletion,
  updateKeyDescription,
} from '../../../kms/operations/keys.js'
import { defineKmsOperation } from '../define.js'
import { KEY_SPECS, KEY_USAGES, ORIGINS } from '../../../kms/shapes.js'
import { keyId, grantTokens, limit, marker, tags } from './members.js'

/** The model's KeySpec values the domain answers: the emulated specs, and SM2 (China Regions). */
const CREATE_KEY_SPECS = [...KEY_SPECS, 'SM2'] as const

export const keyOperations = {
  CreateKey: defineKmsOperation({
    name: 'CreateKey',
    readOnly: false,
    run: createKey,
    members: {
      Policy: { type: 'string', min: 1, max: 131072 },
      Description: { type: 'string', min: 0, max: 8192 },
      KeyUsage: { type: 'string', enum: KEY_USAGES },
      CustomerMasterKeySpec: { type: 'string', enum: CREATE_KEY_SPECS },
      KeySpec: { type: 'string', enum: CREATE_KEY_SPECS },
      Origin: { type: 'string', enum: ORIGINS },
      CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
      BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
      Tags: tags,
      MultiRegion: { type: 'boolean' },
      XksKeyId: { type: 'string', min: 1, max: 128 },
    },
  }),
  DescribeKey: defineKmsOperation({
    name: 'DescribeKey',
    readOnly: true,
    run: describeKey,
    members: { KeyId: keyId, GrantTokens: grantTokens },
  }),
  ListKeys: defineKmsOperation({
    name: 'ListKeys',
    readOnly: true,
    run: listKeys,
    members: { Limit: limit, Marker: marker },
  }),
  EnableKey: defineKmsOperation({
    name: 'EnableKey',
    readOnly: false,
    run: enableKey,
    members: { KeyId: keyId },
  }),
  DisableKey: defineKmsOperation({
    name: 'DisableKey',
    readOnly: false,
    run: disableKey,
    members: { KeyId: keyId },
  }),
  ScheduleKeyDeletion: defineKmsOperation({
    name: 'ScheduleKeyDeletion',
    readOnly: false,
    run: scheduleKeyDeletion,
    members: { KeyId: keyId, PendingWindowInDays: { type: 'integer', min: 1, max: 365 } },
  }),
  CancelKeyDeletion: defineKmsOperation({
    name: 'CancelKeyDeletion',
    readOnly: false,
    run: cancelKeyDeletion,
    members: { KeyId: keyId },
  }),
  UpdateKeyDescription: defineKmsOperation({
    name: 'UpdateKeyDescription',
    readOnly: false,
    run: updateKeyDescription,
    members: {
      KeyId: keyId,
      Description: { type: 'string', required: true, min: 0, max: 8192 },
    },
  }),
}
