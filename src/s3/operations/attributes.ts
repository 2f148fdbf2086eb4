import type { Secret } from '../../core/secret.js'
import { everVersioned } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { InvalidArgument } from '../errors.js'
import { prepareRead } from '../object-read.js'
import { checksumOutput, type PartLayout } from '../object-version.js'
import type { ChecksumOutput } from '../shapes.js'

/** What `x-amz-object-attributes` may name (GetObjectAttributes API reference). */
export const OBJECT_ATTRIBUTES = [
  'ETag',
  'Checksum',
  'ObjectParts',
  'StorageClass',
  'ObjectSize',
] as const
export type ObjectAttribute = (typeof OBJECT_ATTRIBUTES)[number]

/** Parts listed per response when `x-amz-max-parts` is absent (and at most). */
const DEFAULT_MAX_PARTS = 1000

export interface GetObjectAttributesRequest {
  Bucket: string
  Key: string
  VersionId?: string
  /** As listed in `x-amz-object-attributes`, unvalidated. */
  ObjectAttributes: string[]
  MaxParts?: number
  PartNumberMarker?: number
  SSECustomerAlgorithm?: string
  SSECustomerKey?: Secret
  SSECustomerKeyMD5?: string
}

export interface ObjectPart extends Omit<ChecksumOutput, 'ChecksumType'> {
  PartNumber: number
  Size: number
}

export interface GetObjectAttributesParts {
  TotalPartsCount: number
  PartNumberMarker: number
  NextPartNumberMarker?: number
  MaxParts: number
  IsTruncated: boolean
  Parts?: ObjectPart[]
}

export interface GetObjectAttributesOutput {
  LastModified: Date
  VersionId?: string
  /** Unquoted: GetObjectAttributes returns the bare ETag (GetObjectAttributes API reference example). */
  ETag?: string
  Checksum?: ChecksumOutput
  ObjectParts?: GetObjectAttributesParts
  StorageClass?: string
  ObjectSize?: number
}

function requestedAttributes(names: readonly string[]): Set<ObjectAttribute> {
  const invalid = (value: string) =>
    new InvalidArgument('Invalid attribute name specified.', 'x-amz-object-attributes', value)
  if (names.length === 0) throw invalid('')
  for (const name of names) {
    if (!(OBJECT_ATTRIBUTES as readonly string[]).includes(name)) throw invalid(name)
  }
  return new Set(names as ObjectAttribute[])
}

/**
 * One page of a multipart object's parts. S3 lists the parts themselves only when the object has
 * additional checksums; otherwise it answers with the count alone (GetObjectAttributesParts API
 * reference, "General purpose buckets").
 */
function partsPage(
  parts: readonly PartLayout[],
  marker: number,
  maxParts: number,
): GetObjectAttributesParts {
  const after = parts.filter((p) => p.partNumber > marker)
  const page = after.slice(0, maxParts)
  const truncated = after.length > page.length
  const last = page.at(-1)
  const withChecksums = parts.every((p) => p.checksum !== undefined)
  return {
    TotalPartsCount: parts.length,
    PartNumberMarker: marker,
    ...(last === undefined ? {} : { NextPartNumberMarker: last.partNumber }),
    MaxParts: maxParts,
    IsTruncated: truncated,
    ...(withChecksums
      ? {
          Parts: page.map((p) => {
            const { ChecksumType: _type, ...checksum } = checksumOutput(p.checksum)
            return { PartNumber: p.partNumber, Size: p.size, ...checksum }
          }),
        }
      : {}),
  }
}

/**
 * GetObjectAttributes: the object's metadata without its body, so no data key is unwrapped and KMS
 * is not called. The version is resolved as GET resolves it (NoSuchKey, NoSuchVersion, delete
 * markers), and SSE-C objects need their key as for GET (reference §1.1).
 */
export function getObjectAttributes(
  input: GetObjectAttributesRequest,
  ctx: S3Context,
): GetObjectAttributesOutput {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  const wanted = requestedAttributes(input.ObjectAttributes)
  const { version } = prepareRead(
    ctx,
    bucket,
    {
      Bucket: input.Bucket,
      Key: input.Key,
      ...(input.VersionId === undefined ? {} : { VersionId: input.VersionId }),
      ...(input.SSECustomerAlgorithm === undefined
        ? {}
        : { SSECustomerAlgorithm: input.SSECustomerAlgorithm }),
      ...(input.SSECustomerKey === undefined ? {} : { SSECustomerKey: input.SSECustomerKey }),
      ...(input.SSECustomerKeyMD5 === undefined
        ? {}
        : { SSECustomerKeyMD5: input.SSECustomerKeyMD5 }),
    },
    'GET',
  )
  const maxParts = Math.min(input.MaxParts ?? DEFAULT_MAX_PARTS, DEFAULT_MAX_PARTS)
  const checksum = checksumOutput(version.checksum)
  return {
    LastModified: version.lastModified,
    ...(everVersioned(bucket) ? { VersionId: version.versionId } : {}),
    ...(wanted.has('ETag') ? { ETag: version.eTag.replace(/^"|"$/g, '') } : {}),
    ...(wanted.has('Checksum') && version.checksum !== undefined ? { Checksum: checksum } : {}),
    ...(wanted.has('ObjectParts') && version.parts !== undefined
      ? { ObjectParts: partsPage(version.parts, input.PartNumberMarker ?? 0, maxParts) }
      : {}),
    ...(wanted.has('StorageClass') ? { StorageClass: version.storageClass } : {}),
    ...(wanted.has('ObjectSize') ? { ObjectSize: version.size } : {}),
  }
}
