import { getPublicKey, signMessage, verifySignature } from '../../../kms/operations/asymmetric.js'
import { defineKmsOperation } from '../define.js'
import { SIGNING_ALGORITHMS } from '../../../kms/shapes.js'
import { dryRun, grantTokens, keyId } from './members.js'

const message = { type: 'blob', required: true, min: 1, max: 4096 } as const
const messageType = { type: 'string', enum: ['RAW', 'DIGEST', 'EXTERNAL_MU'] } as const
const signingAlgorithm = { type: 'string', required: true, enum: SIGNING_ALGORITHMS } as const

export const asymmetricOperations = {
  Sign: defineKmsOperation({
    name: 'Sign',
    readOnly: true,
    run: signMessage,
    members: {
      KeyId: keyId,
      Message: message,
      MessageType: messageType,
      GrantTokens: grantTokens,
      SigningAlgorithm: signingAlgorithm,
      DryRun: dryRun,
    },
  }),
  Verify: defineKmsOperation({
    name: 'Verify',
    readOnly: true,
    run: verifySignature,
    members: {
      KeyId: keyId,
      Message: message,
      MessageType: messageType,
      Signature: { type: 'blob', required: true, min: 1, max: 6144 },
      SigningAlgorithm: signingAlgorithm,
      GrantTokens: grantTokens,
      DryRun: dryRun,
    },
  }),
  GetPublicKey: defineKmsOperation({
    name: 'GetPublicKey',
    readOnly: true,
    run: getPublicKey,
    members: { KeyId: keyId, GrantTokens: grantTokens },
  }),
}
