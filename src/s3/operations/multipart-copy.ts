import { everVersioned } from '../bucket.js'
import { getBucket, requestBucket } from '../bucket-lookup.js'
import { checkCopySourceConditions, type CopySourceConditions } from '../conditional.js'
import type { S3Context } from '../context.js'
import { dataKeyOf, encryptionOutput } from '../encryption/envelope.js'
import { InvalidArgument, InvalidRequest } from '../errors.js'
import { MAX_PUT_SIZE } from '../object-write.js'
import type { ByteRange } from '../range.js'
import type { ChecksumOutput, EncryptionOutput } from '../shapes.js'
import {
  assertPartNumber,
  checksumMember,
  commitPart,
  findUpload,
  ingestPart,
  noteUpload,
  partChecksumPlan,
  partCustomerKey,
  type PartEncryptionRequest,
} from '../uploads.js'
import {
  copySourceDataKey,
  type CopySourceCustomerKey,
  type CopySourceLocation,
  copySourceVersion,
} from './copy.js'

export interface UploadPartCopyRequest
  extends PartEncryptionRequest, CopySourceConditions, CopySourceCustomerKey {
  Bucket: string
  Key: string
  UploadId: string
  PartNumber: number
  CopySource: CopySourceLocation
  /** `bytes=first-last`, both inclusive, zero-based. */
  CopySourceRange?: string
}
export interface CopyPartResult extends Omit<ChecksumOutput, 'ChecksumType'> {
  ETag: string
  LastModified: Date
}
export interface UploadPartCopyOutput extends EncryptionOutput {
  /** The version copied, when the source bucket was ever versioned. */
  CopySourceVersionId?: string
  CopyPartResult: CopyPartResult
}

const RANGE_HEADER = 'x-amz-copy-source-range'

/**
 * `x-amz-copy-source-range` is strict, unlike GET's Range: exactly `bytes=first-last` within the
 * source, else InvalidArgument (AWS's texts, as S3-compatible servers mirror them). Without one
 * the whole source is copied, which may not exceed 5 GiB (UploadPartCopy API reference).
 */
function copyRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) {
    if (size > MAX_PUT_SIZE) {
      throw new InvalidRequest(
        `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_SIZE}`,
      )
    }
    return { start: 0, end: size - 1 }
  }
  const match = /^bytes=(\d+)-(\d+)$/.exec(header.trim())
  const first = match === null ? NaN : Number(match[1])
  const last = match === null ? NaN : Number(match[2])
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first > last) {
    throw new InvalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      RANGE_HEADER,
      header,
    )
  }
  if (last >= size) {
    throw new InvalidArgument(
      `Range specified is not valid for source object of size: ${size}`,
      RANGE_HEADER,
      header,
    )
  }
  return { start: first, end: last }
}

/**
 * UploadPartCopy: reads the source (any encryption, unwrapped with its own data key: KMS Decrypt
 * for SSE-KMS) over the requested range and writes it as a new part under the upload's data key
 * (a second Decrypt for an SSE-KMS upload). Only the segments the range touches are decrypted.
 */
export async function uploadPartCopy(
  input: UploadPartCopyRequest,
  ctx: S3Context,
): Promise<UploadPartCopyOutput> {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  noteUpload(ctx, input.UploadId, input.PartNumber)
  assertPartNumber(input.PartNumber)
  const upload = findUpload(ctx, bucket, input.Key, input.UploadId)
  const customerKey = partCustomerKey(ctx, upload, input)
  const sourceBucket = getBucket(ctx, input.CopySource.Bucket)
  const source = copySourceVersion(sourceBucket, input.CopySource, ctx.clock.now())
  checkCopySourceConditions(input, source, ctx.clock.now())
  const { start, end } = copyRange(input.CopySourceRange, source.size)
  const plan = partChecksumPlan(upload, undefined, true)
  const sourceKey = await copySourceDataKey(ctx, sourceBucket, source, input)
  const dataKey = await dataKeyOf(ctx, upload.encryption, bucket, customerKey)
  const body = await ingestPart(
    source.body.read(sourceKey, start, end),
    end - start + 1,
    {},
    plan.compute,
    dataKey,
    ctx.random,
    { md5: upload.encryption.kind === 'SSE-S3' },
  )
  const part = commitPart(ctx, upload, input.PartNumber, body, plan)
  return {
    ...(everVersioned(sourceBucket) ? { CopySourceVersionId: source.versionId } : {}),
    ...encryptionOutput(upload.encryption),
    CopyPartResult: {
      ETag: part.eTag,
      LastModified: part.lastModified,
      ...checksumMember(part.reported, part.checksums),
    },
  }
}
