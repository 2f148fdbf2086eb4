import { AES_GCM_IV_BYTES, open, seal } from '../crypto/aead.js'
import { canonicalEncryptionContext, type EncryptionContext } from '../crypto/encryption-context.js'
import { blobHeader, decodeBlob, encodeBlob } from './ciphertext-blob.js'
import type { KmsContext } from './context.js'
import {
  AccessDeniedException,
  IncorrectKeyException,
  InvalidCiphertextException,
} from './errors.js'
import { assertUsableFor, type KmsKey } from './key.js'
import { lookupLiveKey } from './key-id.js'

function aad(header: Uint8Array, context: EncryptionContext | undefined): Uint8Array {
  return Buffer.concat([header, canonicalEncryptionContext(context)])
}

/**
 * Encrypts under the key's current material with the encryption context as authenticated data
 * (SPEC §3). The caller has checked the key's state and usage.
 */
export function sealSymmetric(
  ctx: KmsContext,
  key: KmsKey,
  plaintext: Uint8Array,
  context: EncryptionContext | undefined,
): { blob: Uint8Array; materialId: string } {
  const material = key.materials.find((m) => m.id === key.currentMaterialId)
  if (material?.secret === undefined) throw new Error(`key ${key.id} has no current material`)
  const header = blobHeader(key.id, material.id)
  const iv = ctx.random.bytes(AES_GCM_IV_BYTES)
  const { ciphertext, tag } = seal(material.secret.reveal(), iv, plaintext, aad(header, context))
  return { blob: encodeBlob(header, iv, tag, ciphertext), materialId: material.id }
}

export interface Opened {
  key: KmsKey
  plaintext: Uint8Array
  materialId: string
}

/**
 * Decrypts a symmetric blob. The blob names its key; when the caller also names one and it is a
 * different key, AWS answers `IncorrectKeyException`. A wrong context, tampering or a foreign blob
 * all answer `InvalidCiphertextException` with an empty message (reference §3).
 */
export function openSymmetric(
  ctx: KmsContext,
  blob: Uint8Array,
  context: EncryptionContext | undefined,
  operation: string,
  expectedKey?: KmsKey,
): Opened {
  const parsed = decodeBlob(blob)
  if (parsed === undefined) throw new InvalidCiphertextException()
  const key = lookupLiveKey(ctx, parsed.keyId)
  if (key === undefined) {
    throw new AccessDeniedException(
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    )
  }
  if (expectedKey !== undefined && expectedKey.id !== key.id) throw new IncorrectKeyException()
  assertUsableFor(key, operation, 'ENCRYPT_DECRYPT')
  const material = key.materials.find((m) => m.id === parsed.materialId)
  if (material?.secret === undefined) throw new InvalidCiphertextException()
  const plaintext = open(
    material.secret.reveal(),
    parsed.iv,
    parsed.ciphertext,
    parsed.tag,
    aad(parsed.header, context),
  )
  if (plaintext === undefined) throw new InvalidCiphertextException()
  return { key, plaintext, materialId: material.id }
}
