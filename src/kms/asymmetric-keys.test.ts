import { checkPrimeSync, createPrivateKey, createPublicKey } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { seededRandom, systemRandom } from '../core/random.js'
import { generateKeyPairFor } from './asymmetric-keys.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('deterministic asymmetric key pairs', () => {
  it.each([
    ['ECC_NIST_P256', 'prime256v1'],
    ['ECC_NIST_P384', 'secp384r1'],
    ['ECC_NIST_P521', 'secp521r1'],
    ['ECC_SECG_P256K1', 'secp256k1'],
  ] as const)('%s: same seed, same pair; another seed, another pair', (spec, curve) => {
    const a = generateKeyPairFor(spec, seededRandom('k'))
    const b = generateKeyPairFor(spec, seededRandom('k'))
    const c = generateKeyPairFor(spec, seededRandom('other'))
    expect(hex(a.publicKeySpki)).toBe(hex(b.publicKeySpki))
    expect(hex(a.privateKeyPkcs8.reveal())).toBe(hex(b.privateKeyPkcs8.reveal()))
    expect(hex(a.publicKeySpki)).not.toBe(hex(c.publicKeySpki))
    const key = createPublicKey({ key: Buffer.from(a.publicKeySpki), format: 'der', type: 'spki' })
    expect(key.asymmetricKeyDetails).toEqual({ namedCurve: curve })
  })

  it('RSA_2048: same seed, same pair; a valid key with e = 65537 and two 1024-bit primes', () => {
    const a = generateKeyPairFor('RSA_2048', seededRandom('rsa'))
    const b = generateKeyPairFor('RSA_2048', seededRandom('rsa'))
    expect(hex(a.publicKeySpki)).toBe(hex(b.publicKeySpki))
    const jwk = createPrivateKey({
      key: Buffer.from(a.privateKeyPkcs8.reveal()),
      format: 'der',
      type: 'pkcs8',
    }).export({ format: 'jwk' })
    expect(jwk.e).toBe('AQAB')
    const p = Buffer.from(jwk.p!, 'base64url')
    const q = Buffer.from(jwk.q!, 'base64url')
    expect([p.length, q.length]).toEqual([128, 128])
    expect(checkPrimeSync(p) && checkPrimeSync(q)).toBe(true)
    expect(Buffer.from(jwk.n!, 'base64url').length * 8).toBe(2048)
  })

  it('draws from the system Random when unseeded (two calls differ)', () => {
    const a = generateKeyPairFor('ECC_NIST_P256', systemRandom())
    const b = generateKeyPairFor('ECC_NIST_P256', systemRandom())
    expect(hex(a.publicKeySpki)).not.toBe(hex(b.publicKeySpki))
  })

  it.each(['ECC_NIST_P256', 'RSA_2048'] as const)(
    '%s: the KeyObjects are the keys the DER encodes',
    (spec) => {
      const pair = generateKeyPairFor(spec, seededRandom('objects'))
      const der = { key: Buffer.from(pair.privateKeyPkcs8.reveal()), format: 'der' } as const
      expect(pair.privateKey.equals(createPrivateKey({ ...der, type: 'pkcs8' }))).toBe(true)
      const spki = { key: Buffer.from(pair.publicKeySpki), format: 'der', type: 'spki' } as const
      expect(pair.publicKey.equals(createPublicKey(spki))).toBe(true)
    },
  )

  it('redacts the private key', () => {
    const pair = generateKeyPairFor('ECC_NIST_P256', seededRandom('secret'))
    expect(JSON.stringify(pair)).not.toContain(hex(pair.privateKeyPkcs8.reveal()).slice(0, 16))
    expect(JSON.stringify(pair)).toContain('[REDACTED]')
    expect(inspect(pair, { depth: 5 })).not.toContain(
      hex(pair.privateKeyPkcs8.reveal()).slice(0, 16),
    )
  })
})
