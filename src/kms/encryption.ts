import type { EncryptionContext } from '../crypto/encryption-context.js'
import { rsaModulusBits } from './asymmetric-keys.js'
import type { KmsContext } from './context.js'
import {
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  ValidationException,
} from './errors.js'
import { assertUsableFor, encryptionAlgorithmsFor, isSymmetric, type KmsKey } from './key.js'
import { hashLength, oaepDecrypt, oaepEncrypt, oaepMaxPlaintext, type RsaHash } from './rsa.js'
import type { EncryptionAlgorithmSpec } from './shapes.js'
import { openSymmetric, sealSymmetric } from './symmetric-cipher.js'

/**
 * Encryption under any ENCRYPT_DECRYPT key, as Encrypt, Decrypt and ReEncrypt need it: symmetric
 * keys seal an AES-GCM blob that names its key; RSA keys return raw RSAES-OAEP output, exactly
 * what a client holding the public key would produce offline (so it decrypts either way).
 */

const OAEP_HASH: Partial<Record<EncryptionAlgorithmSpec, RsaHash>> = {
  RSAES_OAEP_SHA_1: 'sha1',
  RSAES_OAEP_SHA_256: 'sha256',
}

/** `Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.` (reference §3, quoted). */
function assertAlgorithm(key: KmsKey, algorithm: EncryptionAlgorithmSpec): void {
  const allowed = encryptionAlgorithmsFor(key.keySpec, key.keyUsage) ?? []
  if (!allowed.includes(algorithm)) {
    throw new InvalidKeyUsageException(
      `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`,
    )
  }
}

/**
 * KMS refuses an encryption context with asymmetric keys (reference §4). The code and text are
 * not captured from AWS: this is the ValidationException text several emulators agree on
 * (floci, among others); the contract suite should confirm it.
 */
function assertNoContext(context: EncryptionContext | undefined): void {
  if (context !== undefined && Object.keys(context).length > 0) {
    throw new ValidationException(
      'EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.',
    )
  }
}

function rsaParts(
  key: KmsKey,
  algorithm: EncryptionAlgorithmSpec,
): { hash: RsaHash; bits: number; pair: NonNullable<KmsKey['keyPair']> } {
  const hash = OAEP_HASH[algorithm]
  const bits = rsaModulusBits(key.keySpec)
  const pair = key.keyPair
  // assertAlgorithm admitted only RSA keys with an OAEP algorithm, which always have a pair.
  if (hash === undefined || bits === undefined || pair === undefined)
    throw new Error(`key ${key.id} cannot do ${algorithm}`)
  return { hash, bits, pair }
}

export interface Sealed {
  readonly blob: Uint8Array
  /** The key material used; symmetric keys only. */
  readonly materialId?: string
}

/** Checks the key and algorithm, then encrypts. `operation` names the API call in error texts. */
export function encryptWith(
  ctx: KmsContext,
  key: KmsKey,
  plaintext: Uint8Array,
  context: EncryptionContext | undefined,
  algorithm: EncryptionAlgorithmSpec,
  operation: string,
): Sealed {
  assertUsableFor(key, operation, 'ENCRYPT_DECRYPT')
  assertAlgorithm(key, algorithm)
  if (isSymmetric(key)) return sealSymmetric(ctx, key, plaintext, context)
  assertNoContext(context)
  const { hash, bits, pair } = rsaParts(key, algorithm)
  const max = oaepMaxPlaintext(bits, hash)
  if (plaintext.length > max) {
    // [AWS-cap 2023-04-13] LocalStack test_encrypt_validate_plaintext_size_per_key_type.
    throw new ValidationException(
      `Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${max} bytes.`,
    )
  }
  const seed = ctx.random.bytes(hashLength(hash))
  return { blob: oaepEncrypt(pair.publicKey, hash, plaintext, seed) }
}

export interface Decrypted {
  readonly key: KmsKey
  readonly plaintext: Uint8Array
  /** Symmetric keys only. */
  readonly materialId?: string
}

/**
 * Decrypts a blob. Symmetric blobs name their key, so `expected` is optional and a different key
 * is `IncorrectKeyException`. Raw RSA ciphertext names nothing: without a KeyId there is no way
 * to find the key, so it fails like any foreign blob, with `InvalidCiphertextException`, as AWS
 * answers when KeyId is left out for an asymmetric ciphertext (aws/aws-sdk-java#2310).
 */
export function decryptWith(
  ctx: KmsContext,
  blob: Uint8Array,
  context: EncryptionContext | undefined,
  expected: KmsKey | undefined,
  algorithm: EncryptionAlgorithmSpec,
  operation: string,
): Decrypted {
  if (expected !== undefined && !isSymmetric(expected)) {
    assertUsableFor(expected, operation, 'ENCRYPT_DECRYPT')
    // With SYMMETRIC_DEFAULT, KMS reads the blob as symmetric ciphertext, whose key cannot be the
    // asymmetric key named: AWS answers IncorrectKeyException (noted from AWS runs in
    // hashicorp/terraform-provider-aws#28604). Not captured verbatim.
    if (algorithm === 'SYMMETRIC_DEFAULT') throw new IncorrectKeyException()
    assertAlgorithm(expected, algorithm)
    assertNoContext(context)
    const { hash, pair } = rsaParts(expected, algorithm)
    const plaintext = oaepDecrypt(pair.privateKey, hash, blob)
    if (plaintext === undefined) throw new InvalidCiphertextException()
    return { key: expected, plaintext }
  }
  if (expected !== undefined) assertAlgorithm(expected, algorithm)
  const opened = openSymmetric(ctx, blob, context, operation, expected)
  // Only reachable without a KeyId: the blob turned out to be symmetric ciphertext.
  assertAlgorithm(opened.key, algorithm)
  return opened
}
