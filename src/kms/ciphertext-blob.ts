import { AES_GCM_IV_BYTES, AES_GCM_TAG_BYTES } from '../crypto/aead.js'

/**
 * The symmetric ciphertext blob (docs/decisions/0002-ciphertext-blob-format.md).
 *
 *   'S' 'K' version(1) | keyIdLength(1) keyId | materialIdLength(1) materialId | iv(12) | tag(16) | ciphertext
 *
 * The header (everything before the IV) names the key and the key material, so Decrypt needs no
 * KeyId and old material keeps working after rotation. The header is part of the AES-GCM AAD, so
 * editing it breaks authentication like any other tampering.
 */
const MAGIC_0 = 0x53
const MAGIC_1 = 0x4b
const VERSION = 1

export interface CiphertextBlob {
  readonly keyId: string
  readonly materialId: string
  /** The bytes authenticated as AAD in front of the encryption context. */
  readonly header: Uint8Array
  readonly iv: Uint8Array
  readonly tag: Uint8Array
  readonly ciphertext: Uint8Array
}

const ascii = new TextEncoder()
const fromAscii = new TextDecoder()

export function blobHeader(keyId: string, materialId: string): Uint8Array {
  const id = ascii.encode(keyId)
  const material = ascii.encode(materialId)
  const header = new Uint8Array(3 + 1 + id.length + 1 + material.length)
  header.set([MAGIC_0, MAGIC_1, VERSION, id.length])
  header.set(id, 4)
  header[4 + id.length] = material.length
  header.set(material, 5 + id.length)
  return header
}

export function encodeBlob(
  header: Uint8Array,
  iv: Uint8Array,
  tag: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(header.length + iv.length + tag.length + ciphertext.length)
  out.set(header, 0)
  out.set(iv, header.length)
  out.set(tag, header.length + iv.length)
  out.set(ciphertext, header.length + iv.length + tag.length)
  return out
}

/** Parses a blob; `undefined` for anything that is not one of ours (→ InvalidCiphertextException). */
export function decodeBlob(blob: Uint8Array): CiphertextBlob | undefined {
  if (blob.length < 5 || blob[0] !== MAGIC_0 || blob[1] !== MAGIC_1 || blob[2] !== VERSION)
    return undefined
  const idLength = blob[3] ?? 0
  const materialLengthAt = 4 + idLength
  if (blob.length <= materialLengthAt) return undefined
  const materialLength = blob[materialLengthAt] ?? 0
  const headerEnd = materialLengthAt + 1 + materialLength
  if (blob.length < headerEnd + AES_GCM_IV_BYTES + AES_GCM_TAG_BYTES) return undefined
  const ivEnd = headerEnd + AES_GCM_IV_BYTES
  const tagEnd = ivEnd + AES_GCM_TAG_BYTES
  return {
    keyId: fromAscii.decode(blob.subarray(4, 4 + idLength)),
    materialId: fromAscii.decode(blob.subarray(materialLengthAt + 1, headerEnd)),
    header: blob.subarray(0, headerEnd),
    iv: blob.subarray(headerEnd, ivEnd),
    tag: blob.subarray(ivEnd, tagEnd),
    ciphertext: blob.subarray(tagEnd),
  }
}
