import type { KeyObject } from 'node:crypto'
import type { Secret } from '../core/secret.js'
import { DisabledException, InvalidKeyUsageException, KMSInvalidStateException } from './errors.js'
import type {
  EncryptionAlgorithmSpec,
  KeyMetadata,
  KeySpec,
  KeyState,
  KeyUsage,
  MacAlgorithmSpec,
  MultiRegionConfiguration,
  Origin,
  SigningAlgorithmSpec,
  Tag,
} from './shapes.js'

/**
 * One version of a key's backing material. Symmetric ciphertext names the material it was made
 * with, so old ciphertexts keep decrypting after rotation or re-import.
 */
export interface KeyMaterial {
  /** 64 hex characters, as AWS's `KeyMaterialId`. */
  readonly id: string
  /** AES-256 key (symmetric) or HMAC key. Absent for asymmetric keys, whose pair is below. */
  readonly secret?: Secret
  readonly createdAt: Date
}

/**
 * An asymmetric key pair: DER-encoded for export and GetPublicKey (the private half a secret), and
 * the same keys as KeyObjects for the crypto, parsed once when the pair is made. Crypto never
 * re-parses the DER: Node's PKCS#8 parse reports any error already on OpenSSL's per-thread queue
 * as its own, and other code leaves errors there (Node's TLSWrap::SetSession drops an unparseable
 * session without clearing them, and MSW 3 offers one on every request after the first).
 */
export interface KeyPair {
  readonly privateKeyPkcs8: Secret
  readonly publicKeySpki: Uint8Array
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
}

export interface RotationRecord {
  readonly KeyMaterialId: string
  readonly RotationDate: Date
  readonly RotationType: 'AUTOMATIC' | 'ON_DEMAND'
}

export interface RotationSettings {
  readonly enabled: boolean
  readonly periodInDays: number
  readonly nextRotationDate?: Date
  readonly onDemandRotations: number
  readonly history: readonly RotationRecord[]
}

export interface ImportSettings {
  readonly expirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'
  readonly validTo?: Date
}

/**
 * A KMS key. Entities are immutable: operations build an updated copy and store it at the end,
 * so a failing call never leaves half a change behind (DESIGN §3 rule 4).
 */
export interface KmsKey {
  readonly id: string
  readonly arn: string
  readonly accountId: string
  readonly region: string
  readonly createdAt: Date
  readonly description: string
  readonly keySpec: KeySpec
  readonly keyUsage: KeyUsage
  readonly origin: Origin
  readonly keyManager: 'AWS' | 'CUSTOMER'
  readonly state: KeyState
  /** The state to return to when a pending deletion is cancelled is always Disabled; kept for PendingImport keys. */
  readonly deletionDate?: Date
  readonly pendingWindowInDays?: number
  readonly policy: string
  readonly tags: readonly Tag[]
  readonly materials: readonly KeyMaterial[]
  readonly currentMaterialId?: string
  readonly keyPair?: KeyPair
  readonly rotation: RotationSettings
  readonly import?: ImportSettings
  /** Multi-Region keys: this key's role in its set (the set shares id and key material). */
  readonly multiRegion?: 'PRIMARY' | 'REPLICA'
  /** Keys in a custom key store (Origin AWS_CLOUDHSM or EXTERNAL_KEY_STORE). */
  readonly customKeyStoreId?: string
  readonly cloudHsmClusterId?: string
  readonly xksKeyId?: string
}

/**
 * DescribeKey's view of a key. A multi-Region key's configuration names keys in other Regions,
 * so the caller that can see them passes it (`multiRegionConfiguration` in multi-region.ts).
 */
export function keyMetadata(key: KmsKey, multiRegion?: MultiRegionConfiguration): KeyMetadata {
  const metadata: KeyMetadata = {
    AWSAccountId: key.accountId,
    KeyId: key.id,
    Arn: key.arn,
    CreationDate: key.createdAt,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    MultiRegion: key.multiRegion !== undefined,
  }
  if (multiRegion !== undefined) metadata.MultiRegionConfiguration = multiRegion
  if (key.customKeyStoreId !== undefined) metadata.CustomKeyStoreId = key.customKeyStoreId
  if (key.cloudHsmClusterId !== undefined) metadata.CloudHsmClusterId = key.cloudHsmClusterId
  if (key.xksKeyId !== undefined) metadata.XksKeyConfiguration = { Id: key.xksKeyId }
  if (key.deletionDate !== undefined) metadata.DeletionDate = key.deletionDate
  if (key.pendingWindowInDays !== undefined)
    metadata.PendingDeletionWindowInDays = key.pendingWindowInDays
  if (key.import?.expirationModel !== undefined)
    metadata.ExpirationModel = key.import.expirationModel
  if (key.import?.validTo !== undefined) metadata.ValidTo = key.import.validTo
  const encryption = encryptionAlgorithmsFor(key.keySpec, key.keyUsage)
  if (encryption !== undefined) metadata.EncryptionAlgorithms = [...encryption]
  const signing = signingAlgorithmsFor(key.keySpec, key.keyUsage)
  if (signing !== undefined) metadata.SigningAlgorithms = [...signing]
  const mac = macAlgorithmsFor(key.keySpec)
  if (mac !== undefined) metadata.MacAlgorithms = [...mac]
  if (key.keyUsage === 'KEY_AGREEMENT') metadata.KeyAgreementAlgorithms = ['ECDH']
  if (key.keyUsage === 'ENCAPSULATE_DECAPSULATE') metadata.EncapsulationAlgorithms = ['ML_KEM']
  if (key.currentMaterialId !== undefined && isSymmetric(key))
    metadata.CurrentKeyMaterialId = key.currentMaterialId
  return metadata
}

