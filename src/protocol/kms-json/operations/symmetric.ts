import {
  decrypt,
  encrypt,
  generateDataKey,
  generateDataKeyWithoutPlaintext,
  generateRandom,
  reEncrypt,
} from '../../../kms/operations/symmetric.js'
import { defineKmsOperation } from '../define.js'
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
} from './members.js'

const dataKey = {
  KeyId: keyId,
  EncryptionContext: encryptionContext,
  NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
  KeySpec: { type: 'string', enum: ['AES_256', 'AES_128'] },
  GrantTokens: grantTokens,
  DryRun: dryRun,
} satisfies Structure

export const symmetricOperations = {
  Encrypt: defineKmsOperation({
    name: 'Encrypt',
    readOnly: true,
    run: encrypt,
    members: {
      KeyId: keyId,
      Plaintext: plaintext,
      EncryptionContext: encryptionContext,
      GrantTokens: grantTokens,
      EncryptionAlgorithm: encryptionAlgorithm,
      DryRun: dryRun,
    },
  }),
  Decrypt: defineKmsOperation({
    name: 'Decrypt',
    readOnly: true,
    run: decrypt,
    members: {
      CiphertextBlob: ciphertextBlob,
      EncryptionContext: encryptionContext,
      GrantTokens: grantTokens,
      KeyId: optionalKeyId,
      EncryptionAlgorithm: encryptionAlgorithm,
      DryRun: dryRun,
    },
  }),
  ReEncrypt: defineKmsOperation({
    name: 'ReEncrypt',
    readOnly: true,
    run: reEncrypt,
    members: {
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
  }),
  GenerateDataKey: defineKmsOperation({
    name: 'GenerateDataKey',
    readOnly: true,
    run: generateDataKey,
    members: dataKey,
  }),
  GenerateDataKeyWithoutPlaintext: defineKmsOperation({
    name: 'GenerateDataKeyWithoutPlaintext',
    readOnly: true,
    run: generateDataKeyWithoutPlaintext,
    members: dataKey,
  }),
  // NumberOfBytes is optional in the model; its absence is the operation's own check, with
  // AWS's `NumberOfBytes is required.`, while the bounds are model constraints.
  GenerateRandom: defineKmsOperation({
    name: 'GenerateRandom',
    readOnly: true,
    run: generateRandom,
    members: {
      NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
      CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
    },
  }),
}
