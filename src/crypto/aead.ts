import { createCipheriv, createDecipheriv } from 'node:crypto'

export const AES_GCM_IV_BYTES = 12
export const AES_GCM_TAG_BYTES = 16

export interface Sealed {
  ciphertext: Uint8Array
  tag: Uint8Array
}

/** AES-256-GCM encryption with additional authenticated data. */
export function seal(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  aad?: Uint8Array,
): Sealed {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: AES_GCM_TAG_BYTES })
  if (aad !== undefined) cipher.setAAD(aad)
  const head = cipher.update(plaintext)
  const tail = cipher.final()
  const ciphertext = tail.length === 0 ? head : Buffer.concat([head, tail])
  return {
    ciphertext: new Uint8Array(ciphertext.buffer, ciphertext.byteOffset, ciphertext.length),
    tag: cipher.getAuthTag(),
  }
}

/**
 * AES-256-GCM decryption. Returns `undefined` when authentication fails (wrong key, wrong AAD,
 * tampered bytes): callers turn that into the AWS error that fits their API.
 */
export function open(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad?: Uint8Array,
): Uint8Array | undefined {
  if (tag.length !== AES_GCM_TAG_BYTES || iv.length !== AES_GCM_IV_BYTES) return undefined
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: AES_GCM_TAG_BYTES })
  if (aad !== undefined) decipher.setAAD(aad)
  decipher.setAuthTag(tag)
  try {
    const head = decipher.update(ciphertext)
    const tail = decipher.final()
    return tail.length === 0 ? head : Buffer.concat([head, tail])
  } catch {
    return undefined
  }
}
