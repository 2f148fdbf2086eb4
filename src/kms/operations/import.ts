import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt } from 'node:crypto'
import { Secret } from '../../core/secret.js'
import { fingerprint } from '../../crypto/fingerprint.js'
import type { KmsContext } from '../context.js'
import {
  ExpiredImportTokenException,
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  InvalidImportTokenException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
} from '../errors.js'
import { invalidState, type ImportSettings, type KeyMaterial, type KmsKey } from '../key.js'
import type { KeySpec } from '../shapes.js'
import type { PendingImport } from '../state.js'
import { resolveManagedKey } from './common.js'

const DAY_MS = 86_400_000
/** Import parameters are valid for 24 hours (GetParametersForImport API reference). */
const PARAMETERS_VALID_MS = DAY_MS
const MAX_VALID_TO_MS = 365 * DAY_MS
const IMPORT_TOKEN_BYTES = 256

type WrappingAlgorithm =
  | 'RSAES_PKCS1_V1_5'
  | 'RSAES_OAEP_SHA_1'
  | 'RSAES_OAEP_SHA_256'
  | 'RSA_AES_KEY_WRAP_SHA_1'
  | 'RSA_AES_KEY_WRAP_SHA_256'
  | 'SM2PKE'
type WrappingKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'SM2'

/** The OAEP hash of each supported wrapping algorithm. */
const OAEP_HASH: Partial<Record<WrappingAlgorithm, 'sha1' | 'sha256'>> = {
  RSAES_OAEP_SHA_1: 'sha1',
  RSAES_OAEP_SHA_256: 'sha256',
  RSA_AES_KEY_WRAP_SHA_1: 'sha1',
  RSA_AES_KEY_WRAP_SHA_256: 'sha256',
}
const RSA_BITS: Partial<Record<WrappingKeySpec, number>> = {
  RSA_2048: 2048,
  RSA_3072: 3072,
  RSA_4096: 4096,
}

/** Material lengths KMS accepts per key spec (KMS developer guide, "Import key material"). */
const MATERIAL_BYTES: Partial<Record<KeySpec, readonly [number, number]>> = {
  SYMMETRIC_DEFAULT: [32, 32],
  HMAC_224: [28, 64],
  HMAC_256: [32, 64],
  HMAC_384: [48, 128],
  HMAC_512: [64, 128],
}

/** Import operations exist only for keys created with `Origin: EXTERNAL` (captured text, reference §3). */
function externalKey(ctx: KmsContext, keyId: string): KmsKey {
  const key = resolveManagedKey(ctx, keyId)
  if (key.origin !== 'EXTERNAL') {
    throw new UnsupportedOperationException(
      `${key.arn} origin is ${key.origin} which is not valid for this operation.`,
    )
  }
  return key
}

// Uncaptured: the service model's descriptions of these exceptions.
const incorrectMaterial = (): IncorrectKeyMaterialException =>
  new IncorrectKeyMaterialException(
    'The key material in the request is, expired, invalid, or is not the same key material that was previously imported into this KMS key.',
  )

export interface GetParametersForImportRequest {
  KeyId: string
  WrappingAlgorithm: WrappingAlgorithm
  WrappingKeySpec: WrappingKeySpec
}
export interface GetParametersForImportResponse {
  KeyId: string
  ImportToken: Uint8Array
  PublicKey: Uint8Array
  ParametersValidTo: Date
}

/**
 * A fresh RSA wrapping key pair and import token for one key. The pair comes from node's
 * generateKeyPairSync and is therefore not reproducible from `seed`; the token is.
 */
