import type { Secret } from '../core/secret.js'
import { type Bucket, everVersioned } from './bucket.js'
import { type Conditions, checkConditions } from './conditional.js'
import type { S3Context } from './context.js'
import { encryptionOutput } from './encryption/envelope.js'
import { type CustomerKey, customerKeyForRead } from './encryption/sse-c.js'
import {
  InvalidArgument,
  InvalidPartNumber,
  InvalidRequest,
  MethodNotAllowed,
  NoSuchKey,
  NoSuchVersion,
} from './errors.js'
import {
  checksumOutput,
  deleteMarkerHeaders,
  type ObjectVersion,
  type StoredChecksum,
} from './object-version.js'
import { type ByteRange, contentRange, resolveRange } from './range.js'
import type { ChecksumOutput, ContentHeaders, EncryptionOutput } from './shapes.js'
import { expirationOutput } from './lifecycle-engine.js'
import { taggingCount } from './tagging.js'
import { type LegalHoldStatus, lockOutput, type RetentionMode } from './object-lock.js'
import { assertReadable, restoreOutput } from './restore.js'
import { assertVersionId } from './versioning.js'

/** The request members GetObject and HeadObject share. */
export interface ReadObjectRequest extends Conditions {
  Bucket: string
  Key: string
  VersionId?: string
  /** The raw `Range` header value, e.g. `bytes=0-99`, `bytes=100-`, `bytes=-100`. */
  Range?: string
  PartNumber?: number
  /** `ENABLED` to get the stored checksum back (full-object reads only). */
  ChecksumMode?: string
  ResponseCacheControl?: string
  ResponseContentDisposition?: string
  ResponseContentEncoding?: string
  ResponseContentLanguage?: string
  ResponseContentType?: string
  /** As sent in `response-expires`: returned unchanged in Expires. */
  ResponseExpires?: string
  SSECustomerAlgorithm?: string
  SSECustomerKey?: Secret
  SSECustomerKeyMD5?: string
}

/** HeadObject's response; GetObject adds the body. */
export interface HeadObjectOutput extends EncryptionOutput, ChecksumOutput, ContentHeaders {
  AcceptRanges: 'bytes'
  LastModified: Date
  /** Bytes in this response's body (the range's length for ranged reads). */
  ContentLength: number
  ETag: string
  VersionId?: string
  Metadata: Record<string, string>
  /** Only for classes other than STANDARD, as S3 sends `x-amz-storage-class`. */
  StorageClass?: string
  /** Parts of a multipart object, with `PartNumber` reads. */
  PartsCount?: number
  /** `bytes start-end/size` for ranged and part reads. */
  ContentRange?: string
  /** `x-amz-tagging-count`: "The number of tags, if any, on the object" (GetObject API). */
  TagCount?: number
  /** `x-amz-expiration`, when a lifecycle rule expires the current version. */
  Expiration?: string
  /** `x-amz-object-lock-*`: the version's retention and legal hold (object-lock.ts). */
  ObjectLockMode?: RetentionMode
  ObjectLockRetainUntilDate?: Date
  ObjectLockLegalHoldStatus?: LegalHoldStatus
  /** `x-amz-restore` of an archived version being or having been restored. */
  Restore?: string
}

/** A resolved read: the version, what to send of it, and the response members. */
export interface PreparedRead {
  readonly bucket: Bucket
  readonly version: ObjectVersion
  /** Undefined: the whole object. */
  readonly range: ByteRange | undefined
  readonly output: HeadObjectOutput
  /** The request's customer key, matched against an SSE-C version; undefined for the others. */
  readonly customerKey: CustomerKey | undefined
}

const MAX_PART_NUMBER = 10_000

/**
 * The version a read names: NoSuchKey / NoSuchVersion / 405 on a delete marker, as S3 answers.
 * Also what the object subresources (tagging, ACL, retention, legal hold) act on.
 */
export function versionToRead(
  bucket: Bucket,
  input: { readonly Key: string; readonly VersionId?: string | undefined },
  method: string,
): ObjectVersion {
  const entries = bucket.objects.get(input.Key) ?? []
  const versioned = everVersioned(bucket)
  if (input.VersionId === undefined) {
    const current = entries[0]
    if (current === undefined) throw new NoSuchKey(input.Key)
    if (current.kind === 'deleteMarker') {
      throw new NoSuchKey(input.Key, deleteMarkerHeaders(current, versioned))
    }
    return current
  }
  assertVersionId(input.VersionId)
  const entry = entries.find((e) => e.versionId === input.VersionId)
  if (entry === undefined) throw new NoSuchVersion(input.Key, input.VersionId)
  if (entry.kind === 'deleteMarker') {
    // A delete marker named by version id: 405 with the marker's headers (S3 user guide,
    // "Working with delete markers").
    throw new MethodNotAllowed(method, 'DeleteMarker', {
      ...deleteMarkerHeaders(entry, versioned),
      'Last-Modified': entry.lastModified.toUTCString(),
      Allow: 'DELETE',
    })
  }
  return entry
}

