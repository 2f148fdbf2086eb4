import {
  generateDataKeyPair,
  generateDataKeyPairWithoutPlaintext,
} from '../../../kms/operations/data-key-pairs.js'
import { defineKmsOperation } from '../define.js'
import { DATA_KEY_PAIR_SPECS } from '../../../kms/operations/data-key-pairs.js'
import type { Structure } from '../schema.js'
import { dryRun, encryptionContext, grantTokens, keyId } from './members.js'

// The model's KeyPairSpec enum also lists SM2 (China Regions only), which is not emulated.
const dataKeyPair = {
  EncryptionContext: encryptionContext,
  KeyId: keyId,
  KeyPairSpec: { type: 'string', required: true, enum: DATA_KEY_PAIR_SPECS },
  GrantTokens: grantTokens,
  DryRun: dryRun,
} satisfies Structure

export const dataKeyPairOperations = {
  GenerateDataKeyPair: defineKmsOperation({
    name: 'GenerateDataKeyPair',
    readOnly: true,
    run: generateDataKeyPair,
    members: dataKeyPair,
  }),
  GenerateDataKeyPairWithoutPlaintext: defineKmsOperation({
    name: 'GenerateDataKeyPairWithoutPlaintext',
    readOnly: true,
    run: generateDataKeyPairWithoutPlaintext,
    members: dataKeyPair,
  }),
}
