import type { Random } from '../../core/random.js'
import type { KmsContext } from '../context.js'
import { type Curve, CURVES, bytesToBigInt, ecdsaSign, ecdsaVerify } from '../ecdsa.js'
import {
  InvalidKeyUsageException,
  KMSInvalidSignatureException,
  UnsupportedOperationException,
  ValidationException,
} from '../errors.js'
import {
  assertEnabled,
  assertUsableFor,
  encryptionAlgorithmsFor,
  isEcc,
  isRsa,
  type KeyPair,
  type KmsKey,
  signingAlgorithmsFor,
} from '../key.js'
import { isMlKem } from '../ml-kem.js'
import { resolveKey } from '../key-id.js'
import {
  digest,
  hashLength,
  pkcs1Sign,
  pkcs1Verify,
  pssSign,
  pssVerify,
  type RsaHash,
} from '../rsa.js'
import type { EncryptionAlgorithmSpec, KeySpec, KeyUsage, SigningAlgorithmSpec } from '../shapes.js'
import { noteKey } from './common.js'
import { unlessDryRun } from './table.js'

type MessageType = 'RAW' | 'DIGEST' | 'EXTERNAL_MU'

interface Scheme {
  readonly family: 'pss' | 'pkcs1' | 'ecdsa'
  readonly hash: RsaHash
}

const SCHEMES: Partial<Record<SigningAlgorithmSpec, Scheme>> = {
  RSASSA_PSS_SHA_256: { family: 'pss', hash: 'sha256' },
  RSASSA_PSS_SHA_384: { family: 'pss', hash: 'sha384' },
  RSASSA_PSS_SHA_512: { family: 'pss', hash: 'sha512' },
  RSASSA_PKCS1_V1_5_SHA_256: { family: 'pkcs1', hash: 'sha256' },
  RSASSA_PKCS1_V1_5_SHA_384: { family: 'pkcs1', hash: 'sha384' },
  RSASSA_PKCS1_V1_5_SHA_512: { family: 'pkcs1', hash: 'sha512' },
  ECDSA_SHA_256: { family: 'ecdsa', hash: 'sha256' },
  ECDSA_SHA_384: { family: 'ecdsa', hash: 'sha384' },
  ECDSA_SHA_512: { family: 'ecdsa', hash: 'sha512' },
}

interface Signing {
  readonly key: KmsKey
  readonly pair: KeyPair
  readonly scheme: Scheme
  readonly digest: Uint8Array
}

/**
 * The checks Sign and Verify share, then the digest to sign. An algorithm the key does not offer
 * gets the same text as for encryption and MAC algorithms (captured for those, assumed here).
 * With `DIGEST` the message is the digest and its length must fit the algorithm:
 * `Digest is invalid length for algorithm ECDSA_SHA_256.` ([AWS-cap] test_sign_verify).
 */
function prepare(
  ctx: KmsContext,
  input: { KeyId: string; Message: Uint8Array; MessageType?: MessageType },
  algorithm: SigningAlgorithmSpec,
  operation: string,
): Signing {
  const key = resolveKey(ctx, input.KeyId)
  noteKey(ctx, key)
  assertUsableFor(key, operation, 'SIGN_VERIFY')
  const scheme = SCHEMES[algorithm]
  const pair = key.keyPair
  if (
    scheme === undefined ||
    pair === undefined ||
    !(signingAlgorithmsFor(key.keySpec, key.keyUsage) ?? []).includes(algorithm)
  ) {
    throw new InvalidKeyUsageException(
      `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`,
    )
  }
  const messageType = input.MessageType ?? 'RAW'
  if (messageType === 'EXTERNAL_MU') {
    // EXTERNAL_MU is for ML-DSA keys, which are not emulated; AWS's text here is not captured.
    throw new ValidationException(
      `MessageType EXTERNAL_MU is not valid for signing algorithm ${algorithm}.`,
    )
  }
  if (messageType === 'DIGEST' && input.Message.length !== hashLength(scheme.hash)) {
    throw new ValidationException(`Digest is invalid length for algorithm ${algorithm}.`)
  }
  const messageDigest =
    messageType === 'DIGEST' ? input.Message : digest(scheme.hash, input.Message)
  return { key, pair, scheme, digest: messageDigest }
}

function curveOf(key: KmsKey): Curve {
  const curve = CURVES[key.keySpec]
  if (curve === undefined) throw new Error(`key ${key.id} is not on a curve`)
  return curve
}

/** With the pair's KeyObjects: re-parsing its DER here is what broke under MSW 3 (see KeyPair). */
function sign(s: Signing, random: Random): Uint8Array {
  const { privateKey } = s.pair
  switch (s.scheme.family) {
    case 'pkcs1':
      return pkcs1Sign(privateKey, s.scheme.hash, s.digest)
    case 'pss':
      return pssSign(privateKey, s.scheme.hash, s.digest, random.bytes(hashLength(s.scheme.hash)))
    case 'ecdsa': {
      const jwk = privateKey.export({ format: 'jwk' })
      const d = bytesToBigInt(Buffer.from(jwk.d ?? '', 'base64url'))
      return ecdsaSign(curveOf(s.key), d, s.digest, random)
    }
  }
}

