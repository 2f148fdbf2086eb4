/**
 * KMS shapes shared by several operations, with AWS member names verbatim (DESIGN §6 rule 5).
 * Blobs are `Uint8Array`, timestamps `Date`; the JSON protocol converts both.
 */

export const KEY_SPECS = [
  'SYMMETRIC_DEFAULT',
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'ML_KEM_512',
  'ML_KEM_768',
  'ML_KEM_1024',
] as const
export type KeySpec = (typeof KEY_SPECS)[number]

export const KEY_USAGES = [
  'ENCRYPT_DECRYPT',
  'SIGN_VERIFY',
  'GENERATE_VERIFY_MAC',
  'KEY_AGREEMENT',
  'ENCAPSULATE_DECAPSULATE',
] as const
export type KeyUsage = (typeof KEY_USAGES)[number]

export const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const
export type Origin = (typeof ORIGINS)[number]

export type KeyState =
  | 'Creating'
  | 'Enabled'
  | 'Disabled'
  | 'PendingDeletion'
  | 'PendingImport'
  | 'PendingReplicaDeletion'
  | 'Unavailable'
  | 'Updating'

export const ENCRYPTION_ALGORITHMS = [
  'SYMMETRIC_DEFAULT',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'SM2PKE',
] as const
export type EncryptionAlgorithmSpec = (typeof ENCRYPTION_ALGORITHMS)[number]

export const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
  'ED25519_SHA_512',
  'ED25519_PH_SHA_512',
] as const
export type SigningAlgorithmSpec = (typeof SIGNING_ALGORITHMS)[number]

export const MAC_ALGORITHMS = [
  'HMAC_SHA_224',
  'HMAC_SHA_256',
  'HMAC_SHA_384',
  'HMAC_SHA_512',
] as const
export type MacAlgorithmSpec = (typeof MAC_ALGORITHMS)[number]

export type EncryptionContextType = Record<string, string>

export interface Tag {
  TagKey: string
  TagValue: string
}

export interface KeyMetadata {
  AWSAccountId: string
  KeyId: string
  Arn: string
  CreationDate: Date
  Enabled: boolean
  Description: string
  KeyUsage: KeyUsage
  KeyState: KeyState
  DeletionDate?: Date
  PendingDeletionWindowInDays?: number
  ValidTo?: Date
  Origin: Origin
  ExpirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'
  KeyManager: 'AWS' | 'CUSTOMER'
  CustomerMasterKeySpec: KeySpec
  KeySpec: KeySpec
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[]
  SigningAlgorithms?: SigningAlgorithmSpec[]
  MacAlgorithms?: MacAlgorithmSpec[]
  KeyAgreementAlgorithms?: 'ECDH'[]
  EncapsulationAlgorithms?: 'ML_KEM'[]
  MultiRegion: boolean
  MultiRegionConfiguration?: MultiRegionConfiguration
  CustomKeyStoreId?: string
  CloudHsmClusterId?: string
  XksKeyConfiguration?: { Id: string }
  CurrentKeyMaterialId?: string
}

/**
 * One key of a multi-Region set: its ARN and Region.
 * @public
 */
export interface MultiRegionKey {
  Arn: string
  Region: string
}

/**
 * A multi-Region key's role in its set, its primary key and its replicas (DescribeKey).
 * @public
 */
export interface MultiRegionConfiguration {
  MultiRegionKeyType: 'PRIMARY' | 'REPLICA'
  PrimaryKey: MultiRegionKey
  ReplicaKeys: MultiRegionKey[]
}