export const isSymmetric = (key: Pick<KmsKey, 'keySpec'>): boolean =>
  key.keySpec === 'SYMMETRIC_DEFAULT'
export const isHmac = (spec: KeySpec): boolean => spec.startsWith('HMAC_')
export const isRsa = (spec: KeySpec): boolean => spec.startsWith('RSA_')
export const isEcc = (spec: KeySpec): boolean => spec.startsWith('ECC_')

function encryptionAlgorithmsFor(
  spec: KeySpec,
  usage: KeyUsage,
): readonly EncryptionAlgorithmSpec[] | undefined {
  if (usage !== 'ENCRYPT_DECRYPT') return undefined
  if (spec === 'SYMMETRIC_DEFAULT') return ['SYMMETRIC_DEFAULT']
  if (isRsa(spec)) return ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']
  return undefined
}

function signingAlgorithmsFor(
  spec: KeySpec,
  usage: KeyUsage,
): readonly SigningAlgorithmSpec[] | undefined {
  if (usage !== 'SIGN_VERIFY') return undefined
  if (isRsa(spec)) {
    return [
      'RSASSA_PSS_SHA_256',
      'RSASSA_PSS_SHA_384',
      'RSASSA_PSS_SHA_512',
      'RSASSA_PKCS1_V1_5_SHA_256',
      'RSASSA_PKCS1_V1_5_SHA_384',
      'RSASSA_PKCS1_V1_5_SHA_512',
    ]
  }
  switch (spec) {
    case 'ECC_NIST_P256':
    case 'ECC_SECG_P256K1':
      return ['ECDSA_SHA_256']
    case 'ECC_NIST_P384':
      return ['ECDSA_SHA_384']
    case 'ECC_NIST_P521':
      return ['ECDSA_SHA_512']
    default:
      return undefined
  }
}

function macAlgorithmsFor(spec: KeySpec): readonly MacAlgorithmSpec[] | undefined {
  switch (spec) {
    case 'HMAC_224':
      return ['HMAC_SHA_224']
    case 'HMAC_256':
      return ['HMAC_SHA_256']
    case 'HMAC_384':
      return ['HMAC_SHA_384']
    case 'HMAC_512':
      return ['HMAC_SHA_512']
    default:
      return undefined
  }
}

export { encryptionAlgorithmsFor, signingAlgorithmsFor, macAlgorithmsFor }

/**
 * Key state is enforced on every cryptographic use (SPEC §3): a disabled key answers
 * `DisabledException`, any other non-Enabled state `KMSInvalidStateException`, and a key made for
 * another purpose `InvalidKeyUsageException`, with AWS's texts.
 */
export function assertUsableFor(key: KmsKey, operation: string, usage: KeyUsage): void {
  assertEnabled(key)
  if (key.keyUsage !== usage)
    throw InvalidKeyUsageException.wrongUsage(key.arn, key.keyUsage, operation)
}

export function assertEnabled(key: KmsKey): void {
  switch (key.state) {
    case 'Enabled':
      return
    case 'Disabled':
      throw new DisabledException(key.arn)
    default:
      throw invalidState(key)
  }
}

const STATE_TEXT: Record<KeyState, string> = {
  Creating: 'creating',
  Enabled: 'enabled',
  Disabled: 'disabled',
  PendingDeletion: 'pending deletion',
  PendingImport: 'pending import',
  PendingReplicaDeletion: 'pending replica deletion',
  Unavailable: 'unavailable',
  Updating: 'updating',
}

/** `<key-arn> is pending deletion.` and its siblings. */
export function invalidState(key: KmsKey): KMSInvalidStateException {
  return new KMSInvalidStateException(`${key.arn} is ${STATE_TEXT[key.state]}.`)
}
