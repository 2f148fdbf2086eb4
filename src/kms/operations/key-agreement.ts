import { createECDH } from 'node:crypto'
import type { KmsContext } from '../context.js'
import {
  InvalidCiphertextException,
  UnsupportedOperationException,
  ValidationException,
} from '../errors.js'
import { CURVES } from '../ecdsa.js'
import { assertUsableFor, type KmsKey } from '../key.js'
import { resolveKey } from '../key-id.js'
import { mlKemCiphertextBytes, mlKemDecapsulate, mlKemEncapsulate } from '../ml-kem.js'
import type { Origin } from '../shapes.js'
import { noteKey } from './common.js'
import { unlessDryRun } from './table.js'

/** The key pair of a KEY_AGREEMENT or ENCAPSULATE_DECAPSULATE key, which always has one. */
function pairOf(key: KmsKey): NonNullable<KmsKey['keyPair']> {
  if (key.keyPair === undefined) throw new Error(`key ${key.id} has no key pair`)
  return key.keyPair
}

export interface DeriveSharedSecretRequest {
  KeyId: string
  KeyAgreementAlgorithm: 'ECDH'
  PublicKey: Uint8Array
  GrantTokens?: string[]
  DryRun?: boolean
  Recipient?: { KeyEncryptionAlgorithm?: 'RSAES_OAEP_SHA_256'; AttestationDocument?: Uint8Array }
}
export interface DeriveSharedSecretResponse {
  KeyId: string
  SharedSecret: Uint8Array
  KeyAgreementAlgorithm: 'ECDH'
  KeyOrigin: Origin
}

/**
 * The other party's public key: DER SubjectPublicKeyInfo of an uncompressed point on the KMS
 * key's curve (DeriveSharedSecret API reference, PublicKey). A named-curve SPKI is a fixed header
 * then the point, so the header is compared with the KMS key's own rather than handing the DER to
 * OpenSSL's parser (see KeyPair in key.ts on its error queue). The text is not captured from AWS.
 */
function peerPoint(key: KmsKey, der: Uint8Array): Buffer {
  const own = pairOf(key).publicKeySpki
  const curve = CURVES[key.keySpec]
  const pointBytes = curve === undefined ? 0 : 1 + 2 * curve.bytes
  const header = own.subarray(0, own.length - pointBytes)
  const valid =
    der.length === own.length &&
    Buffer.from(der.subarray(0, header.length)).equals(header) &&
    der[header.length] === 0x04
  if (!valid) {
    throw new ValidationException(
      `PublicKey must be a DER-encoded X.509 public key on the curve of key spec ${key.keySpec}.`,
    )
  }
  return Buffer.from(der.subarray(header.length))
}

/**
 * ECDH between the KMS key's private key and the caller's public key: the raw shared secret
 * (the x-coordinate, NIST SP 800-56A), exactly what the caller computes with its private key and
 * the KMS public key. `Recipient` (Nitro Enclaves attestation) is not emulated: the mock cannot
 * verify an attestation document (docs/fidelity.md).
 */
export function deriveSharedSecret(
  input: DeriveSharedSecretRequest,
  ctx: KmsContext,
): DeriveSharedSecretResponse {
  const key = resolveKey(ctx, input.KeyId)
  noteKey(ctx, key)
  assertUsableFor(key, 'DeriveSharedSecret', 'KEY_AGREEMENT')
  if (input.Recipient !== undefined) {
    // Deliberate: docs/fidelity.md — no Nitro Enclaves attestation in the mock.
    throw new UnsupportedOperationException(
      's3-kms-mock does not emulate Recipient (Nitro Enclaves attestation) for DeriveSharedSecret.',
    )
  }
  const point = peerPoint(key, input.PublicKey)
  const curve = CURVES[key.keySpec]
  const d = pairOf(key).privateKey.export({ format: 'jwk' }).d
  if (curve === undefined || d === undefined) throw new Error(`key ${key.id} is not an EC key`)
  const ecdh = createECDH(curve.openssl)
  ecdh.setPrivateKey(Buffer.from(d, 'base64url'))
  let secret: Buffer
  try {
    secret = ecdh.computeSecret(point)
  } catch {
    throw new ValidationException(
      `PublicKey must be a DER-encoded X.509 public key on the curve of key spec ${key.keySpec}.`,
    )
  }
  return unlessDryRun(input, {
    KeyId: key.arn,
    SharedSecret: new Uint8Array(secret),
    KeyAgreementAlgorithm: 'ECDH',
    KeyOrigin: key.origin,
  })
}

export interface EncapsulateRequest {
  KeyId: string
  EncapsulationAlgorithm: 'ML_KEM'
  GrantTokens?: string[]
  DryRun?: boolean
}
export interface EncapsulateResponse {
  KeyId: string
  SharedSecret: Uint8Array
  SharedSecretCiphertextBlob: Uint8Array
  EncapsulationAlgorithm: 'ML_KEM'
}

/** FIPS 203 ML-KEM.Encaps under the key's public key: a 32-byte secret and its ciphertext. */
export function encapsulate(input: EncapsulateRequest, ctx: KmsContext): EncapsulateResponse {
  const key = resolveKey(ctx, input.KeyId)
  noteKey(ctx, key)
  assertUsableFor(key, 'Encapsulate', 'ENCAPSULATE_DECAPSULATE')
  const { sharedSecret, ciphertext } = mlKemEncapsulate(pairOf(key))
  return unlessDryRun(input, {
    KeyId: key.arn,
    SharedSecret: sharedSecret,
    SharedSecretCiphertextBlob: ciphertext,
    EncapsulationAlgorithm: 'ML_KEM',
  })
}

export interface DecapsulateRequest {
  KeyId: string
  SharedSecretCiphertextBlob: Uint8Array
  EncapsulationAlgorithm: 'ML_KEM'
  GrantTokens?: string[]
  DryRun?: boolean
}
export interface DecapsulateResponse {
  KeyId: string
  SharedSecret: Uint8Array
  EncapsulationAlgorithm: 'ML_KEM'
}

/**
 * FIPS 203 ML-KEM.Decaps. A ciphertext of the wrong length for the key spec is
 * `InvalidCiphertextException`; any other ciphertext yields 32 bytes, a pseudo-random value for
 * one made under another key or altered (implicit rejection, Decapsulate API reference).
 */
export function decapsulate(input: DecapsulateRequest, ctx: KmsContext): DecapsulateResponse {
  const key = resolveKey(ctx, input.KeyId)
  noteKey(ctx, key)
  assertUsableFor(key, 'Decapsulate', 'ENCAPSULATE_DECAPSULATE')
  if (input.SharedSecretCiphertextBlob.length !== mlKemCiphertextBytes(key.keySpec))
    throw new InvalidCiphertextException()
  const sharedSecret = mlKemDecapsulate(pairOf(key), input.SharedSecretCiphertextBlob)
  return unlessDryRun(input, {
    KeyId: key.arn,
    SharedSecret: sharedSecret,
    EncapsulationAlgorithm: 'ML_KEM',
  })
}
