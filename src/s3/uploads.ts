import type { Random } from '../core/random.js'
import type { Secret } from '../core/secret.js'
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  createHasher,
  type Hasher,
  isChecksumAlgorithm,
  toBase64,
} from '../crypto/checksums.js'
import { type StoredBlob, writeBlob } from './blob-store.js'
import type { Bucket } from './bucket.js'
import type { S3Context } from './context.js'
import type { MultipartUpload, UploadChecksum, UploadedPart } from './upload.js'
import {
  BadDigest,
  EntityTooLarge,
  IncompleteBody,
  InvalidArgument,
  InvalidRequest,
  NoSuchUpload,
} from './errors.js'
import {
  type CustomerKey,
  type CustomerKeyMembers,
  customerKeyForPart,
} from './encryption/sse-c.js'
import type { EncryptionDescriptor } from './object-version.js'
import { type BodyIntegrity, MAX_PUT_SIZE } from './object-write.js'

/** Parts are 1..10,000 (UploadPart API reference). */
export const MAX_PART_NUMBER = 10_000
/** Every part but the last must be at least 5 MiB (S3 user guide, "Multipart upload limits"). */
export const MIN_PART_SIZE = 5 * 1024 * 1024

/** Upload ids are opaque; AWS's are long URL-safe strings. Seeded worlds repeat them. */
export function newUploadId(random: Random): string {
  return Buffer.from(random.bytes(48)).toString('base64url').replace(/-/g, '.')
}

export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new InvalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      String(partNumber),
    )
  }
}

/** The upload `uploadId` of `bucket`/`key`, or NoSuchUpload (also for another key's upload). */
export function findUpload(
  ctx: S3Context,
  bucket: Bucket,
  key: string,
  uploadId: string,
): MultipartUpload {
  const upload = ctx.s3.uploads.get(uploadId)
  if (upload?.bucket !== bucket || upload.key !== key) throw new NoSuchUpload(uploadId)
  return upload
}

/**
 * How many ended uploads a world remembers. S3 answers AbortMultipartUpload with 204 for an upload
 * completed or aborted a moment ago (the SDK's own S3 e2e spec aborts in afterEach; reference
 * sdk-wire-facts §6); for how long it does is not captured, so the mock keeps the latest 10,000.
 */
export const ENDED_UPLOADS_KEPT = 10_000

/** Removes an upload that completed or was aborted, and remembers it for a later abort. */
export function endUpload(ctx: S3Context, upload: MultipartUpload): void {
  const ended = ctx.s3.endedUploads
  ctx.s3.uploads.delete(upload.uploadId)
  ended.delete(upload.uploadId)
  ended.set(upload.uploadId, { bucket: upload.bucket, key: upload.key })
  if (ended.size > ENDED_UPLOADS_KEPT) {
    const oldest = ended.keys().next()
    if (oldest.done !== true) ended.delete(oldest.value)
  }
}

/** True when `uploadId` of `bucket`/`key` completed or was aborted lately (see ENDED_UPLOADS_KEPT). */
export function uploadEnded(
  ctx: S3Context,
  bucket: Bucket,
  key: string,
  uploadId: string,
): boolean {
  const ended = ctx.s3.endedUploads.get(uploadId)
  return ended?.bucket === bucket && ended.key === key
}

/** True while the upload (and its bucket) are still there: commit steps re-check after awaits. */
export function isLive(ctx: S3Context, upload: MultipartUpload): boolean {
  return (
    ctx.s3.uploads.get(upload.uploadId) === upload &&
    ctx.s3.buckets.get(upload.bucket.name) === upload.bucket
  )
}

// ── Checksum modes (S3 user guide, "Checking object integrity", multipart rows) ─────────────

const FULL_OBJECT_CAPABLE: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME']
const COMPOSITE_CAPABLE: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256']

/**
 * `x-amz-checksum-algorithm` / `x-amz-checksum-type` of CreateMultipartUpload. The texts are
 * AWS's as pinned by openstack/swift's s3api checksum tests run against AWS (`is_aws` branches):
 * CRC64NVME is FULL_OBJECT only, SHA-1/SHA-256 COMPOSITE only; without a type, CRC64NVME
 * defaults to FULL_OBJECT and the others to COMPOSITE.
 */
