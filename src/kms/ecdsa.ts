import type { Random } from '../core/random.js'
import type { KeySpec } from './shapes.js'

/**
 * ECDSA over the four curves KMS offers, in BigInt arithmetic. node:crypto only signs a message it
 * hashes itself, but KMS `Sign`/`Verify` also take a precomputed digest (`MessageType: DIGEST`),
 * and with a seeded world the nonce must come from the injected Random (SPEC §5.4). Speed is
 * enough for tests (a P-521 signature takes a few milliseconds); none of this is constant-time,
 * which is acceptable for an in-process mock and would not be for real keys.
 */
export interface Curve {
  /** OpenSSL's name, for createECDH. */
  readonly openssl: string
  /** The JWK `crv` value. */
  readonly jwk: string
  readonly p: bigint
  readonly a: bigint
  readonly b: bigint
  readonly gx: bigint
  readonly gy: bigint
  /** Order of the base point. */
  readonly n: bigint
  /** Bytes of a field element / scalar. */
  readonly bytes: number
}

const P256: Curve = {
  openssl: 'prime256v1',
  jwk: 'P-256',
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  bytes: 32,
}

const P384_P =
  0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn
const P384: Curve = {
  openssl: 'secp384r1',
  jwk: 'P-384',
  p: P384_P,
  a: P384_P - 3n,
  b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
  gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  bytes: 48,
}

const P521_P = (1n << 521n) - 1n
const P521: Curve = {
  openssl: 'secp521r1',
  jwk: 'P-521',
  p: P521_P,
  a: P521_P - 3n,
  b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  gx: 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
  gy: 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
  n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  bytes: 66,
}

const SECP256K1: Curve = {
  openssl: 'secp256k1',
  jwk: 'secp256k1',
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
  a: 0n,
  b: 7n,
  gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
  gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
  n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  bytes: 32,
}

export const CURVES: Partial<Record<KeySpec, Curve>> = {
  ECC_NIST_P256: P256,
  ECC_NIST_P384: P384,
  ECC_NIST_P521: P521,
  ECC_SECG_P256K1: SECP256K1,
}

