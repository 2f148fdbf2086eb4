import {
  decapsulate,
  deriveSharedSecret,
  encapsulate,
} from '../../../kms/operations/key-agreement.js'
import { getKeyLastUsage } from '../../../kms/operations/last-usage.js'
import { defineKmsOperation } from '../define.js'
import { dryRun, grantTokens, keyId } from './members.js'

const encapsulationAlgorithm = { type: 'string', required: true, enum: ['ML_KEM'] } as const

export const keyAgreementOperations = {
  DeriveSharedSecret: defineKmsOperation({
    name: 'DeriveSharedSecret',
    readOnly: true,
    run: deriveSharedSecret,
    members: {
      KeyId: keyId,
      KeyAgreementAlgorithm: { type: 'string', required: true, enum: ['ECDH'] },
      PublicKey: { type: 'blob', required: true, min: 1, max: 8192 },
      GrantTokens: grantTokens,
      DryRun: dryRun,
      Recipient: {
        type: 'structure',
        members: {
          KeyEncryptionAlgorithm: { type: 'string', enum: ['RSAES_OAEP_SHA_256'] },
          AttestationDocument: { type: 'blob', min: 1, max: 262144 },
        },
      },
    },
  }),
  Encapsulate: defineKmsOperation({
    name: 'Encapsulate',
    readOnly: true,
    run: encapsulate,
    members: {
      KeyId: keyId,
      EncapsulationAlgorithm: encapsulationAlgorithm,
      GrantTokens: grantTokens,
      DryRun: dryRun,
    },
  }),
  Decapsulate: defineKmsOperation({
    name: 'Decapsulate',
    readOnly: true,
    run: decapsulate,
    members: {
      KeyId: keyId,
      SharedSecretCiphertextBlob: { type: 'blob', required: true, min: 1, max: 6144 },
      EncapsulationAlgorithm: encapsulationAlgorithm,
      GrantTokens: grantTokens,
      DryRun: dryRun,
    },
  }),
  GetKeyLastUsage: defineKmsOperation({
    name: 'GetKeyLastUsage',
    readOnly: true,
    run: getKeyLastUsage,
    members: { KeyId: keyId },
  }),
}
