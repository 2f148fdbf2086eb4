import {
  checkPrimeSync,
  createECDH,
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
} from 'node:crypto'
import type { Random } from '../core/random.js'
import { Secret } from '../core/secret.js'
import { bigIntToBytes, bytesToBigInt, CURVES, invert, randomScalar } from './ecdsa.js'
import type { KeyPair } from './key.js'
import type { KeySpec } from './shapes.js'

/**
 * Asymmetric key pairs drawn from the injected Random, so a seeded world creates the same keys on
 * every run (SPEC §5.4). node:crypto's generateKeyPair takes no randomness source, so the secret
 * values are built here and only the encoding is left to node: EC private scalars come straight
 * from the stream; RSA primes are searched for in it with `checkPrimeSync`.
 */

const RSA_BITS: Partial<Record<KeySpec, number>> = {
  RSA_2048: 2048,
  RSA_3072: 3072,
  RSA_4096: 4096,
}

export const rsaModulusBits = (spec: KeySpec): number | undefined => RSA_BITS[spec]

const E = 65537n

/**
 * Odd primes below 2^14, for trial division before the (much dearer) Miller–Rabin test. Sieved
 * with the first RSA key, not at import (~3 ms of start-up for worlds that never make one).
 */
let smallPrimes: readonly number[] | undefined
function oddSmallPrimes(): readonly number[] {
  if (smallPrimes !== undefined) return smallPrimes
  const limit = 1 << 14
  const composite = new Uint8Array(limit)
  const primes: number[] = []
  for (let i = 3; i < limit; i += 2) {
    if (composite[i] === 1) continue
    primes.push(i)
    for (let j = i * i; j < limit; j += 2 * i) composite[j] = 1
  }
  smallPrimes = primes
  return primes
}

/** How far an incremental search walks from one random start before drawing a new one. */
const SEARCH_WINDOW = 1 << 16

/**
 * A random prime of exactly `bits` bits with the top two bits set (so p·q has exactly twice as
 * many) and p ≢ 1 (mod e) (so e is invertible). Incremental search from a random odd start,
 * as OpenSSL did for years: a sieve of small primes rejects most candidates cheaply, and
 * `checkPrimeSync` (OpenSSL's Miller–Rabin) decides the rest.
 */
function randomPrime(bits: number, random: Random): bigint {
  const bytes = bits / 8
  const limit = 1n << BigInt(bits)
  const primes = oddSmallPrimes()
  for (;;) {
    const start = random.bytes(bytes)
    start[0] = (start[0] ?? 0) | 0xc0
    start[bytes - 1] = (start[bytes - 1] ?? 0) | 0x01
    const base = bytesToBigInt(start)
    const residues = primes.map((p) => Number(base % BigInt(p)))
    const residueE = Number(base % E)
    for (let delta = 0; delta < SEARCH_WINDOW; delta += 2) {
      if ((residueE + delta) % 65537 === 1) continue
      let sieved = false
      for (let i = 0; i < primes.length; i++) {
        const p = primes[i] ?? 1
        if (((residues[i] ?? 0) + delta) % p === 0) {
          sieved = true
          break
        }
      }
      if (sieved) continue
      const candidate = base + BigInt(delta)
      if (candidate >= limit) break
      // One round screens out composites; enough rounds for random (not adversarial)
      // candidates then confirm (FIPS 186-5 Table B.1 asks for fewer still at these sizes).
      if (checkPrimeSync(candidate, { checks: 1 }) && checkPrimeSync(candidate, { checks: 16 }))
        return candidate
    }
  }
}

const b64url = (value: bigint, length?: number): string =>
  Buffer.from(bigIntToBytes(value, length)).toString('base64url')

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b))

function rsaJwk(bits: number, random: Random): JsonWebKey {
  const half = bits / 2
  // FIPS 186-5 A.1.3: |p − q| must exceed 2^(nlen/2 − 100), or the modulus is easy to factor.
  const minGap = 1n << BigInt(half - 100)
  for (;;) {
    const p = randomPrime(half, random)
    const q = randomPrime(half, random)
    const [big, small] = p > q ? [p, q] : [q, p]
    if (big - small <= minGap) continue
    const lambda = ((big - 1n) * (small - 1n)) / gcd(big - 1n, small - 1n)
    const d = invert(E, lambda)
    return {
      kty: 'RSA',
      n: b64url(big * small),
      e: b64url(E),
      d: b64url(d),
      p: b64url(big),
      q: b64url(small),
      dp: b64url(d % (big - 1n)),
      dq: b64url(d % (small - 1n)),
      qi: b64url(invert(small, big)),
    }
  }
}

function ecJwk(spec: KeySpec, random: Random): JsonWebKey {
  const curve = CURVES[spec]
  if (curve === undefined) throw new Error(`not an elliptic-curve key spec: ${spec}`)
  const d = bigIntToBytes(randomScalar(curve, random), curve.bytes)
  const ecdh = createECDH(curve.openssl)
  ecdh.setPrivateKey(d)
  const point = ecdh.getPublicKey(null, 'uncompressed')
  return {
    kty: 'EC',
    crv: curve.jwk,
    d: Buffer.from(d).toString('base64url'),
    x: point.subarray(1, 1 + curve.bytes).toString('base64url'),
    y: point.subarray(1 + curve.bytes).toString('base64url'),
  }
}

/**
 * A fresh key pair for an asymmetric key spec: KeyObjects, and their DER encodings (PKCS#8
 * private, SPKI public). The keys are built from JWK, never parsed from DER (see KeyPair).
 */
export function generateKeyPairFor(spec: KeySpec, random: Random): KeyPair {
  const bits = RSA_BITS[spec]
  const jwk = bits !== undefined ? rsaJwk(bits, random) : ecJwk(spec, random)
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' })
  const publicKey = createPublicKey(privateKey)
  return {
    privateKeyPkcs8: new Secret(
      new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
    ),
    publicKeySpki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
    privateKey,
    publicKey,
  }
}
