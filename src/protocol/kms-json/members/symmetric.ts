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

const dataKey: Structure = {
  KeyId: keyId,
  EncryptionContext: encryptionContext,
  NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
  KeySpec: { type: 'string', enum: ['AES_256', 'AES_128'] },
  GrantTokens: grantTokens,
  DryRun: dryRun,
}

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
  ReEncrypt: {
    CiphertextBlob: ciphertextBlob,
    SourceEncryptionContext: encryptionContext,
    SourceKeyId: optionalKeyId,
    DestinationKeyId: keyId,
    DestinationEncryptionContext: encryptionContext,
    SourceEncryptionAlgorithm: encryptionAlgorithm,
    DestinationEncryptionAlgorithm: encryptionAlgorithm,
    GrantTokens: grantTokens,
    DryRun: dryRun,
  },
  GenerateDataKey: dataKey,
  GenerateDataKeyWithoutPlaintext: dataKey,
  // NumberOfBytes is optional in the model; its absence is the operation's own check, with
  // AWS's `NumberOfBytes is required.`, while the bounds are model constraints.
  GenerateRandom: {
    NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
    CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
  },
}
