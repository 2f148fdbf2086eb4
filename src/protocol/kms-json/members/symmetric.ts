import type { symmetricOperations } from '../../../kms/operations/symmetric.js'
import type { Structure } from '../schema.js'
import {
  ciphertextBlob,
  dryRun,
  encryptionAlgorithm,
  encryptionContext,
  grantTokens,
  keyId,
  optionalKeyId,
  plaintext,
} from './shared.js'

export const symmetricMembers: { readonly [K in keyof typeof symmetricOperations]: Structure } = {
  Encrypt: {
    KeyId: keyId,
    Plaintext: plaintext,
    EncryptionContext: encryptionContext,
    GrantTokens: grantTokens,
    EncryptionAlgorithm: encryptionAlgorithm,
    DryRun: dryRun,
  },
  Decrypt: {
    CiphertextBlob: ciphertextBlob,
    EncryptionContext: encryptionContext,
    GrantTokens: grantTokens,
    KeyId: optionalKeyId,
    EncryptionAlgorithm: encryptionAlgorithm,
    DryRun: dryRun,
  },
  GenerateDataKey: {
    KeyId: keyId,
    EncryptionContext: encryptionContext,
    NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
    KeySpec: { type: 'string', enum: ['AES_256', 'AES_128'] },
    GrantTokens: grantTokens,
    DryRun: dryRun,
  },
}
