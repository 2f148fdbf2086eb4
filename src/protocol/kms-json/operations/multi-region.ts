import { replicateKey, updatePrimaryRegion } from '../../../kms/operations/multi-region.js'
import { defineKmsOperation } from '../define.js'
import { keyId, tags } from './members.js'

const region = { type: 'string', required: true, min: 1, max: 32 } as const

export const multiRegionOperations = {
  ReplicateKey: defineKmsOperation({
    name: 'ReplicateKey',
    readOnly: false,
    run: replicateKey,
    members: {
      KeyId: keyId,
      ReplicaRegion: region,
      Policy: { type: 'string', min: 1, max: 131072 },
      BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
      Description: { type: 'string', min: 0, max: 8192 },
      Tags: tags,
    },
  }),
  UpdatePrimaryRegion: defineKmsOperation({
    name: 'UpdatePrimaryRegion',
    readOnly: false,
    run: updatePrimaryRegion,
    members: { KeyId: keyId, PrimaryRegion: region },
  }),
}
