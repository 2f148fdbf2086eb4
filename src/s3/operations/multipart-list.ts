import { ownerOf } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import { abortOutput } from '../lifecycle-engine.js'
import type { S3Context } from '../context.js'
import { InvalidArgument } from '../errors.js'
import { compareKeys, listing, rollUp } from '../listing.js'
import type { ChecksumAlgorithm, ChecksumType, CommonPrefix, Owner } from '../shapes.js'
import { checksumMember, findUpload } from '../uploads.js'
import { type MultipartUpload } from '../upload.js'

/** ListParts and ListMultipartUploads answer at most 1000 entries a page (API reference). */
const MAX_PAGE = 1000

function pageSize(value: number | undefined, name: string): number {
  if (value === undefined) return MAX_PAGE
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgument(
      `Provided ${name} not an integer or within integer range`,
      name,
      String(value),
    )
  }
  return Math.min(value, MAX_PAGE)
}

/** The account is both initiator and owner: the mock has one principal per account. */
function initiatorOf(ctx: S3Context): { ID: string } {
  return { ID: ownerOf(ctx.accountId).ID }
}

function checksumMode(upload: MultipartUpload): {
  ChecksumAlgorithm?: ChecksumAlgorithm
  ChecksumType?: ChecksumType
} {
  return upload.checksum === undefined
    ? {}
    : { ChecksumAlgorithm: upload.checksum.algorithm, ChecksumType: upload.checksum.type }
}

export interface ListPartsRequest {
  Bucket: string
  Key: string
  UploadId: string
  MaxParts?: number
  PartNumberMarker?: number
}
export interface ListedPart extends Partial<Record<`Checksum${ChecksumAlgorithm}`, string>> {
  PartNumber: number
  LastModified: Date
  ETag: string
  Size: number
}
export interface ListPartsOutput {
  Bucket: string
  Key: string
  UploadId: string
  PartNumberMarker: number
  NextPartNumberMarker?: number
  MaxParts: number
  IsTruncated: boolean
  Parts?: ListedPart[]
  Initiator: { ID: string }
  Owner: Owner
  StorageClass: string
  ChecksumAlgorithm?: ChecksumAlgorithm
  ChecksumType?: ChecksumType
  /** When a lifecycle rule will abort the upload (`x-amz-abort-date`), and which rule. */
  AbortDate?: Date
  AbortRuleId?: string
}

/** ListParts: the parts after `part-number-marker`, in part order, `max-parts` at a time. */
export function listParts(input: ListPartsRequest, ctx: S3Context): ListPartsOutput {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  ctx.notes.requestParameters = { ...ctx.notes.requestParameters, uploadId: input.UploadId }
  const upload = findUpload(ctx, bucket, input.Key, input.UploadId)
  const maxParts = pageSize(input.MaxParts, 'max-parts')
  const marker = input.PartNumberMarker ?? 0
  const after = [...upload.parts.values()]
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber)
  const page = after.slice(0, maxParts)
  const truncated = after.length > page.length
  const last = page.at(-1)
  return {
    Bucket: bucket.name,
    Key: upload.key,
    UploadId: upload.uploadId,
    PartNumberMarker: marker,
    ...(last === undefined ? {} : { NextPartNumberMarker: last.partNumber }),
    MaxParts: maxParts,
    IsTruncated: truncated,
    ...(page.length === 0
      ? {}
      : {
          Parts: page.map((p) => ({
            PartNumber: p.partNumber,
            LastModified: p.lastModified,
            ETag: p.eTag,
            Size: p.size,
            ...checksumMember(p.reported, p.checksums),
          })),
        }),
    Initiator: initiatorOf(ctx),
    Owner: ownerOf(ctx.accountId),
    StorageClass: upload.storageClass,
    ...checksumMode(upload),
    ...abortOutput(bucket, upload.key, upload.initiated),
  }
}

export interface ListMultipartUploadsRequest {
  Bucket: string
  Prefix?: string
  Delimiter?: string
  KeyMarker?: string
  UploadIdMarker?: string
  MaxUploads?: number
  EncodingType?: string
}
export interface ListedUpload {
  Key: string
  UploadId: string
  Initiator: { ID: string }
  Owner: Owner
  StorageClass: string
  Initiated: Date
  ChecksumAlgorithm?: ChecksumAlgorithm
  ChecksumType?: ChecksumType
}
export interface ListMultipartUploadsOutput {
  Bucket: string
  KeyMarker: string
  UploadIdMarker: string
  NextKeyMarker?: string
  NextUploadIdMarker?: string
  Prefix: string
  Delimiter?: string
  MaxUploads: number
  IsTruncated: boolean
  Uploads?: ListedUpload[]
  CommonPrefixes?: CommonPrefix[]
  EncodingType?: 'url'
}

