import type { rotationOperations } from '../../../kms/operations/rotation.js'
import type { Structure } from '../schema.js'
import { keyId, limit, marker } from './shared.js'

export const rotationMembers: { readonly [K in keyof typeof rotationOperations]: Structure } = {
  EnableKeyRotation: {
    KeyId: keyId,
    // RotationPeriodInDaysType (kms/2014-11-01).
    RotationPeriodInDays: { type: 'integer', min: 90, max: 2560 },
  },
  DisableKeyRotation: { KeyId: keyId },
  GetKeyRotationStatus: { KeyId: keyId },
  RotateKeyOnDemand: { KeyId: keyId },
  ListKeyRotations: {
    KeyId: keyId,
    IncludeKeyMaterial: { type: 'string', enum: ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] },
    Limit: limit,
    Marker: marker,
  },
}