export function uploadChecksumOf(
  algorithm: string | undefined,
  type: string | undefined,
): UploadChecksum | undefined {
  if (algorithm === undefined) {
    if (type === undefined) return undefined
    throw new InvalidRequest(
      'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
    )
  }
  const named = algorithm.toUpperCase()
  if (!isChecksumAlgorithm(named)) {
    throw new InvalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, SHA1, SHA256]',
    )
  }
  if (type === undefined) {
    return { algorithm: named, type: named === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE' }
  }
  if (type !== 'COMPOSITE' && type !== 'FULL_OBJECT') {
    throw new InvalidRequest('Value for x-amz-checksum-type header is invalid.')
  }
  const capable = type === 'COMPOSITE' ? COMPOSITE_CAPABLE : FULL_OBJECT_CAPABLE
  if (!capable.includes(named)) {
    throw new InvalidRequest(
      `The ${type} checksum type cannot be used with the ${named.toLowerCase()} checksum algorithm.`,
    )
  }
  return { algorithm: named, type }
}

export function checksumTypeMismatch(expected: string, actual: string): InvalidRequest {
  return new InvalidRequest(
    `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${actual.toLowerCase()}`,
  )
}

/** What a part write computes, and what its response reports. */
export interface PartChecksumPlan {
  readonly compute: readonly ChecksumAlgorithm[]
  readonly reported: ChecksumAlgorithm | undefined
}

/**
 * The checksums of one part. A COMPOSITE upload needs the client's part checksum, of the
 * create's algorithm ("…actual checksum Type: null" otherwise); a FULL_OBJECT upload computes a
 * missing one; an upload created without an algorithm verifies and echoes whatever the part
 * carries and computes CRC64NVME for the object's default checksum. Copied parts (`sent`
 * undefined, `copy`) always get the upload's algorithm computed by S3.
 */
export function partChecksumPlan(
  upload: MultipartUpload,
  sent: ChecksumAlgorithm | undefined,
  copy = false,
): PartChecksumPlan {
  const mode = upload.checksum
  if (mode === undefined) {
    const compute: ChecksumAlgorithm[] = ['CRC64NVME']
    if (sent !== undefined && sent !== 'CRC64NVME') compute.push(sent)
    return { compute, reported: sent }
  }
  if (sent === undefined && mode.type === 'COMPOSITE' && !copy) {
    throw checksumTypeMismatch(mode.algorithm, 'null')
  }
  if (sent !== undefined && sent !== mode.algorithm) {
    throw checksumTypeMismatch(mode.algorithm, sent)
  }
  return { compute: [mode.algorithm], reported: mode.algorithm }
}

// ── Part bodies ────────────────────────────────────────────────────────────

export const DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
}
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** A base64 digest of the algorithm's size, or undefined. */
export function decodeDigest(value: string, algorithm: ChecksumAlgorithm): Uint8Array | undefined {
  if (!BASE64.test(value)) return undefined
  const decoded = Buffer.from(value, 'base64')
  return decoded.length === DIGEST_BYTES[algorithm] ? decoded : undefined
}

export interface IngestedPart {
  readonly blob: StoredBlob
  /** The part's MD5, when asked for or needed to check Content-MD5 (see `ingestBody`). */
  readonly md5: Uint8Array | undefined
  readonly checksums: Partial<Record<ChecksumAlgorithm, string>>
}

/**
 * Reads a part once: MD5 (ETag, Content-MD5), every planned checksum and the segment encryption
 * under the upload's data key, as PutObject's `ingestBody` does for one checksum. Mismatches
 * throw before anything is committed, so a failed part write adds nothing.
 */
