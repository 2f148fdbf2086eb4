import type { macOperations } from '../../../kms/operations/mac.js'
import { MAC_ALGORITHMS } from '../../../kms/shapes.js'
import type { Structure } from '../schema.js'
import { dryRun, grantTokens, keyId } from './shared.js'

const message = { type: 'blob', required: true, min: 1, max: 4096 } as const
const macAlgorithm = { type: 'string', required: true, enum: MAC_ALGORITHMS } as const

export const macMembers: { readonly [K in keyof typeof macOperations]: Structure } = {
  GenerateMac: {
    Message: message,
    KeyId: keyId,
    MacAlgorithm: macAlgorithm,
    GrantTokens: grantTokens,
    DryRun: dryRun,
  },
  VerifyMac: {
    Message: message,
    KeyId: keyId,
    MacAlgorithm: macAlgorithm,
    Mac: { type: 'blob', required: true, min: 1, max: 6144 },
    GrantTokens: grantTokens,
    DryRun: dryRun,
  },
}
