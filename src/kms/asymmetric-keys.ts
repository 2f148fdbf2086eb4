import { generateKeyPairSync } from 'node:crypto'
import type { Random } from '../core/random.js'
import { Secret } from '../core/secret.js'
import type { KeyPair } from './key.js'
import type { KeySpec } from './shapes.js'

const CURVES: Partial<Record<KeySpec, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
}

const RSA_BITS: Partial<Record<KeySpec, number>> = {
  RSA_2048: 2048,
  RSA_3072: 3072,
  RSA_4096: 4096,
}

/** A fresh key pair for an asymmetric key spec, DER-encoded (PKCS#8 private, SPKI public). */
export function generateKeyPairFor(spec: KeySpec, _random: Random): KeyPair {
  const bits = RSA_BITS[spec]
  const pair =
    bits !== undefined
      ? generateKeyPairSync('rsa', { modulusLength: bits })
      : generateKeyPairSync('ec', { namedCurve: CURVES[spec] ?? 'prime256v1' })
  return {
    privateKeyPkcs8: new Secret(
      new Uint8Array(pair.privateKey.export({ format: 'der', type: 'pkcs8' })),
    ),
    publicKeySpki: new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' })),
  }
}