function verify(s: Signing, signature: Uint8Array): boolean {
  const { publicKey } = s.pair
  switch (s.scheme.family) {
    case 'pkcs1':
      return pkcs1Verify(publicKey, s.scheme.hash, s.digest, signature)
    case 'pss':
      return pssVerify(publicKey, s.scheme.hash, s.digest, signature)
    case 'ecdsa': {
      const jwk = publicKey.export({ format: 'jwk' })
      const point = {
        x: bytesToBigInt(Buffer.from(jwk.x ?? '', 'base64url')),
        y: bytesToBigInt(Buffer.from(jwk.y ?? '', 'base64url')),
      }
      return ecdsaVerify(curveOf(s.key), point, s.digest, signature)
    }
  }
}

export interface SignRequest {
  KeyId: string
  Message: Uint8Array
  MessageType?: MessageType
  GrantTokens?: string[]
  SigningAlgorithm: SigningAlgorithmSpec
  DryRun?: boolean
}
export interface SignResponse {
  KeyId: string
  Signature: Uint8Array
  SigningAlgorithm: SigningAlgorithmSpec
}

/** RSA signatures are raw PKCS #1 output; ECDSA signatures are DER `ECDSA-Sig-Value`, as AWS returns. */
export function signMessage(input: SignRequest, ctx: KmsContext): SignResponse {
  const signing = prepare(ctx, input, input.SigningAlgorithm, 'Sign')
  return unlessDryRun(input, {
    KeyId: signing.key.arn,
    Signature: sign(signing, ctx.random),
    SigningAlgorithm: input.SigningAlgorithm,
  })
}

export interface VerifyRequest {
  KeyId: string
  Message: Uint8Array
  MessageType?: MessageType
  Signature: Uint8Array
  SigningAlgorithm: SigningAlgorithmSpec
  GrantTokens?: string[]
  DryRun?: boolean
}
export interface VerifyResponse {
  KeyId: string
  SignatureValid: true
  SigningAlgorithm: SigningAlgorithmSpec
}

/** A signature that does not verify is an error with an empty message ([AWS-cap] test_sign_verify). */
export function verifySignature(input: VerifyRequest, ctx: KmsContext): VerifyResponse {
  const signing = prepare(ctx, input, input.SigningAlgorithm, 'Verify')
  if (!verify(signing, input.Signature)) throw new KMSInvalidSignatureException()
  return unlessDryRun(input, {
    KeyId: signing.key.arn,
    SignatureValid: true,
    SigningAlgorithm: input.SigningAlgorithm,
  })
}

export interface GetPublicKeyRequest {
  KeyId: string
  GrantTokens?: string[]
}
export interface GetPublicKeyResponse {
  KeyId: string
  PublicKey: Uint8Array
  CustomerMasterKeySpec: KeySpec
  KeySpec: KeySpec
  KeyUsage: KeyUsage
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[]
  SigningAlgorithms?: SigningAlgorithmSpec[]
  KeyAgreementAlgorithms?: 'ECDH'[]
  EncapsulationAlgorithms?: 'ML_KEM'[]
}

/**
 * The SPKI DER public key with what a caller needs to use it safely offline. Symmetric and HMAC
 * keys have no public key: AWS answers UnsupportedOperationException, with a text not captured;
 * this one follows the `<arn> … which is not valid for this operation.` pattern AWS uses for
 * other UnsupportedOperationException cases (reference §3).
 */
export function getPublicKey(input: GetPublicKeyRequest, ctx: KmsContext): GetPublicKeyResponse {
  const key = resolveKey(ctx, input.KeyId)
  noteKey(ctx, key)
  assertEnabled(key)
  if (
    key.keyPair === undefined ||
    !(isRsa(key.keySpec) || isEcc(key.keySpec) || isMlKem(key.keySpec))
  ) {
    throw new UnsupportedOperationException(
      `${key.arn} key spec is ${key.keySpec} which is not valid for this operation.`,
    )
  }
  const encryption = encryptionAlgorithmsFor(key.keySpec, key.keyUsage)
  const signing = signingAlgorithmsFor(key.keySpec, key.keyUsage)
  return {
    KeyId: key.arn,
    PublicKey: key.keyPair.publicKeySpki,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    ...(encryption === undefined ? {} : { EncryptionAlgorithms: [...encryption] }),
    ...(signing === undefined ? {} : { SigningAlgorithms: [...signing] }),
    ...(key.keyUsage === 'KEY_AGREEMENT' ? { KeyAgreementAlgorithms: ['ECDH' as const] } : {}),
    ...(key.keyUsage === 'ENCAPSULATE_DECAPSULATE'
      ? { EncapsulationAlgorithms: ['ML_KEM' as const] }
      : {}),
  }
}
