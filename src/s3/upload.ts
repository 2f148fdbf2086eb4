import type { ChecksumAlgorithm } from '../crypto/checksums.js'
import type { StoredBlob } from './blob-store.js'
import type { Bucket } from './bucket.js'
import type { EncryptionDescriptor } from './object-version.js'
import type { ChecksumType, ContentHeaders, StorageClass } from './shapes.js'
import type { Tag } from './tagging.js'
import type { Grant } from './access-control.js'
import type { VersionLock } from './object-lock.js'

/**
 * Multipart uploads in progress (SPEC §4), kept in `S3State.uploads` by upload id so `reset()`
 * drops them with the rest of S3. An upload decides its encryption and checksum mode once, at
 * CreateMultipartUpload; every part is encrypted under the upload's data key, so Complete only
 * lists the parts' blobs (blob-store.ts `ObjectBody`) and never re-encrypts or copies data.
 * The upload keeps the data key wrapped, as the object will: SSE-KMS parts unwrap it with KMS
 * Decrypt, as S3 does (multipart SSE-KMS needs kms:Decrypt, and without it UploadPart is the call
 * that fails: aws/aws-sdk-js#1814, aws/aws-cli#4251), so no plaintext key sits in state. An SSE-C
 * upload keeps the create's key fingerprint in its descriptor to check each part's key, and the
 * data key wrapped under that customer key, so each part unwraps it with the key it brings.
 */
export interface MultipartUpload {
  readonly uploadId: string
  /** The bucket object itself: a bucket deleted and created again does not inherit uploads. */
  readonly bucket: Bucket
  readonly key: string
  readonly initiated: Date
  readonly storageClass: StorageClass
  readonly contentHeaders: Readonly<ContentHeaders>
  readonly metadata: Readonly<Record<string, string>>
  /** `x-amz-tagging` of CreateMultipartUpload, given to the object at completion. */
  readonly tags?: readonly Tag[]
  /** The ACL CreateMultipartUpload set, given to the object at completion. */
  readonly acl?: readonly Grant[]
  /** Retention and legal hold fixed at create (headers or the bucket's default). */
  readonly lock: VersionLock
  readonly encryption: EncryptionDescriptor
  /** The mode named at create; undefined: none named, S3 computes CRC64NVME FULL_OBJECT. */
  readonly checksum: UploadChecksum | undefined
  /** By part number; replaced at the commit step of UploadPart/UploadPartCopy. */
  readonly parts: Map<number, UploadedPart>
}

export interface UploadChecksum {
  readonly algorithm: ChecksumAlgorithm
  readonly type: ChecksumType
}

export interface UploadedPart {
  readonly partNumber: number
  readonly size: number
  /** Quoted, as S3 returns it. */
  readonly eTag: string
  readonly lastModified: Date
  readonly blob: StoredBlob
  /** base64 digests: the upload's algorithm (CRC64NVME when none), plus what the client sent. */
  readonly checksums: Readonly<Partial<Record<ChecksumAlgorithm, string>>>
  /** The algorithm UploadPart's response and ListParts report for this part. */
  readonly reported: ChecksumAlgorithm | undefined
}

/** What is remembered of a completed or aborted upload: where it was. */
export interface EndedUpload {
  readonly bucket: Bucket
  readonly key: string
}