export function getParametersForImport(
  input: GetParametersForImportRequest,
  ctx: KmsContext,
): GetParametersForImportResponse {
  const key = externalKey(ctx, input.KeyId)
  if (key.state === 'PendingDeletion') throw invalidState(key)
  if (input.WrappingAlgorithm === 'RSAES_PKCS1_V1_5') {
    // Uncaptured: KMS stopped accepting PKCS#1 v1.5 wrapping in 2023.
    throw new ValidationException(
      'The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.',
    )
  }
  const bits = RSA_BITS[input.WrappingKeySpec]
  if (OAEP_HASH[input.WrappingAlgorithm] === undefined || bits === undefined) {
    // Deliberate: SM2 wrapping exists only in China Regions and is not emulated.
    throw new UnsupportedOperationException(
      `s3-kms-mock does not emulate SM2 key wrapping (${input.WrappingAlgorithm} with ${input.WrappingKeySpec}).`,
    )
  }
  const pair = generateKeyPairSync('rsa', { modulusLength: bits })
  const importToken = ctx.random.bytes(IMPORT_TOKEN_BYTES)
  const validTo = new Date(ctx.clock.now().getTime() + PARAMETERS_VALID_MS)
  const pending: PendingImport = {
    keyId: key.id,
    importToken,
    wrappingAlgorithm: input.WrappingAlgorithm,
    wrappingKeySpec: input.WrappingKeySpec,
    wrappingPrivateKey: pair.privateKey,
    validTo,
  }
  ctx.kms.pendingImports.set(Buffer.from(importToken).toString('base64'), pending)
  return {
    KeyId: key.arn,
    ImportToken: importToken,
    PublicKey: new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' })),
    ParametersValidTo: validTo,
  }
}

/**
 * Opens the wrapped material: RSA-OAEP directly, or RSA-OAEP of an AES-256 key followed by AES
 * key wrap with padding (RFC 5649) for the RSA_AES_KEY_WRAP algorithms. Anything that does not
 * open is `InvalidCiphertextException`, which ImportKeyMaterial declares.
 */
