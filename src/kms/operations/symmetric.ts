import type { KmsContext } from '../context.js'
import { decryptWith, encryptWith } from '../encryption.js'
import { InvalidKeyUsageException, ValidationException } from '../errors.js'
import { assertUsableFor, isSymmetric, type KmsKey } from '../key.js'
import { resolveKey } from '../key-id.js'
import type { EncryptionAlgorithmSpec, EncryptionContextType } from '../shapes.js'
import { assertRandomSource } from '../custom-key-store.js'
import { sealSymmetric } from '../symmetric-cipher.js'
import { noteKey } from './common.js'
import { unlessDryRun } from './table.js'

/**
 * Resolves and checks a key for a symmetric-only operation (GenerateDataKey and friends). HMAC
 * and asymmetric signing keys fail on usage with AWS's captured pattern; an RSA ENCRYPT_DECRYPT
 * key has the right usage but the wrong spec, for which AWS's text is not captured.
 */
export function symmetricKeyFor(ctx: KmsContext, keyId: string, operation: string): KmsKey {
  const key = resolveKey(ctx, keyId)
  noteKey(ctx, key)
  assertUsableFor(key, operation, 'ENCRYPT_DECRYPT')
  if (!isSymmetric(key)) throw InvalidKeyUsageException.wrongSpec(key.arn, key.keySpec, operation)
  return key
}

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

export function encrypt(input: EncryptRequest, ctx: KmsContext): EncryptResponse {
  const key = resolveKey(ctx, input.KeyId)
  noteKey(ctx, key)
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  const { blob } = encryptWith(
    ctx,
    key,
    input.Plaintext,
    input.EncryptionContext,
    algorithm,
    'Encrypt',
  )
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
  /** Symmetric keys only. */
  KeyMaterialId?: string
}

export function decrypt(input: DecryptRequest, ctx: KmsContext): DecryptResponse {
  const expected = input.KeyId === undefined ? undefined : resolveKey(ctx, input.KeyId)
  if (expected !== undefined) noteKey(ctx, expected)
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  const opened = decryptWith(
    ctx,
    input.CiphertextBlob,
    input.EncryptionContext,
    expected,
    algorithm,
    'Decrypt',
  )
  if (expected === undefined) noteKey(ctx, opened.key)
  return unlessDryRun(input, {
    KeyId: opened.key.arn,
    Plaintext: opened.plaintext,
    EncryptionAlgorithm: algorithm,
    ...(opened.materialId === undefined ? {} : { KeyMaterialId: opened.materialId }),
  })
}

export interface ReEncryptRequest {
  CiphertextBlob: Uint8Array
  SourceEncryptionContext?: EncryptionContextType
  SourceKeyId?: string
  DestinationKeyId: string
  DestinationEncryptionContext?: EncryptionContextType
  SourceEncryptionAlgorithm?: EncryptionAlgorithmSpec
  DestinationEncryptionAlgorithm?: EncryptionAlgorithmSpec
  GrantTokens?: string[]
  DryRun?: boolean
}
export interface ReEncryptResponse {
  CiphertextBlob: Uint8Array
  SourceKeyId: string
  KeyId: string
  SourceEncryptionAlgorithm: EncryptionAlgorithmSpec
  DestinationEncryptionAlgorithm: EncryptionAlgorithmSpec
  SourceKeyMaterialId?: string
  DestinationKeyMaterialId?: string
}

/**
 * Decrypts under the source key and encrypts under the destination key without the plaintext
 * leaving KMS. The source is opened exactly as Decrypt would (SourceKeyId naming another key →
 * IncorrectKeyException), the destination sealed exactly as Encrypt would.
 */
export function reEncrypt(input: ReEncryptRequest, ctx: KmsContext): ReEncryptResponse {
  const expected = input.SourceKeyId === undefined ? undefined : resolveKey(ctx, input.SourceKeyId)
  if (expected !== undefined) noteKey(ctx, expected)
  const sourceAlgorithm = input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  const destinationAlgorithm = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  const source = decryptWith(
    ctx,
    input.CiphertextBlob,
    input.SourceEncryptionContext,
    expected,
    sourceAlgorithm,
    'ReEncrypt',
  )
  if (expected === undefined) noteKey(ctx, source.key)
  const destination = resolveKey(ctx, input.DestinationKeyId)
  noteKey(ctx, destination)
  const sealed = encryptWith(
    ctx,
    destination,
    source.plaintext,
    input.DestinationEncryptionContext,
    destinationAlgorithm,
    'ReEncrypt',
  )
  return unlessDryRun(input, {
    CiphertextBlob: sealed.blob,
    SourceKeyId: source.key.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: sourceAlgorithm,
    DestinationEncryptionAlgorithm: destinationAlgorithm,
    ...(source.materialId === undefined ? {} : { SourceKeyMaterialId: source.materialId }),
    ...(sealed.materialId === undefined ? {} : { DestinationKeyMaterialId: sealed.materialId }),
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

function newDataKey(
  input: GenerateDataKeyRequest,
  ctx: KmsContext,
  operation: string,
): GenerateDataKeyResponse {
  const length = dataKeyLength(input)
  const key = symmetricKeyFor(ctx, input.KeyId, operation)
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

export function generateDataKey(
  input: GenerateDataKeyRequest,
  ctx: KmsContext,
): GenerateDataKeyResponse {
  return newDataKey(input, ctx, 'GenerateDataKey')
}

export type GenerateDataKeyWithoutPlaintextResponse = Omit<GenerateDataKeyResponse, 'Plaintext'>

/** The same data key, returned only encrypted: the plaintext never leaves this function. */
export function generateDataKeyWithoutPlaintext(
  input: GenerateDataKeyRequest,
  ctx: KmsContext,
): GenerateDataKeyWithoutPlaintextResponse {
  const { Plaintext: _plaintext, ...rest } = newDataKey(
    input,
    ctx,
    'GenerateDataKeyWithoutPlaintext',
  )
  return rest
}

export interface GenerateRandomRequest {
  NumberOfBytes?: number
  CustomKeyStoreId?: string
}
export interface GenerateRandomResponse {
  Plaintext: Uint8Array
}

/**
 * Random bytes from the world's Random (seeded worlds repeat them). The 1–1024 bounds are checked
 * by the protocol with AWS's captured texts; a missing NumberOfBytes is AWS's own check
 * ([AWS-cap] test_generate_random_invalid_number_of_bytes).
 */
export function generateRandom(
  input: GenerateRandomRequest,
  ctx: KmsContext,
): GenerateRandomResponse {
  if (input.NumberOfBytes === undefined) throw new ValidationException('NumberOfBytes is required.')
  // A CloudHSM key store's random numbers come from its cluster; the mock has none, so the
  // world's Random answers once the store is checked (docs/fidelity.md).
  if (input.CustomKeyStoreId !== undefined) assertRandomSource(ctx, input.CustomKeyStoreId)
  return { Plaintext: ctx.random.bytes(input.NumberOfBytes) }
}
