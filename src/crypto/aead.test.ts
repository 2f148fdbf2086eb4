import { describe, expect, it } from 'vitest'
import { AES_GCM_IV_BYTES, AES_GCM_TAG_BYTES, open, seal } from './aead.js'

const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill)
const key = bytes(32, 1)
const iv = bytes(AES_GCM_IV_BYTES, 2)
const aad = new TextEncoder().encode('context')
const plaintext = new TextEncoder().encode('attack at dawn')

const flip = (b: Uint8Array, at = 0): Uint8Array => {
  const copy = Uint8Array.from(b)
  copy[at] = (copy[at] ?? 0) ^ 0x01
  return copy
}

describe('AES-256-GCM seal/open', () => {
  const sealed = seal(key, iv, plaintext, aad)

  it('round-trips, with and without AAD, including empty plaintext', () => {
    expect(Buffer.from(open(key, iv, sealed.ciphertext, sealed.tag, aad)!)).toEqual(
      Buffer.from(plaintext),
    )
    const noAad = seal(key, iv, plaintext)
    expect(Buffer.from(open(key, iv, noAad.ciphertext, noAad.tag)!)).toEqual(Buffer.from(plaintext))
    const empty = seal(key, iv, new Uint8Array(0), aad)
    expect(empty.ciphertext).toHaveLength(0)
    expect(open(key, iv, empty.ciphertext, empty.tag, aad)).toHaveLength(0)
  })

  it('produces ciphertext as long as the plaintext and a 16-byte tag', () => {
    expect(sealed.ciphertext).toHaveLength(plaintext.length)
    expect(sealed.tag).toHaveLength(AES_GCM_TAG_BYTES)
    expect(Buffer.from(sealed.ciphertext)).not.toEqual(Buffer.from(plaintext))
  })

  it.each([
    ['wrong key', () => open(flip(key), iv, sealed.ciphertext, sealed.tag, aad)],
    ['wrong iv', () => open(key, flip(iv), sealed.ciphertext, sealed.tag, aad)],
    ['wrong AAD', () => open(key, iv, sealed.ciphertext, sealed.tag, flip(aad))],
    ['missing AAD', () => open(key, iv, sealed.ciphertext, sealed.tag)],
    [
      'unexpected AAD',
      () => {
        const plain = seal(key, iv, plaintext)
        return open(key, iv, plain.ciphertext, plain.tag, aad)
      },
    ],
    ['tampered ciphertext', () => open(key, iv, flip(sealed.ciphertext, 3), sealed.tag, aad)],
    ['tampered tag', () => open(key, iv, sealed.ciphertext, flip(sealed.tag, 15), aad)],
    ['truncated tag', () => open(key, iv, sealed.ciphertext, sealed.tag.subarray(0, 12), aad)],
    ['short iv', () => open(key, iv.subarray(0, 8), sealed.ciphertext, sealed.tag, aad)],
  ])('returns undefined for a %s', (_name, attempt) => {
    expect(attempt()).toBeUndefined()
  })
})