export const bytesToBigInt = (bytes: Uint8Array): bigint =>
  bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`)

export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  let hex = value.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  if (length !== undefined) hex = hex.padStart(length * 2, '0')
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

const mod = (a: bigint, m: bigint): bigint => {
  const r = a % m
  return r < 0n ? r + m : r
}

/** Modular inverse by the extended Euclidean algorithm; `m` is prime or coprime to `a`. */
export function invert(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m]
  let [oldS, s] = [1n, 0n]
  while (r !== 0n) {
    const q = oldR / r
    ;[oldR, r] = [r, oldR - q * r]
    ;[oldS, s] = [s, oldS - q * s]
  }
  return mod(oldS, m)
}

/** Jacobian coordinates; `z === 0n` is the point at infinity. */
interface Jacobian {
  readonly x: bigint
  readonly y: bigint
  readonly z: bigint
}

const INFINITY: Jacobian = { x: 0n, y: 1n, z: 0n }

function double(c: Curve, P: Jacobian): Jacobian {
  if (P.z === 0n || P.y === 0n) return INFINITY
  const { p } = c
  const yy = mod(P.y * P.y, p)
  const s = mod(4n * P.x * yy, p)
  const zz = mod(P.z * P.z, p)
  const m = mod(3n * P.x * P.x + c.a * zz * zz, p)
  const x = mod(m * m - 2n * s, p)
  const y = mod(m * (s - x) - 8n * yy * yy, p)
  const z = mod(2n * P.y * P.z, p)
  return { x, y, z }
}

function add(c: Curve, P: Jacobian, Q: Jacobian): Jacobian {
  if (P.z === 0n) return Q
  if (Q.z === 0n) return P
  const { p } = c
  const z1z1 = mod(P.z * P.z, p)
  const z2z2 = mod(Q.z * Q.z, p)
  const u1 = mod(P.x * z2z2, p)
  const u2 = mod(Q.x * z1z1, p)
  const s1 = mod(P.y * Q.z * z2z2, p)
  const s2 = mod(Q.y * P.z * z1z1, p)
  const h = mod(u2 - u1, p)
  const r = mod(s2 - s1, p)
  if (h === 0n) return r === 0n ? double(c, P) : INFINITY
  const hh = mod(h * h, p)
  const hhh = mod(h * hh, p)
  const v = mod(u1 * hh, p)
  const x = mod(r * r - hhh - 2n * v, p)
  const y = mod(r * (v - x) - s1 * hhh, p)
  const z = mod(P.z * Q.z * h, p)
  return { x, y, z }
}

function multiply(c: Curve, P: Jacobian, k: bigint): Jacobian {
  let result = INFINITY
  for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
    result = double(c, result)
    if ((k >> i) & 1n) result = add(c, result, P)
  }
  return result
}

function affineX(c: Curve, P: Jacobian): bigint | undefined {
  if (P.z === 0n) return undefined
  const zInv = invert(P.z, c.p)
  return mod(P.x * zInv * zInv, c.p)
}

/** The affine public point `d·G`, for tests that cross-check against node:crypto. */
export function publicPoint(c: Curve, d: bigint): { x: bigint; y: bigint } {
  const P = multiply(c, { x: c.gx, y: c.gy, z: 1n }, d)
  const zInv = invert(P.z, c.p)
  return { x: mod(P.x * zInv * zInv, c.p), y: mod(P.y * zInv * zInv * zInv, c.p) }
}

const bitLength = (n: bigint): number => n.toString(2).length

/** A uniformly distributed scalar in [1, n-1]: 64 extra bits make the modulo bias negligible. */
export function randomScalar(c: Curve, random: Random): bigint {
  return (bytesToBigInt(random.bytes(c.bytes + 8)) % (c.n - 1n)) + 1n
}

/** SEC 1 §4.1.3 step 5: the leftmost bits of the digest, as many as the order has. */
function digestToInteger(c: Curve, digest: Uint8Array): bigint {
  const e = bytesToBigInt(digest)
  const excess = digest.length * 8 - bitLength(c.n)
  return excess > 0 ? e >> BigInt(excess) : e
}

/** An ECDSA signature over a digest, DER-encoded as AWS returns it (`ECDSA-Sig-Value`). */
export function ecdsaSign(c: Curve, d: bigint, digest: Uint8Array, random: Random): Uint8Array {
  const e = digestToInteger(c, digest)
  const G: Jacobian = { x: c.gx, y: c.gy, z: 1n }
  for (;;) {
    const k = randomScalar(c, random)
    const x = affineX(c, multiply(c, G, k))
    if (x === undefined) continue
    const r = mod(x, c.n)
    if (r === 0n) continue
    const s = mod(invert(k, c.n) * (e + r * d), c.n)
    if (s === 0n) continue
    return encodeSignature(r, s)
  }
}

export function ecdsaVerify(
  c: Curve,
  publicKey: { x: bigint; y: bigint },
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const parsed = decodeSignature(signature)
  if (parsed === undefined) return false
  const { r, s } = parsed
  if (r < 1n || r >= c.n || s < 1n || s >= c.n) return false
  const w = invert(s, c.n)
  const u1 = mod(digestToInteger(c, digest) * w, c.n)
  const u2 = mod(r * w, c.n)
  const X = add(
    c,
    multiply(c, { x: c.gx, y: c.gy, z: 1n }, u1),
    multiply(c, { x: publicKey.x, y: publicKey.y, z: 1n }, u2),
  )
  const x = affineX(c, X)
  return x !== undefined && mod(x, c.n) === r
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length]
  const bytes: number[] = []
  for (let l = length; l > 0; l >>= 8) bytes.unshift(l & 0xff)
  return [0x80 | bytes.length, ...bytes]
}

function derInteger(value: bigint): number[] {
  const bytes = [...bigIntToBytes(value)]
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0)
  return [0x02, ...derLength(bytes.length), ...bytes]
}

export function encodeSignature(r: bigint, s: bigint): Uint8Array {
  const body = [...derInteger(r), ...derInteger(s)]
  return new Uint8Array([0x30, ...derLength(body.length), ...body])
}

/** Strict DER parse of `SEQUENCE { r INTEGER, s INTEGER }`; anything else is `undefined`. */
export function decodeSignature(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  let at = 0
  const readLength = (): number | undefined => {
    const first = der[at++]
    if (first === undefined) return undefined
    if (first < 0x80) return first
    const count = first & 0x7f
    if (count === 0 || count > 2) return undefined
    let length = 0
    for (let i = 0; i < count; i++) {
      const byte = der[at++]
      if (byte === undefined) return undefined
      length = (length << 8) | byte
    }
    return length < 0x80 ? undefined : length
  }
  const readInteger = (): bigint | undefined => {
    if (der[at++] !== 0x02) return undefined
    const length = readLength()
    if (length === undefined || length === 0 || at + length > der.length) return undefined
    const bytes = der.subarray(at, at + length)
    at += length
    // Negative or non-minimal encodings are not DER.
    if ((bytes[0] ?? 0) & 0x80) return undefined
    if (length > 1 && bytes[0] === 0 && ((bytes[1] ?? 0) & 0x80) === 0) return undefined
    return bytesToBigInt(bytes)
  }
  if (der[at++] !== 0x30) return undefined
  const length = readLength()
  if (length === undefined || at + length !== der.length) return undefined
  const r = readInteger()
  const s = readInteger()
  if (r === undefined || s === undefined || at !== der.length) return undefined
  return { r, s }
}
