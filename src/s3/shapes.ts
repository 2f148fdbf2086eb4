/**
 * S3 shapes shared by several operations, with AWS member names verbatim (DESIGN §6 rule 5), as
 * `@aws-sdk/client-s3` spells them. Timestamps are `Date`, bodies `ReadableStream<Uint8Array>`;
 * the REST-XML protocol turns them into headers, XML and bytes. Operation-specific request and
 * response shapes live next to their operation in `operations/*.ts`.
 */
import type { Secret } from '../core/secret.js'
import type { ChecksumAlgorithm } from '../crypto/checksums.js'

export type { ChecksumAlgorithm }

/** `x-amz-server-side-encryption` values S3 accepts on writes (reference §2). */
export const SERVER_SIDE_ENCRYPTIONS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const
export type ServerSideEncryption = (typeof SERVER_SIDE_ENCRYPTIONS)[number]

export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE'
export type BucketVersioningStatus = 'Enabled' | 'Suspended'

/** Storage classes a general purpose bucket accepts on PutObject. */
export const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
] as const
export type StorageClass = (typeof STORAGE_CLASSES)[number]

export interface Owner {
  ID: string
}

export interface CommonPrefix {
  Prefix: string
}

/** Bucket default encryption (`PutBucketEncryption` / `GetBucketEncryption`). */
export interface ServerSideEncryptionByDefault {
  SSEAlgorithm: string
  KMSMasterKeyID?: string
}
export interface ServerSideEncryptionRule {
  ApplyServerSideEncryptionByDefault?: ServerSideEncryptionByDefault
  BucketKeyEnabled?: boolean
  /** `EncryptionType` values (2026 model); a string as decoded, validated by the operation. */
  BlockedEncryptionTypes?: { EncryptionType?: string[] }
}
export interface ServerSideEncryptionConfiguration {
  Rules: ServerSideEncryptionRule[]
}

/**
 * The encryption members of a write request (PutObject today; CopyObject's destination, POST
 * Object and CreateMultipartUpload later), as the protocol decodes them from headers or form
 * fields. Values are raw strings so that `encryption/plan.ts` applies every SSE rule in one place.
 */
export interface EncryptionRequest {
  /** `AES256 | aws:kms | aws:kms:dsse`; anything else is refused by the plan. */
  ServerSideEncryption?: string
  SSEKMSKeyId?: string
  /** Raw header value: base64 of a UTF-8 JSON string→string map (the plan decodes it). */
  SSEKMSEncryptionContext?: string
  BucketKeyEnabled?: boolean
  SSECustomerAlgorithm?: string
  /** The `…-customer-key` header's base64 text, kept secret from the protocol on (`sse-c.ts`). */
  SSECustomerKey?: Secret
  SSECustomerKeyMD5?: string
}

/** How a stored object is encrypted, as responses report it (PUT, GET, HEAD). */
export interface EncryptionOutput {
  ServerSideEncryption?: ServerSideEncryption
  /** Always the key ARN (reference §2). */
  SSEKMSKeyId?: string
  BucketKeyEnabled?: boolean
  SSECustomerAlgorithm?: string
  SSECustomerKeyMD5?: string
}

/** Flexible checksum members of a response; at most one value is set. */
export interface ChecksumOutput {
  ChecksumCRC32?: string
  ChecksumCRC32C?: string
  ChecksumCRC64NVME?: string
  ChecksumSHA1?: string
  ChecksumSHA256?: string
  ChecksumType?: ChecksumType
}

/** Content headers stored with an object and returned on GET/HEAD. */
export interface ContentHeaders {
  CacheControl?: string
  ContentDisposition?: string
  ContentEncoding?: string
  ContentLanguage?: string
  ContentType?: string
  /** As the client sent it, valid HTTP date or not: S3 stores and returns the string unchanged. */
  Expires?: string
}