export async function ingestPart(
  body: ReadableStream<Uint8Array>,
  declaredLength: number | undefined,
  integrity: BodyIntegrity,
  compute: readonly ChecksumAlgorithm[],
  dataKey: Secret,
  random: Random,
  options: { md5: boolean } = { md5: true },
): Promise<IngestedPart> {
  const md5 = options.md5 || integrity.ContentMD5 !== undefined ? createHasher('MD5') : undefined
  const hashers = compute.map((a): [ChecksumAlgorithm, Hasher] => [a, createHasher(a)])
  let length = 0
  const blob = await writeBlob(body, {
    key: dataKey,
    random,
    observe: (chunk) => {
      length += chunk.length
      // Parts have PutObject's ceiling: 5 GiB (S3 user guide, "Multipart upload limits").
      if (length > MAX_PUT_SIZE) throw new EntityTooLarge(length, MAX_PUT_SIZE)
      md5?.update(chunk)
      for (const [, hasher] of hashers) hasher.update(chunk)
    },
  })
  if (declaredLength !== undefined && length !== declaredLength) throw new IncompleteBody()
  const md5Digest = md5?.digest()
  if (integrity.ContentMD5 !== undefined && md5Digest !== undefined) {
    const calculated = toBase64(md5Digest)
    if (calculated !== integrity.ContentMD5) {
      throw BadDigest.contentMd5(integrity.ContentMD5, calculated)
    }
  }
  const checksums: Partial<Record<ChecksumAlgorithm, string>> = {}
  for (const [algorithm, hasher] of hashers) checksums[algorithm] = toBase64(hasher.digest())
  const claimed = integrity.checksum
  const expected = claimed?.expected()
  if (claimed !== undefined && expected !== undefined) {
    if (decodeDigest(expected, claimed.algorithm) === undefined) {
      throw new InvalidRequest(
        `Value for x-amz-checksum-${claimed.algorithm.toLowerCase()} header is invalid.`,
      )
    }
    if (expected !== checksums[claimed.algorithm]) throw BadDigest.checksum(claimed.algorithm)
  }
  return { blob, md5: md5Digest, checksums }
}

/**
 * A part's ETag: the MD5 of its bytes for SSE-S3; for SSE-KMS (and SSE-C) an opaque value, as
 * for PutObject (reference §2; boto/boto#3750: SSE-KMS part ETags are not the part's MD5).
 */
export function partETag(
  descriptor: EncryptionDescriptor,
  md5: Uint8Array | undefined,
  random: Random,
): string {
  const bytes = descriptor.kind === 'SSE-S3' && md5 !== undefined ? md5 : random.bytes(16)
  return `"${Buffer.from(bytes).toString('hex')}"`
}

export const unquote = (eTag: string): string => eTag.replace(/^"|"$/g, '')

/** The checksum members of a response for one algorithm's value. */
export function checksumMember(
  algorithm: ChecksumAlgorithm | undefined,
  checksums: Readonly<Partial<Record<ChecksumAlgorithm, string>>>,
): Partial<Record<`Checksum${ChecksumAlgorithm}`, string>> {
  if (algorithm === undefined) return {}
  const value = checksums[algorithm]
  return value === undefined ? {} : { [`Checksum${algorithm}`]: value }
}

/** The `Checksum<ALG>` members a request carried (Complete's parts and headers). */
export function checksumsIn(
  members: Readonly<Partial<Record<`Checksum${ChecksumAlgorithm}`, string>>>,
): [ChecksumAlgorithm, string][] {
  const out: [ChecksumAlgorithm, string][] = []
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = members[`Checksum${algorithm}`]
    if (value !== undefined) out.push([algorithm, value])
  }
  return out
}

// ── Part requests ──────────────────────────────────────────────────────────

export function noteUpload(ctx: S3Context, uploadId: string, partNumber?: number): void {
  ctx.notes.requestParameters = {
    ...ctx.notes.requestParameters,
    uploadId,
    ...(partNumber === undefined ? {} : { partNumber }),
  }
}

/** The SSE-C members a part request may carry (the create's key, for SSE-C uploads). */
export type PartEncryptionRequest = CustomerKeyMembers

/**
 * Parts carry SSE-C headers exactly when the create did, with the create's key (reference §1.1,
 * AWS-captured `mpu-sse-c-upload-part-*`); the key is returned to unwrap the upload's data key.
 */
export function partCustomerKey(
  ctx: S3Context,
  upload: MultipartUpload,
  input: PartEncryptionRequest,
): CustomerKey | undefined {
  return customerKeyForPart(upload.encryption, input, ctx.caller.secure)
}

/**
 * Records an ingested part (UploadPart and UploadPartCopy alike) and stores it, unless the upload
 * was completed or aborted meanwhile.
 */
export function commitPart(
  ctx: S3Context,
  upload: MultipartUpload,
  partNumber: number,
  body: IngestedPart,
  plan: PartChecksumPlan,
): UploadedPart {
  const part: UploadedPart = {
    partNumber,
    size: body.blob.size,
    eTag: partETag(upload.encryption, body.md5, ctx.random),
    lastModified: ctx.clock.now(),
    blob: body.blob,
    checksums: body.checksums,
    reported: plan.reported,
  }
  if (!isLive(ctx, upload)) throw new NoSuchUpload(upload.uploadId)
  upload.parts.set(part.partNumber, part)
  return part
}
