import { generateKeyPairFor } from '../asymmetric-keys.js'
import type { KmsContext } from '../context.js'
import type { EncryptionContextType } from '../shapes.js'
import { sealSymmetric } from '../symmetric-cipher.js'
import { symmetricKeyFor } from './symmetric.js'
import { unlessDryRun } from './table.js'

export const DATA_KEY_PAIR_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
] as const
export type DataKeyPairSpec = (typeof DATA_KEY_PAIR_SPECS)[number]

export interface GenerateDataKeyPairRequest {
  EncryptionContext?: EncryptionContextType
  KeyId: string
  KeyPairSpec: DataKeyPairSpec
  GrantTokens?: string[]
  DryRun?: boolean
}
export interface GenerateDataKeyPairResponse {
  PrivateKeyCiphertextBlob: Uint8Array
  PrivateKeyPlaintext: Uint8Array
  PublicKey: Uint8Array
  KeyId: string
  KeyPairSpec: DataKeyPairSpec
  KeyMaterialId: string
}
export type GenerateDataKeyPairWithoutPlaintextResponse = Omit<
  GenerateDataKeyPairResponse,
  'PrivateKeyPlaintext'
>

/**
 * A fresh key pair for use outside KMS: the private key (PKCS#8 DER) is returned encrypted under a
 * symmetric KMS key with the context bound as AAD, so `Decrypt` recovers it later; the public key
 * is SPKI DER. Like GenerateDataKey, the KMS key must be a symmetric encryption key. The pair
 * comes from the world's Random, so seeded worlds repeat it.
 */
function newDataKeyPair(
  input: GenerateDataKeyPairRequest,
  ctx: KmsContext,
  operation: string,
): GenerateDataKeyPairResponse {
  const key = symmetricKeyFor(ctx, input.KeyId, operation)
  // Everything is checked: answer a dry run before spending up to a second on an RSA key.
  unlessDryRun(input, undefined)
  const pair = generateKeyPairFor(input.KeyPairSpec, ctx.random)
  const privateKey = pair.privateKeyPkcs8.reveal()
  const { blob, materialId } = sealSymmetric(ctx, key, privateKey, input.EncryptionContext)
  ctx.notes.additionalEventData = { keyMaterialId: materialId }
  return {
    PrivateKeyCiphertextBlob: blob,
    PrivateKeyPlaintext: privateKey,
    PublicKey: pair.publicKeySpki,
    KeyId: key.arn,
    KeyPairSpec: input.KeyPairSpec,
    KeyMaterialId: materialId,
  }
}

export function generateDataKeyPair(
  input: GenerateDataKeyPairRequest,
  ctx: KmsContext,
): GenerateDataKeyPairResponse {
  return newDataKeyPair(input, ctx, 'GenerateDataKeyPair')
}

export function generateDataKeyPairWithoutPlaintext(
  input: GenerateDataKeyPairRequest,
  ctx: KmsContext,
): GenerateDataKeyPairWithoutPlaintextResponse {
  const { PrivateKeyPlaintext: _plaintext, ...rest } = newDataKeyPair(
    input,
    ctx,
    'GenerateDataKeyPairWithoutPlaintext',
  )
  return rest
}
