/**
 * Every header name the S3 protocol reads or writes, lower-case as Fetch `Headers` returns them
 * (DESIGN §6 rule 5: header names live here and nowhere else).
 */
import type { ChecksumAlgorithm } from '../../crypto/checksums.js'

// ── Request/response metadata ───────────────────────────────────────────────
export const REQUEST_ID = 'x-amz-request-id'
export const ID_2 = 'x-amz-id-2'
export const DATE = 'x-amz-date'
export const SECURITY_TOKEN = 'x-amz-security-token'
export const USER_AGENT = 'user-agent'
export const EXPECTED_BUCKET_OWNER = 'x-amz-expected-bucket-owner'
export const SOURCE_EXPECTED_BUCKET_OWNER = 'x-amz-source-expected-bucket-owner'
export const REQUEST_PAYER = 'x-amz-request-payer'
export const REQUEST_CHARGED = 'x-amz-request-charged'
export const BUCKET_REGION = 'x-amz-bucket-region'
export const ACL = 'x-amz-acl'
export const OBJECT_OWNERSHIP = 'x-amz-object-ownership'
export const BUCKET_OBJECT_LOCK_ENABLED = 'x-amz-bucket-object-lock-enabled'

// ── Standard HTTP headers S3 gives meaning to ───────────────────────────────
export const AUTHORIZATION = 'authorization'
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
export const EXPECT = 'expect'
export const TRANSFER_ENCODING = 'transfer-encoding'

// ── Body framing and payload hashing ────────────────────────────────────────
export const CONTENT_SHA256 = 'x-amz-content-sha256'
export const DECODED_CONTENT_LENGTH = 'x-amz-decoded-content-length'
export const TRAILER = 'x-amz-trailer'
export const TRAILER_SIGNATURE = 'x-amz-trailer-signature'

/** `x-amz-content-sha256` values that are not a hex digest of the body. */
export const CONTENT_SHA256_VALUES = {
  unsigned: 'UNSIGNED-PAYLOAD',
  streamingSigned: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  streamingSignedTrailer: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  streamingUnsignedTrailer: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  streamingEcdsa: 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  streamingEcdsaTrailer: 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
} as const

// ── Flexible checksums ──────────────────────────────────────────────────────
export const SDK_CHECKSUM_ALGORITHM = 'x-amz-sdk-checksum-algorithm'
export const CHECKSUM_ALGORITHM = 'x-amz-checksum-algorithm'
export const CHECKSUM_MODE = 'x-amz-checksum-mode'
export const CHECKSUM_TYPE = 'x-amz-checksum-type'
export const CHECKSUM_CRC32 = 'x-amz-checksum-crc32'
export const CHECKSUM_CRC32C = 'x-amz-checksum-crc32c'
export const CHECKSUM_CRC64NVME = 'x-amz-checksum-crc64nvme'
export const CHECKSUM_SHA1 = 'x-amz-checksum-sha1'
export const CHECKSUM_SHA256 = 'x-amz-checksum-sha256'
export const CHECKSUM_HEADERS: Readonly<Record<ChecksumAlgorithm, string>> = {
  CRC32: CHECKSUM_CRC32,
  CRC32C: CHECKSUM_CRC32C,
  CRC64NVME: CHECKSUM_CRC64NVME,
  SHA1: CHECKSUM_SHA1,
  SHA256: CHECKSUM_SHA256,
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
export const MFA = 'x-amz-mfa'
export const ABORT_DATE = 'x-amz-abort-date'
export const ABORT_RULE_ID = 'x-amz-abort-rule-id'
export const OPTIONAL_OBJECT_ATTRIBUTES = 'x-amz-optional-object-attributes'
export const WRITE_OFFSET_BYTES = 'x-amz-write-offset-bytes'
export const IF_MATCH_LAST_MODIFIED_TIME = 'x-amz-if-match-last-modified-time'
export const IF_MATCH_SIZE = 'x-amz-if-match-size'

/** User metadata: `x-amz-meta-<name>`. */
export const META_PREFIX = 'x-amz-meta-'
/** Count of metadata entries S3 could not return as headers (non-ASCII). */
export const MISSING_META = 'x-amz-missing-meta'

// ── Presigned query parameters (SigV4) ──────────────────────────────────────
export const QUERY_ALGORITHM = 'X-Amz-Algorithm'
export const QUERY_CREDENTIAL = 'X-Amz-Credential'
export const QUERY_DATE = 'X-Amz-Date'
export const QUERY_EXPIRES = 'X-Amz-Expires'
export const QUERY_SIGNED_HEADERS = 'X-Amz-SignedHeaders'
export const QUERY_SIGNATURE = 'X-Amz-Signature'
export const QUERY_SECURITY_TOKEN = 'X-Amz-Security-Token'
export const QUERY_CONTENT_SHA256 = 'X-Amz-Content-Sha256'
/** The operation hint every SDK command adds (`?x-id=PutObject`); never used for routing. */
export const QUERY_X_ID = 'x-id'

/** XML namespace of every S3 response document. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'
