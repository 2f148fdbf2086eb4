import { ENCRYPTION_ALGORITHMS } from '../../../kms/shapes.js'
import type { Member } from '../schema.js'

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
