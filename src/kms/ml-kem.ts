import * as crypto from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { Random } from '../core/random.js'
import { Secret } from '../core/secret.js'
import type { KeyPair } from './key.js'
import type { KeySpec } from './shapes.js'

/**
 * ML-KEM (FIPS 203) for the ENCAPSULATE_DECAPSULATE key specs, with node:crypto's own
 * implementation: `crypto.encapsulate`/`decapsulate` and the `ml-kem-*` key types arrived in
 * Node.js 24.7. On older Node versions (20, 22) there is none, and the mock refuses to create
 * ML-KEM keys with a documented limitation (docs/fidelity.md) rather than ship its own lattice
 * code. Node 20's type definitions do not declare these functions, hence the narrow view below.
 */
interface NodeMlKem {
  encapsulate?: (key: KeyObject) => { sharedKey: Buffer; ciphertext: Buffer }
  decapsulate?: (key: KeyObject, ciphertext: Uint8Array) => Buffer
}
const native = crypto as unknown as NodeMlKem

const ASYMMETRIC_TYPE: Partial<Record<KeySpec, string>> = {
  ML_KEM_512: 'ml-kem-512',
  ML_KEM_768: 'ml-kem-768',
  ML_KEM_1024: 'ml-kem-1024',
}

/** Ciphertext sizes of FIPS 203, Table 3: Decapsulate refuses any other length. */
const CIPHERTEXT_BYTES: Partial<Record<KeySpec, number>> = {
  ML_KEM_512: 768,
  ML_KEM_768: 1088,
  ML_KEM_1024: 1568,
}

export const isMlKem = (spec: KeySpec): boolean => ASYMMETRIC_TYPE[spec] !== undefined

export const mlKemCiphertextBytes = (spec: KeySpec): number | undefined => CIPHERTEXT_BYTES[spec]

/** True on Node.js versions whose node:crypto implements ML-KEM. */
export function mlKemAvailable(): boolean {
  return typeof native.encapsulate === 'function' && typeof native.decapsulate === 'function'
}

/**
 * A key pair from a 64-byte seed (d ‖ z, FIPS 203 ML-KEM.KeyGen_internal) drawn from the world's
 * Random, so seeded worlds make the same ML-KEM keys on every run.
 */
export function generateMlKemKeyPair(spec: KeySpec, random: Random): KeyPair {
  const type = ASYMMETRIC_TYPE[spec]
  if (type === undefined || !mlKemAvailable()) throw new Error(`ML-KEM unavailable for ${spec}`)
  const privateKey = crypto.createPrivateKey({
    key: Buffer.from(random.bytes(64)),
    format: 'raw-seed',
    asymmetricKeyType: type,
  } as unknown as crypto.PrivateKeyInput)
  const publicKey = crypto.createPublicKey(privateKey)
  return {
    privateKeyPkcs8: new Secret(
      new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
    ),
    publicKeySpki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
    privateKey,
    publicKey,
  }
}

/** A fresh shared secret and its ciphertext under the public key (node:crypto's randomness). */
export function mlKemEncapsulate(pair: KeyPair): {
  sharedSecret: Uint8Array
  ciphertext: Uint8Array
} {
  if (native.encapsulate === undefined) throw new Error('ML-KEM unavailable')
  const { sharedKey, ciphertext } = native.encapsulate(pair.publicKey)
  return { sharedSecret: new Uint8Array(sharedKey), ciphertext: new Uint8Array(ciphertext) }
}

/** The shared secret; a ciphertext of the right length never fails (implicit rejection). */
export function mlKemDecapsulate(pair: KeyPair, ciphertext: Uint8Array): Uint8Array {
  if (native.decapsulate === undefined) throw new Error('ML-KEM unavailable')
  return new Uint8Array(native.decapsulate(pair.privateKey, ciphertext))
}
