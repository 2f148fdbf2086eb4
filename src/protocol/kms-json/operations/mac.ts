import { generateMac, verifyMac } from '../../../kms/operations/mac.js'
import { defineKmsOperation } from '../define.js'
import { MAC_ALGORITHMS } from '../../../kms/shapes.js'
import { dryRun, grantTokens, keyId } from './members.js'

const message = { type: 'blob', required: true, min: 1, max: 4096 } as const
const macAlgorithm = { type: 'string', required: true, enum: MAC_ALGORITHMS } as const

export const macOperations = {
  GenerateMac: defineKmsOperation({
    name: 'GenerateMac',
    readOnly: true,
    run: generateMac,
    members: {
      Message: message,
      KeyId: keyId,
      MacAlgorithm: macAlgorithm,
      GrantTokens: grantTokens,
      DryRun: dryRun,
    },
  }),
  VerifyMac: defineKmsOperation({
    name: 'VerifyMac',
    readOnly: true,
    run: verifyMac,
    members: {
      Message: message,
      KeyId: keyId,
      MacAlgorithm: macAlgorithm,
      Mac: { type: 'blob', required: true, min: 1, max: 6144 },
      GrantTokens: grantTokens,
      DryRun: dryRun,
    },
  }),
}
