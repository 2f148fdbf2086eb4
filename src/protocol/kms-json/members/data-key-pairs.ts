import {
  DATA_KEY_PAIR_SPECS,
  type dataKeyPairOperations,
} from '../../../kms/operations/data-key-pairs.js'
import type { Structure } from '../schema.js'
import { dryRun, encryptionContext, grantTokens, keyId } from './shared.js'

// The model's KeyPairSpec enum also lists SM2 (China Regions only), which is not emulated.
const dataKeyPair: Structure = {
  EncryptionContext: encryptionContext,
  KeyId: keyId,
  KeyPairSpec: { type: 'string', required: true, enum: DATA_KEY_PAIR_SPECS },
  GrantTokens: grantTokens,
  DryRun: dryRun,
}

export const dataKeyPairMembers: {
  readonly [K in keyof typeof dataKeyPairOperations]: Structure
} = {
  GenerateDataKeyPair: dataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: dataKeyPair,
}