function unwrap(pending: PendingImport, wrapped: Uint8Array): Uint8Array {
  const algorithm = pending.wrappingAlgorithm as WrappingAlgorithm
  const oaepHash = OAEP_HASH[algorithm]
  if (oaepHash === undefined) throw new InvalidCiphertextException()
  const rsa = (data: Uint8Array): Buffer =>
    privateDecrypt(
      { key: pending.wrappingPrivateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
      data,
    )
  try {
    if (!algorithm.startsWith('RSA_AES_KEY_WRAP')) return new Uint8Array(rsa(wrapped))
    const rsaBytes = (RSA_BITS[pending.wrappingKeySpec as WrappingKeySpec] ?? 0) / 8
    const aesKey = rsa(wrapped.subarray(0, rsaBytes))
    const decipher = createDecipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'))
    return new Uint8Array(
      Buffer.concat([decipher.update(wrapped.subarray(rsaBytes)), decipher.final()]),
    )
  } catch {
    throw new InvalidCiphertextException()
  }
}

type ExpirationModel = NonNullable<ImportSettings['expirationModel']>

/**
 * ExpirationModel and ValidTo (ImportKeyMaterial API reference): EXPIRES needs a ValidTo in the
 * next 365 days, DOES_NOT_EXPIRE forbids one; without a model, a ValidTo means EXPIRES.
 * Texts are uncaptured (the first is LocalStack's).
 */
function importSettings(
  model: ExpirationModel | undefined,
  validTo: Date | undefined,
  now: Date,
): ImportSettings {
  const expirationModel =
    model ?? (validTo === undefined ? 'KEY_MATERIAL_DOES_NOT_EXPIRE' : 'KEY_MATERIAL_EXPIRES')
  if (expirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (validTo !== undefined) {
      throw new ValidationException(
        'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE',
      )
    }
    return { expirationModel }
  }
  if (validTo === undefined) {
    throw new ValidationException(
      'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
    )
  }
  const ahead = validTo.getTime() - now.getTime()
  if (ahead <= 0 || ahead > MAX_VALID_TO_MS) {
    throw new ValidationException(
      'The validTo date must be in the future and no more than 365 days from now.',
    )
  }
  return { expirationModel, validTo }
}

/**
 * Imported material is named by a keyed hash of the key id and the bytes, so importing the same
 * bytes again yields the same KeyMaterialId and ciphertexts made before keep decrypting.
 */
const importedMaterialId = (key: KmsKey, bytes: Uint8Array): string =>
  Buffer.from(fingerprint(Buffer.from(`s3-kms-mock/imported/${key.id}`), bytes)).toString('hex')

export interface ImportKeyMaterialRequest {
  KeyId: string
  ImportToken: Uint8Array
  EncryptedKeyMaterial: Uint8Array
  ValidTo?: Date
  ExpirationModel?: ExpirationModel
  ImportType?: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL'
  KeyMaterialDescription?: string
  KeyMaterialId?: string
}
export interface ImportKeyMaterialResponse {
  KeyId: string
  KeyMaterialId: string
}

/**
 * Unwraps and installs the material; the key goes from PendingImport to Enabled. A key that once
 * had material accepts only the same material again. `KeyMaterialDescription` is accepted but
 * not kept.
 */
export function importKeyMaterial(
  input: ImportKeyMaterialRequest,
  ctx: KmsContext,
): ImportKeyMaterialResponse {
  const key = externalKey(ctx, input.KeyId)
  if (key.state === 'PendingDeletion') throw invalidState(key)
  const now = ctx.clock.now()
  const pending = ctx.kms.pendingImports.get(Buffer.from(input.ImportToken).toString('base64'))
  if (pending?.keyId !== key.id) {
    // Uncaptured: the model's description of InvalidImportTokenException.
    throw new InvalidImportTokenException(
      'The provided import token is invalid or is associated with a different KMS key.',
    )
  }
  if (now >= pending.validTo) {
    // Uncaptured: the model's description of ExpiredImportTokenException.
    throw new ExpiredImportTokenException(
      'The specified import token is expired. Use GetParametersForImport to get a new import token and public key, use the new public key to encrypt the key material, and then try the request again.',
    )
  }
  const settings = importSettings(input.ExpirationModel, input.ValidTo, now)
  if (input.ImportType === 'NEW_KEY_MATERIAL' && key.materials.length > 0) {
    // Deliberate: rotation of imported material (a second material version) is not emulated.
    throw new UnsupportedOperationException(
      's3-kms-mock does not emulate rotation of imported key material (ImportType NEW_KEY_MATERIAL on a key that already has material).',
    )
  }
  const bytes = unwrap(pending, input.EncryptedKeyMaterial)
  const [min, max] = MATERIAL_BYTES[key.keySpec] ?? [32, 32]
  if (bytes.length < min || bytes.length > max) throw incorrectMaterial()
  const id = importedMaterialId(key, bytes)
  const previous = key.materials.find((m) => m.id === id)
  if (key.materials.length > 0 && previous === undefined) throw incorrectMaterial()
  if (input.KeyMaterialId !== undefined && input.KeyMaterialId !== id) throw incorrectMaterial()
  const material: KeyMaterial = {
    id,
    secret: new Secret(bytes),
    createdAt: previous?.createdAt ?? now,
  }
  ctx.kms.keys.set(key.id, {
    ...key,
    state: key.state === 'PendingImport' ? 'Enabled' : key.state,
    materials: [material],
    currentMaterialId: id,
    import: settings,
  })
  return { KeyId: key.arn, KeyMaterialId: id }
}

export interface DeleteImportedKeyMaterialRequest {
  KeyId: string
  KeyMaterialId?: string
}
export interface DeleteImportedKeyMaterialResponse {
  KeyId: string
  KeyMaterialId?: string
}

/**
 * Removes the material: the key becomes PendingImport (a key pending deletion stays so) and
 * can be used again only after the same material is imported. The material's id is kept, so
 * that re-import is recognised.
 */
export function deleteImportedKeyMaterial(
  input: DeleteImportedKeyMaterialRequest,
  ctx: KmsContext,
): DeleteImportedKeyMaterialResponse {
  const key = externalKey(ctx, input.KeyId)
  if (input.KeyMaterialId !== undefined && input.KeyMaterialId !== key.currentMaterialId) {
    // Uncaptured: AWS's text for an unknown KeyMaterialId has not been recorded.
    throw new NotFoundException(`Key material ${input.KeyMaterialId} does not exist for ${key.arn}`)
  }
  const deleted = key.currentMaterialId
  const { currentMaterialId: _current, import: _settings, ...rest } = key
  ctx.kms.keys.set(key.id, {
    ...rest,
    state: key.state === 'PendingDeletion' ? key.state : 'PendingImport',
    materials: key.materials.map(({ secret: _secret, ...material }) => material),
  })
  return { KeyId: key.arn, ...(deleted === undefined ? {} : { KeyMaterialId: deleted }) }
}
