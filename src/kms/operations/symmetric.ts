import type { KmsContext } from '../context.js'
import { InvalidKeyUsageException, ValidationException } from '../errors.js'
import { assertUsableFor, isSymmetric, type KmsKey } from '../key.js'
import { resolveKey } from '../key-id.js'
import type { EncryptionAlgorithmSpec, EncryptionContextType } from '../shapes.js'
import { openSymmetric, sealSymmetric } from '../symmetric-cipher.js'
import { unlessDryRun } from './table.js'

export interface EncryptRequest {
  KeyId: string
  Plaintext: Uint8Array
  EncryptionContext?: EncryptionContextType
  GrantTokens?: string[]
  EncryptionAlgorithm?: EncryptionAlgorithmSpec
  DryRun?: boolean
}
export interface EncryptResponse {
  CiphertextBlob: Uint8Array
  KeyId: string
  EncryptionAlgorithm: EncryptionAlgorithmSpec
}

function noteKey(ctx: KmsContext, key: KmsKey): void {
  ctx.notes.resources.push({ ARN: key.arn, accountId: key.accountId, type: 'AWS::KMS::Key' })
}

/** Resolves and checks a key for a symmetric-only operation (GenerateDataKey and friends). */
export function symmetricKeyFor(ctx: KmsContext, keyId: string, operation: string): KmsKey {
  const key = resolveKey(ctx, keyId)
  noteKey(ctx, key)
  assertUsableFor(key, operation, 'ENCRYPT_DECRYPT')
  if (!isSymmetric(key)) throw InvalidKeyUsageException.wrongSpec(key.arn, key.keySpec, operation)
  return key
}

export function encrypt(input: EncryptRequest, ctx: KmsContext): EncryptResponse {
  const key = resolveKey(ctx, input.KeyId)
  noteKey(ctx, key)
  assertUsableFor(key, 'Encrypt', 'ENCRYPT_DECRYPT')
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  if (!isSymmetric(key) || algorithm !== 'SYMMETRIC_DEFAULT') {
    if (algorithm === 'SYMMETRIC_DEFAULT' || isSymmetric(key)) {
      throw new InvalidKeyUsageException(
        `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`,
      )
    }
  }
  const { blob } = sealSymmetric(ctx, key, input.Plaintext, input.EncryptionContext)
  return unlessDryRun(input, {
    CiphertextBlob: blob,
    KeyId: key.arn,
    EncryptionAlgorithm: algorithm,
  })
}

export interface DecryptRequest {
  CiphertextBlob: Uint8Array
  EncryptionContext?: EncryptionContextType
  GrantTokens?: string[]
  KeyId?: string
  EncryptionAlgorithm?: EncryptionAlgorithmSpec
  DryRun?: boolean
}
export interface DecryptResponse {
  KeyId: string
  Plaintext: Uint8Array
  EncryptionAlgorithm: EncryptionAlgorithmSpec
  KeyMaterialId: string
}

export function decrypt(input: DecryptRequest, ctx: KmsContext): DecryptResponse {
  const expected = input.KeyId === undefined ? undefined : resolveKey(ctx, input.KeyId)
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  if (expected !== undefined) noteKey(ctx, expected)
  const opened = openSymmetric(
    ctx,
    input.CiphertextBlob,
    input.EncryptionContext,
    'Decrypt',
    expected,
  )
  if (expected === undefined) noteKey(ctx, opened.key)
  return unlessDryRun(input, {
    KeyId: opened.key.arn,
    Plaintext: opened.plaintext,
    EncryptionAlgorithm: algorithm,
    KeyMaterialId: opened.materialId,
  })
}

export interface GenerateDataKeyRequest {
  KeyId: string
  EncryptionContext?: EncryptionContextType
  NumberOfBytes?: number
  KeySpec?: 'AES_256' | 'AES_128'
  GrantTokens?: string[]
  DryRun?: boolean
}
export interface GenerateDataKeyResponse {
  CiphertextBlob: Uint8Array
  Plaintext: Uint8Array
  KeyId: string
  KeyMaterialId: string
}

/**
 * Exactly one of KeySpec and NumberOfBytes (reference §4). AWS's text for this case is not
 * captured; moto's is used (open question 8 in reference §6).
 */
export function dataKeyLength(
  input: Pick<GenerateDataKeyRequest, 'KeySpec' | 'NumberOfBytes'>,
): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw new ValidationException('Please specify either number of bytes or key spec.')
  }
  if (input.KeySpec !== undefined) return input.KeySpec === 'AES_128' ? 16 : 32
  return input.NumberOfBytes ?? 32
}

export function generateDataKey(
  input: GenerateDataKeyRequest,
  ctx: KmsContext,
): GenerateDataKeyResponse {
  const length = dataKeyLength(input)
  const key = symmetricKeyFor(ctx, input.KeyId, 'GenerateDataKey')
  const plaintext = ctx.random.bytes(length)
  const { blob, materialId } = sealSymmetric(ctx, key, plaintext, input.EncryptionContext)
  ctx.notes.additionalEventData = { keyMaterialId: materialId }
  return unlessDryRun(input, {
    CiphertextBlob: blob,
    Plaintext: plaintext,
    KeyId: key.arn,
    KeyMaterialId: materialId,
  })
}

export const symmetricOperations = {
  Encrypt: encrypt,
  Decrypt: decrypt,
  GenerateDataKey: generateDataKey,
}
