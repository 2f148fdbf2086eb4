/**
 * Every header name the S3 protocol reads or writes, lower-case as Fetch `Headers` returns them
 * (DESIGN §6 rule 5: header names live here and nowhere else).
 */
import type { ChecksumAlgorithm } from '../../crypto/checksums.js'

// ── Request/response metadata ───────────────────────────────────────────────
export const REQUEST_ID = 'x-amz-request-id'
export const ID_2 = 'x-amz-id-2'
export const BUCKET_REGION = 'x-amz-bucket-region'
export const ACL = 'x-amz-acl'
export const OBJECT_OWNERSHIP = 'x-amz-object-ownership'
export const BUCKET_OBJECT_LOCK_ENABLED = 'x-amz-bucket-object-lock-enabled'

// ── Standard HTTP headers S3 gives meaning to ───────────────────────────────
export const CONTENT_LENGTH = 'content-length'
export const CONTENT_TYPE = 'content-type'
export const CONTENT_MD5 = 'content-md5'
export const CONTENT_ENCODING = 'content-encoding'
export const CONTENT_LANGUAGE = 'content-language'
export const CONTENT_DISPOSITION = 'content-disposition'
export const CONTENT_RANGE = 'content-range'
export const CACHE_CONTROL = 'cache-control'
export const EXPIRES = 'expires'
export const ETAG = 'etag'
export const LAST_MODIFIED = 'last-modified'
export const ACCEPT_RANGES = 'accept-ranges'
export const RANGE = 'range'
export const IF_MATCH = 'if-match'
export const IF_NONE_MATCH = 'if-none-match'
export const IF_MODIFIED_SINCE = 'if-modified-since'
export const IF_UNMODIFIED_SINCE = 'if-unmodified-since'

// ── Body framing and payload hashing ────────────────────────────────────────
export const CONTENT_SHA256 = 'x-amz-content-sha256'
export const DECODED_CONTENT_LENGTH = 'x-amz-decoded-content-length'
export const TRAILER = 'x-amz-trailer'
export const TRAILER_SIGNATURE = 'x-amz-trailer-signature'

// ── Flexible checksums ──────────────────────────────────────────────────────
export const SDK_CHECKSUM_ALGORITHM = 'x-amz-sdk-checksum-algorithm'
export const CHECKSUM_ALGORITHM = 'x-amz-checksum-algorithm'
export const CHECKSUM_MODE = 'x-amz-checksum-mode'
export const CHECKSUM_TYPE = 'x-amz-checksum-type'
export const CHECKSUM_HEADERS: Readonly<Record<ChecksumAlgorithm, string>> = {
  CRC32: 'x-amz-checksum-crc32',
  CRC32C: 'x-amz-checksum-crc32c',
  CRC64NVME: 'x-amz-checksum-crc64nvme',
  SHA1: 'x-amz-checksum-sha1',
  SHA256: 'x-amz-checksum-sha256',
}

// ── Server-side encryption ──────────────────────────────────────────────────
export const SSE = 'x-amz-server-side-encryption'
export const SSE_KMS_KEY_ID = 'x-amz-server-side-encryption-aws-kms-key-id'
export const SSE_CONTEXT = 'x-amz-server-side-encryption-context'
export const SSE_BUCKET_KEY_ENABLED = 'x-amz-server-side-encryption-bucket-key-enabled'
export const SSE_C_ALGORITHM = 'x-amz-server-side-encryption-customer-algorithm'
export const SSE_C_KEY = 'x-amz-server-side-encryption-customer-key'
export const SSE_C_KEY_MD5 = 'x-amz-server-side-encryption-customer-key-md5'
export const COPY_SOURCE_SSE_C_ALGORITHM =
  'x-amz-copy-source-server-side-encryption-customer-algorithm'
export const COPY_SOURCE_SSE_C_KEY = 'x-amz-copy-source-server-side-encryption-customer-key'
export const COPY_SOURCE_SSE_C_KEY_MD5 = 'x-amz-copy-source-server-side-encryption-customer-key-md5'

// ── Copy ────────────────────────────────────────────────────────────────────
export const COPY_SOURCE = 'x-amz-copy-source'
export const COPY_SOURCE_RANGE = 'x-amz-copy-source-range'
export const COPY_SOURCE_VERSION_ID = 'x-amz-copy-source-version-id'
export const COPY_SOURCE_IF_MATCH = 'x-amz-copy-source-if-match'
export const COPY_SOURCE_IF_NONE_MATCH = 'x-amz-copy-source-if-none-match'
export const COPY_SOURCE_IF_MODIFIED_SINCE = 'x-amz-copy-source-if-modified-since'
export const COPY_SOURCE_IF_UNMODIFIED_SINCE = 'x-amz-copy-source-if-unmodified-since'
export const METADATA_DIRECTIVE = 'x-amz-metadata-directive'
export const TAGGING_DIRECTIVE = 'x-amz-tagging-directive'

// ── Objects and versions ────────────────────────────────────────────────────
export const VERSION_ID = 'x-amz-version-id'
export const DELETE_MARKER = 'x-amz-delete-marker'
export const MP_PARTS_COUNT = 'x-amz-mp-parts-count'
export const STORAGE_CLASS = 'x-amz-storage-class'
export const TAGGING = 'x-amz-tagging'
export const TAGGING_COUNT = 'x-amz-tagging-count'
export const WEBSITE_REDIRECT_LOCATION = 'x-amz-website-redirect-location'
export const OBJECT_ATTRIBUTES = 'x-amz-object-attributes'
export const MAX_PARTS = 'x-amz-max-parts'
export const PART_NUMBER_MARKER = 'x-amz-part-number-marker'
export const EXPIRATION = 'x-amz-expiration'
export const RESTORE = 'x-amz-restore'
export const OBJECT_LOCK_MODE = 'x-amz-object-lock-mode'
export const OBJECT_LOCK_RETAIN_UNTIL_DATE = 'x-amz-object-lock-retain-until-date'
export const OBJECT_LOCK_LEGAL_HOLD = 'x-amz-object-lock-legal-hold'
/** Variable retention (2026-09): recognised only to refuse it (not emulated). */
export const OBJECT_LOCK_EVENT_HOLD_HEADERS = [
  'x-amz-object-lock-event-hold',
  'x-amz-object-lock-event-hold-duration-days',
  'x-amz-object-lock-event-hold-duration-years',
] as const
export const BYPASS_GOVERNANCE_RETENTION = 'x-amz-bypass-governance-retention'
/** The parent object's ETag an annotation write is conditional on. */
export const OBJECT_IF_MATCH = 'x-amz-object-if-match'
export const OBJECT_VERSION_ID = 'x-amz-object-version-id'
/** CopyObject's `COPY` / `EXCLUDE` of the source's annotations (header or query parameter). */
export const OBJECT_ANNOTATION_DIRECTIVE = 'x-amz-object-annotation-directive'
export const ABORT_DATE = 'x-amz-abort-date'
export const ABORT_RULE_ID = 'x-amz-abort-rule-id'

/** User metadata: `x-amz-meta-<name>`. */
export const META_PREFIX = 'x-amz-meta-'

/** The operation hint every SDK command adds (`?x-id=PutObject`); never used for routing. */
export const QUERY_X_ID = 'x-id'

/** XML namespace of every S3 response document. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'
