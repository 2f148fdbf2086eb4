import type { ObjectBody, StoredBlob } from './blob-store.js'
import type { Tag } from './tagging.js'
import type { Grant } from './access-control.js'
import type { VersionLock } from './object-lock.js'
import type { RestoreState } from './restore.js'
import type {
  ChecksumAlgorithm,
  ChecksumOutput,
  ChecksumType,
  ContentHeaders,
  StorageClass,
} from './shapes.js'

/**
 * How one object version's data key is protected (DESIGN §2 `object-version.ts`). The body is
 * always encrypted under a per-object random data key (`blob-store.ts`); the descriptor says how
 * that key is wrapped, so re-keying (UpdateObjectEncryption, CopyObject in place) rewraps the key
 * and never rewrites the data. Descriptors hold wrapped keys only, never plaintext ones.
 */
export type EncryptionDescriptor = SseS3Descriptor | SseKmsDescriptor | SseCDescriptor

/** SSE-S3: the data key wrapped under the S3-managed root key (`S3State.rootKey`). */
export interface SseS3Descriptor {
  readonly kind: 'SSE-S3'
  /** `iv ‖ tag ‖ ciphertext` of the data key (`encryption/sse-s3.ts`). */
  readonly wrappedDataKey: Uint8Array
}

/** SSE-KMS / DSSE-KMS: the data key as KMS's GenerateDataKey returned it, wrapped. */
export interface SseKmsDescriptor {
  readonly kind: 'SSE-KMS'
  readonly algorithm: 'aws:kms' | 'aws:kms:dsse'
  /** Normalised: always the key ARN KMS answered with, whatever id the request named. */
  readonly keyArn: string
  /** The full context sent to KMS, including `aws:s3:arn`; Decrypt must send it again. */
  readonly encryptionContext: Readonly<Record<string, string>>
  readonly bucketKeyEnabled: boolean
  /** KMS `CiphertextBlob`. */
  readonly wrappedDataKey: Uint8Array
}

/**
 * SSE-C (`encryption/sse-c.ts`, docs/decisions/0006-sse-c-keys.md): the customer key is never
 * stored, only a salted HMAC to recognise it (reference §1, crypto/fingerprint.ts) and its MD5,
 * which responses echo. The data key is wrapped under the customer key, so reading needs the
 * customer key again.
 */
export interface SseCDescriptor {
  readonly kind: 'SSE-C'
  readonly algorithm: 'AES256'
  /** base64 MD5 of the customer key, returned as `SSECustomerKeyMD5`. */
  readonly keyMd5: string
  readonly salt: Uint8Array
  readonly fingerprint: Uint8Array
  readonly wrappedDataKey: Uint8Array
}

/** A stored checksum: base64 value, as S3 returns it. */
export interface StoredChecksum {
  readonly algorithm: ChecksumAlgorithm
  readonly value: string
  readonly type: ChecksumType
}

/**
 * One annotation of an object version (annotations.ts). The payload is encrypted under the
 * version's own data key, so it inherits the parent's encryption ("annotations are encrypted with
 * the same KMS key", user guide, Annotating your objects) and follows any re-wrapping of that key.
 */
export interface StoredAnnotation {
  readonly name: string
  readonly blob: StoredBlob
  readonly eTag: string
  readonly checksum: StoredChecksum
  readonly lastModified: Date
}

/** One part of a multipart object (single PUTs have none). */
export interface PartLayout {
  readonly partNumber: number
  readonly size: number
  readonly eTag: string
  readonly checksum?: StoredChecksum
}

/** A stored object version: metadata plus the encrypted body. Immutable once committed. */
export interface ObjectVersion extends VersionLock {
  readonly kind: 'object'
  readonly key: string
  /** `null` for objects written while versioning was off or suspended. */
  readonly versionId: string
  readonly lastModified: Date
  readonly size: number
  /** Quoted, as S3 returns it: `"…"`. */
  readonly eTag: string
  readonly contentHeaders: Readonly<ContentHeaders>
  /** User metadata, keys lower-cased as S3 stores them. */
  readonly metadata: Readonly<Record<string, string>>
  readonly checksum?: StoredChecksum
  /** Parts of a multipart object, in order; absent for single PUTs. */
  readonly parts?: readonly PartLayout[]
  readonly storageClass: StorageClass
  readonly encryption: EncryptionDescriptor
  readonly body: ObjectBody
  /** The version's tag set (PutObjectTagging replaces the entry with a copy); none when absent. */
  readonly tags?: readonly Tag[]
  /** The object ACL when one was set (buckets whose ownership controls allow ACLs). */
  readonly acl?: readonly Grant[]
  /** The last RestoreObject of an archived version (restore.ts). */
  readonly restore?: RestoreState
  /** The version's annotations by name (PutObjectAnnotation swaps the entry for a copy). */
  readonly annotations?: ReadonlyMap<string, StoredAnnotation>
}

export interface DeleteMarker {
  readonly kind: 'deleteMarker'
  readonly key: string
  readonly versionId: string
  readonly lastModified: Date
}

export type VersionEntry = ObjectVersion | DeleteMarker

/** The version id of objects written without versioning (S3's literal `null`). */
export const NULL_VERSION = 'null'

/** The checksum members of a response for a stored checksum. */
export function checksumOutput(checksum: StoredChecksum | undefined): ChecksumOutput {
  if (checksum === undefined) return {}
  return { [`Checksum${checksum.algorithm}`]: checksum.value, ChecksumType: checksum.type }
}

/**
 * Headers S3 sends with errors about delete markers (404 NoSuchKey on the latest, 405
 * MethodNotAllowed on a marker named by version id). AwsError carries response headers as data
 * (DESIGN §4), so these are the only wire names the domain writes.
 */
export function deleteMarkerHeaders(marker: DeleteMarker, everVersioned: boolean) {
  return {
    'x-amz-delete-marker': 'true',
    ...(everVersioned ? { 'x-amz-version-id': marker.versionId } : {}),
  }
}
