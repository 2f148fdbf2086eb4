import { describe, expect, it } from 'vitest'
import { fingerprint, fingerprintMatches } from './fingerprint.js'

const salt = new Uint8Array(16).fill(7)
const secret = new Uint8Array(32).fill(9)

describe('salted fingerprint of a secret', () => {
  it('is a 32-byte HMAC-SHA256, stable for the same salt and secret', () => {
    const a = fingerprint(salt, secret)
    expect(a).toHaveLength(32)
    expect(Buffer.from(fingerprint(salt, secret))).toEqual(Buffer.from(a))
  })

  it('differs with the salt and with the secret, and never contains the secret', () => {
    const a = Buffer.from(fingerprint(salt, secret))
    expect(Buffer.from(fingerprint(new Uint8Array(16).fill(8), secret))).not.toEqual(a)
    expect(Buffer.from(fingerprint(salt, new Uint8Array(32).fill(10)))).not.toEqual(a)
    expect(a.includes(Buffer.from(secret.subarray(0, 8)))).toBe(false)
  })

  it('matches only the same secret', () => {
    const stored = fingerprint(salt, secret)
    expect(fingerprintMatches(salt, secret, stored)).toBe(true)
    const other = Uint8Array.from(secret)
    other[31] = 0
    expect(fingerprintMatches(salt, other, stored)).toBe(false)
    expect(fingerprintMatches(new Uint8Array(16), secret, stored)).toBe(false)
  })

  it('rejects an expected value of the wrong length instead of throwing', () => {
    expect(fingerprintMatches(salt, secret, new Uint8Array(0))).toBe(false)
    expect(fingerprintMatches(salt, secret, fingerprint(salt, secret).subarray(0, 31))).toBe(false)
  })
})
