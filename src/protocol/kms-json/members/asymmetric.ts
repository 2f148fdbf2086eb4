import type { asymmetricOperations } from '../../../kms/operations/asymmetric.js'
import { SIGNING_ALGORITHMS } from '../../../kms/shapes.js'
import type { Structure } from '../schema.js'
import { dryRun, grantTokens, keyId } from './shared.js'

const message = { type: 'blob', required: true, min: 1, max: 4096 } as const
const messageType = { type: 'string', enum: ['RAW', 'DIGEST', 'EXTERNAL_MU'] } as const
const signingAlgorithm = { type: 'string', required: true, enum: SIGNING_ALGORITHMS } as const

export const asymmetricMembers: { readonly [K in keyof typeof asymmetricOperations]: Structure } = {
  Sign: {
    KeyId: keyId,
    Message: message,
    MessageType: messageType,
    GrantTokens: grantTokens,
    SigningAlgorithm: signingAlgorithm,
    DryRun: dryRun,
  },
  Verify: {
    KeyId: keyId,
    Message: message,
    MessageType: messageType,
    Signature: { type: 'blob', required: true, min: 1, max: 6144 },
    SigningAlgorithm: signingAlgorithm,
    GrantTokens: grantTokens,
    DryRun: dryRun,
  },
  GetPublicKey: { KeyId: keyId, GrantTokens: grantTokens },
}