/** Upload order: key in UTF-8 binary order, then initiation time (API reference). */
function byKeyThenInitiated(a: MultipartUpload, b: MultipartUpload): number {
  return (
    compareKeys(a.key, b.key) ||
    a.initiated.getTime() - b.initiated.getTime() ||
    (a.uploadId < b.uploadId ? -1 : a.uploadId > b.uploadId ? 1 : 0)
  )
}

/**
 * Whether an upload comes after the markers. Without `upload-id-marker`, only keys after
 * `key-marker`; with it, also that key's uploads after the marker upload. The API reference
 * says "upload IDs lexicographically greater"; uploads of one key are listed by initiation time,
 * so the marker's position is used when it is one of them, so that pages never skip or repeat.
 */
function afterMarkers(
  sorted: readonly MultipartUpload[],
  keyMarker: string,
  uploadIdMarker: string,
): (upload: MultipartUpload) => boolean {
  if (keyMarker === '') return () => true
  const sameKey = sorted.filter((u) => u.key === keyMarker)
  const at = sameKey.findIndex((u) => u.uploadId === uploadIdMarker)
  return (upload) => {
    const order = compareKeys(upload.key, keyMarker)
    if (order !== 0) return order > 0
    if (uploadIdMarker === '') return false
    return at >= 0 ? sameKey.indexOf(upload) > at : upload.uploadId > uploadIdMarker
  }
}

/**
 * ListMultipartUploads: uploads in progress, with prefix, delimiter roll-up into CommonPrefixes
 * (each one counts against max-uploads) and key/upload-id markers for paging.
 */
export function listMultipartUploads(
  input: ListMultipartUploadsRequest,
  ctx: S3Context,
): ListMultipartUploadsOutput {
  const { bucket, encode, prefix } = listing(
    {
      Bucket: input.Bucket,
      ...(input.Prefix === undefined ? {} : { Prefix: input.Prefix }),
      ...(input.EncodingType === undefined ? {} : { EncodingType: input.EncodingType }),
    },
    ctx,
  )
  const maxUploads = pageSize(input.MaxUploads, 'max-uploads')
  const keyMarker = input.KeyMarker ?? ''
  const uploadIdMarker = keyMarker === '' ? '' : (input.UploadIdMarker ?? '')
  const sorted = [...ctx.s3.uploads.values()]
    .filter((u) => u.bucket === bucket && u.key.startsWith(prefix))
    .sort(byKeyThenInitiated)
  const isAfter = afterMarkers(sorted, keyMarker, uploadIdMarker)

  const uploads: MultipartUpload[] = []
  const prefixes: string[] = []
  let truncated = false
  let last: { key: string; uploadId?: string } | undefined
  for (const upload of sorted) {
    const rolled = rollUp(upload.key, prefix, input.Delimiter)
    if (rolled === undefined ? !isAfter(upload) : compareKeys(rolled, keyMarker) <= 0) continue
    if (rolled !== undefined && prefixes.at(-1) === rolled) continue
    if (uploads.length + prefixes.length === maxUploads) {
      truncated = true
      break
    }
    if (rolled === undefined) {
      uploads.push(upload)
      last = { key: upload.key, uploadId: upload.uploadId }
    } else {
      prefixes.push(rolled)
      last = { key: rolled }
    }
  }
  const owner = ownerOf(ctx.accountId)
  return {
    Bucket: bucket.name,
    KeyMarker: encode(keyMarker),
    UploadIdMarker: uploadIdMarker,
    ...(truncated && last !== undefined
      ? {
          NextKeyMarker: encode(last.key),
          ...(last.uploadId === undefined ? {} : { NextUploadIdMarker: last.uploadId }),
        }
      : {}),
    Prefix: encode(prefix),
    ...(input.Delimiter === undefined ? {} : { Delimiter: encode(input.Delimiter) }),
    MaxUploads: maxUploads,
    IsTruncated: truncated,
    ...(uploads.length === 0
      ? {}
      : {
          Uploads: uploads.map((u) => ({
            Key: encode(u.key),
            UploadId: u.uploadId,
            Initiator: initiatorOf(ctx),
            Owner: owner,
            StorageClass: u.storageClass,
            Initiated: u.initiated,
            ...checksumMode(u),
          })),
        }),
    ...(prefixes.length === 0
      ? {}
      : { CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })) }),
    ...(input.EncodingType === undefined ? {} : { EncodingType: 'url' as const }),
  }
}
