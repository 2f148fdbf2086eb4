import {
  createECDH,
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../core/random.js'
import { generateKeyPairFor } from './asymmetric-keys.js'
import {
  bigIntToBytes,
  bytesToBigInt,
  CURVES,
  decodeSignature,
  ecdsaSign,
  ecdsaVerify,
  encodeSignature,
  publicPoint,
} from './ecdsa.js'
import { digest, type RsaHash } from './rsa.js'

const specs = [
  ['ECC_NIST_P256', 'sha256'],
  ['ECC_NIST_P384', 'sha384'],
  ['ECC_NIST_P521', 'sha512'],
  ['ECC_SECG_P256K1', 'sha256'],
] as const satisfies readonly (readonly [keyof typeof CURVES, RsaHash])[]

describe.each(specs)('ECDSA on %s', (spec, hash) => {
  const curve = CURVES[spec]!
  const random = seededRandom(`ecdsa-${spec}`)

  it('computes d·G exactly as OpenSSL does (the curve constants are right)', () => {
    for (let i = 0; i < 3; i++) {
      const d = bytesToBigInt(random.bytes(curve.bytes)) % curve.n
      const ecdh = createECDH(curve.openssl)
      ecdh.setPrivateKey(bigIntToBytes(d, curve.bytes))
      const point = ecdh.getPublicKey(null, 'uncompressed')
      const ours = publicPoint(curve, d)
      expect(ours.x).toBe(bytesToBigInt(point.subarray(1, 1 + curve.bytes)))
      expect(ours.y).toBe(bytesToBigInt(point.subarray(1 + curve.bytes)))
    }
  })

  it('signs digests node:crypto verifies, and verifies signatures node:crypto makes', () => {
    const pair = generateKeyPairFor(spec, random)
    const publicKey = createPublicKey({
      key: Buffer.from(pair.publicKeySpki),
      format: 'der',
      type: 'spki',
    })
    const privateKey = createPrivateKey({
      key: Buffer.from(pair.privateKeyPkcs8.reveal()),
      format: 'der',
      type: 'pkcs8',
    })
    const publicJwk = publicKey.export({ format: 'jwk' })
    const point = {
      x: bytesToBigInt(Buffer.from(publicJwk.x!, 'base64url')),
      y: bytesToBigInt(Buffer.from(publicJwk.y!, 'base64url')),
    }
    const d = bytesToBigInt(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url'))
    const message = new TextEncoder().encode(`message for ${spec}`)

    const ours = ecdsaSign(curve, d, digest(hash, message), random)
    expect(nodeVerify(hash, message, publicKey, ours)).toBe(true)
    const theirs = nodeSign(hash, message, privateKey)
    expect(ecdsaVerify(curve, point, digest(hash, message), theirs)).toBe(true)
    const other = digest(hash, new TextEncoder().encode('another message'))
    expect(ecdsaVerify(curve, point, other, theirs)).toBe(false)
  })
})

describe('ECDSA-Sig-Value DER', () => {
  it('round-trips, with long-form lengths and sign padding', () => {
    for (const [r, s] of [
      [1n, 1n],
      [0x80n, 0xffn],
      [(1n << 520n) - 1n, (1n << 519n) + 5n],
    ] as const) {
      expect(decodeSignature(encodeSignature(r, s))).toEqual({ r, s })
    }
    const long = encodeSignature((1n << 520n) - 1n, (1n << 520n) - 1n)
    expect(long[1]).toBe(0x81)
  })

  it('rejects malformed encodings', () => {
    const good = encodeSignature(0x1234n, 0x5678n)
    expect(decodeSignature(good.subarray(0, good.length - 1))).toBeUndefined()
    expect(decodeSignature(Uint8Array.from([...good, 0]))).toBeUndefined()
    expect(decodeSignature(Uint8Array.from([0x30, 0x00]))).toBeUndefined()
    // A negative INTEGER and a non-minimal one.
    expect(
      decodeSignature(Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01])),
    ).toBeUndefined()
    expect(
      decodeSignature(Uint8Array.from([0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01])),
    ).toBeUndefined()
    expect(decodeSignature(new Uint8Array(0))).toBeUndefined()
  })
})
