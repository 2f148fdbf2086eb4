import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AES_GCM_IV_BYTES, AES_GCM_TAG_BYTES } from '../crypto/aead.js'
import { blobHeader, decodeBlob, encodeBlob } from './ciphertext-blob.js'

const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab'
const materialId = 'ab'.repeat(32)
const iv = new Uint8Array(AES_GCM_IV_BYTES).fill(1)
const tag = new Uint8Array(AES_GCM_TAG_BYTES).fill(2)
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('symmetric ciphertext blob', () => {
  it('round-trips key id, material id, iv, tag and ciphertext', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (ciphertext) => {
        const header = blobHeader(keyId, materialId)
        const parsed = decodeBlob(encodeBlob(header, iv, tag, ciphertext))
        expect(parsed).toBeDefined()
        expect(parsed!.keyId).toBe(keyId)
        expect(parsed!.materialId).toBe(materialId)
        expect(hex(parsed!.header)).toBe(hex(header))
        expect(hex(parsed!.iv)).toBe(hex(iv))
        expect(hex(parsed!.tag)).toBe(hex(tag))
        expect(hex(parsed!.ciphertext)).toBe(hex(ciphertext))
      }),
    )
  })

  it('rejects every truncation that cuts into the header, iv or tag', () => {
    const blob = encodeBlob(blobHeader(keyId, materialId), iv, tag, new Uint8Array(0))
    for (let length = 0; length < blob.length; length++) {
      expect(decodeBlob(blob.subarray(0, length))).toBeUndefined()
    }
  })

  it('rejects foreign blobs: wrong magic, wrong version, random bytes', () => {
    const blob = encodeBlob(blobHeader(keyId, materialId), iv, tag, new Uint8Array(8))
    const wrongMagic = Uint8Array.from(blob)
    wrongMagic[0] = 0x00
    const wrongVersion = Uint8Array.from(blob)
    wrongVersion[2] = 9
    expect(decodeBlob(wrongMagic)).toBeUndefined()
    expect(decodeBlob(wrongVersion)).toBeUndefined()
    expect(decodeBlob(new Uint8Array(0))).toBeUndefined()
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        fc.pre(bytes[0] !== 0x53 || bytes[1] !== 0x4b)
        expect(decodeBlob(bytes)).toBeUndefined()
      }),
    )
  })
})