/** The byte range of part `partNumber`; a single-part object has exactly one part. */
function partRange(
  version: ObjectVersion,
  partNumber: number,
): { range: ByteRange; partsCount?: number; checksum?: StoredChecksum } {
  const parts = version.parts
  if (parts === undefined) {
    if (partNumber !== 1) throw new InvalidPartNumber(partNumber, 1)
    return {
      range: { start: 0, end: version.size - 1 },
      ...(version.checksum === undefined ? {} : { checksum: version.checksum }),
    }
  }
  const index = parts.findIndex((p) => p.partNumber === partNumber)
  const part = parts[index]
  if (part === undefined) throw new InvalidPartNumber(partNumber, parts.length)
  const start = version.body.partOffset(index)
  return {
    range: { start, end: start + part.size - 1 },
    partsCount: parts.length,
    ...(part.checksum === undefined ? {} : { checksum: part.checksum }),
  }
}

/**
 * Everything GetObject and HeadObject decide before any byte is decrypted: the version (or the
 * 404/405 AWS answers), the conditions, the range or part, and the response members.
 */
export function prepareRead(
  ctx: S3Context,
  bucket: Bucket,
  input: ReadObjectRequest,
  method: 'GET' | 'HEAD',
): PreparedRead {
  if (input.PartNumber !== undefined) {
    if (input.Range !== undefined) {
      throw new InvalidRequest('Cannot specify both Range header and partNumber query parameter')
    }
    if (
      !Number.isInteger(input.PartNumber) ||
      input.PartNumber < 1 ||
      input.PartNumber > MAX_PART_NUMBER
    ) {
      throw new InvalidArgument(
        'Part number must be an integer between 1 and 10000, inclusive',
        'partNumber',
        String(input.PartNumber),
      )
    }
  }
  const version = versionToRead(bucket, input, method)
  const now = ctx.clock.now()
  // An archived version is read only once restored; HEAD still answers (HeadObject API reference).
  if (method === 'GET') assertReadable(version, now)
  // SSE-C objects need their key for anything but a 404 (reference §1.1); others refuse one.
  const customerKey = customerKeyForRead(version.encryption, input, ctx.caller.secure)
  checkConditions(input, version, now)

  let range: ByteRange | undefined
  let partsCount: number | undefined
  let checksum: StoredChecksum | undefined = version.checksum
  if (input.PartNumber !== undefined) {
    const part = partRange(version, input.PartNumber)
    range = part.range
    partsCount = part.partsCount
    checksum = part.checksum
  } else {
    range = resolveRange(input.Range, version.size)
    // No checksum for a ranged read: it would not match the bytes sent (reference sdk-wire-facts
    // §1a: the SDK validates any full checksum it gets).
    if (range !== undefined) checksum = undefined
  }
  const length = range === undefined ? version.size : range.end - range.start + 1
  const output: HeadObjectOutput = {
    AcceptRanges: 'bytes',
    LastModified: version.lastModified,
    ContentLength: length,
    ETag: version.eTag,
    ...(everVersioned(bucket) ? { VersionId: version.versionId } : {}),
    ...version.contentHeaders,
    ...responseOverrides(input),
    Metadata: { ...version.metadata },
    ...(version.storageClass === 'STANDARD' ? {} : { StorageClass: version.storageClass }),
    ...encryptionOutput(version.encryption),
    ...(input.ChecksumMode === 'ENABLED' ? checksumOutput(checksum) : {}),
    ...(partsCount === undefined ? {} : { PartsCount: partsCount }),
    ...taggingCount(version.tags),
    ...lockOutput(version),
    ...restoreOutput(version.restore, now),
    // Not for reads naming a version, even the current one (LocalStack's AWS-validated snapshot).
    ...(input.VersionId === undefined ? expirationOutput(bucket, version) : {}),
    ...(range === undefined || length === 0
      ? {}
      : { ContentRange: contentRange(range, version.size) }),
  }
  return { bucket, version, range, output, customerKey }
}

/** `response-content-type` and friends replace the stored headers in this response only. */
function responseOverrides(input: ReadObjectRequest): ContentHeaders {
  return {
    ...(input.ResponseCacheControl === undefined
      ? {}
      : { CacheControl: input.ResponseCacheControl }),
    ...(input.ResponseContentDisposition === undefined
      ? {}
      : { ContentDisposition: input.ResponseContentDisposition }),
    ...(input.ResponseContentEncoding === undefined
      ? {}
      : { ContentEncoding: input.ResponseContentEncoding }),
    ...(input.ResponseContentLanguage === undefined
      ? {}
      : { ContentLanguage: input.ResponseContentLanguage }),
    ...(input.ResponseContentType === undefined ? {} : { ContentType: input.ResponseContentType }),
    ...(input.ResponseExpires === undefined ? {} : { Expires: input.ResponseExpires }),
  }
}
