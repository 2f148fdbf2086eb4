import {
  disableKeyRotation,
  enableKeyRotation,
  getKeyRotationStatus,
  listKeyRotations,
  rotateKeyOnDemand,
} from '../../../kms/operations/rotation.js'
import { defineKmsOperation } from '../define.js'
import { keyId, limit, marker } from './members.js'

export const rotationOperations = {
  EnableKeyRotation: defineKmsOperation({
    name: 'EnableKeyRotation',
    readOnly: false,
    run: enableKeyRotation,
    members: {
      KeyId: keyId,
      // RotationPeriodInDaysType (kms/2014-11-01).
      RotationPeriodInDays: { type: 'integer', min: 90, max: 2560 },
    },
  }),
  DisableKeyRotation: defineKmsOperation({
    name: 'DisableKeyRotation',
    readOnly: false,
    run: disableKeyRotation,
    members: { KeyId: keyId },
  }),
  GetKeyRotationStatus: defineKmsOperation({
    name: 'GetKeyRotationStatus',
    readOnly: true,
    run: getKeyRotationStatus,
    members: { KeyId: keyId },
  }),
  RotateKeyOnDemand: defineKmsOperation({
    name: 'RotateKeyOnDemand',
    readOnly: false,
    run: rotateKeyOnDemand,
    members: { KeyId: keyId },
  }),
  ListKeyRotations: defineKmsOperation({
    name: 'ListKeyRotations',
    readOnly: true,
    run: listKeyRotations,
    members: {
      KeyId: keyId,
      IncludeKeyMaterial: { type: 'string', enum: ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] },
      Limit: limit,
      Marker: marker,
    },
  }),
}
