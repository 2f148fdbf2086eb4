import { type Bucket, ownerOf, requestBucket } from '../bucket.js'
import type { S3Context } from '../context.js'
import { InvalidArgument } from '../errors.js'
import type { ObjectVersion, VersionEntry } from '../object-version.js'
import type { ChecksumAlgorithm, ChecksumType, CommonPrefix, Owner } from '../shapes.js'

/**
 * Listing (ListObjectsV2, ListObjects, ListObjectVersions). Keys come back in UTF-8 binary order
 * (S3 user guide, "Listing object keys"); with a delimiter, keys sharing the part of their name
 * up to the delimiter roll up into one CommonPrefix, which counts as one entry against MaxKeys.
 */

/** The listed members of one object (`Contents` / `Versions` entries). */
export interface ListedObject {
  Key: string
  LastModified: Date
  ETag: string
  ChecksumAlgorithm?: ChecksumAlgorithm[]
  ChecksumType?: ChecksumType
  Size: number
  StorageClass: string
  Owner?: Owner
}

const MAX_KEYS = 1000

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8')
/** UTF-8 binary order, as S3 sorts keys (JS string order is UTF-16 and differs above U+FFFF). */
const compareKeys = (a: string, b: string): number => Buffer.compare(utf8(a), utf8(b))

function sortedKeys(bucket: Bucket, prefix: string): string[] {
  return [...bucket.objects.keys()]
    .filter((k) => k.startsWith(prefix))
    .map((k) => ({ k, b: utf8(k) }))
    .sort((x, y) => Buffer.compare(x.b, y.b))
    .map((x) => x.k)
}

function maxKeysOf(value: number | undefined): number {
  if (value === undefined) return MAX_KEYS
  if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new InvalidArgument(
      'Provided max-keys not an integer or within integer range',
      'max-keys',
      String(value),
    )
  }
  return Math.min(value, MAX_KEYS)
}

/** `EncodingType=url`: names percent-encoded as in a form (space as `+`), `/` kept. */
function encoderFor(encodingType: string | undefined): (s: string) => string {
  if (encodingType === undefined) return (s) => s
  if (encodingType !== 'url') {
    throw new InvalidArgument(
      'Invalid Encoding Method specified in Request',
      'encoding-type',
      encodingType,
    )
  }
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/').replace(/%20/g, '+')
}

/** The CommonPrefix a key rolls up into under `delimiter`, if any. */
function rollUp(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (delimiter === undefined || delimiter === '') return undefined
  const at = key.indexOf(delimiter, prefix.length)
  return at < 0 ? undefined : key.slice(0, at + delimiter.length)
}

function listedObject(version: ObjectVersion, owner: Owner | undefined): ListedObject {
  return {
    Key: version.key,
    LastModified: version.lastModified,
    ETag: version.eTag,
    ...(version.checksum === undefined
      ? {}
      : { ChecksumAlgorithm: [version.checksum.algorithm], ChecksumType: version.checksum.type }),
    Size: version.size,
    StorageClass: version.storageClass,
    ...(owner === undefined ? {} : { Owner: owner }),
  }
}

interface Page {
  contents: ObjectVersion[]
  prefixes: string[]
  truncated: boolean
  /** The last key or prefix returned: where the next page starts after. */
  last: string | undefined
}

/** One page of current objects (delete markers hide their key) after `marker`. */
function pageOfCurrent(
  bucket: Bucket,
  prefix: string,
  delimiter: string | undefined,
  marker: string,
  maxKeys: number,
): Page {
  const page: Page = { contents: [], prefixes: [], truncated: false, last: undefined }
  // max-keys=0 is an empty, complete page: no token to follow (AWS, per faiscadev/fakecloud#2003).
  if (maxKeys === 0) return page
  for (const key of sortedKeys(bucket, prefix)) {
    const current = bucket.objects.get(key)?.[0]
    if (current?.kind !== 'object') continue
    // A prefix is emitted once and only when it sorts after the marker, so continuing after a
    // CommonPrefix skips every key under it. A key ending in the delimiter is a prefix too.
    const rolled = rollUp(key, prefix, delimiter)
    const item = rolled ?? key
    if (marker !== '' && compareKeys(item, marker) <= 0) continue
    if (rolled !== undefined && page.prefixes.at(-1) === rolled) continue
    if (page.contents.length + page.prefixes.length === maxKeys) {
      page.truncated = true
      break
    }
    if (rolled === undefined) page.contents.push(current)
    else page.prefixes.push(rolled)
    page.last = item
  }
  return page
}

export interface ListObjectsV2Request {
  Bucket: string
  Prefix?: string
  Delimiter?: string
  MaxKeys?: number
  StartAfter?: string
  ContinuationToken?: string
  FetchOwner?: boolean
  EncodingType?: string
}
export interface ListObjectsV2Output {
  Name: string
  Prefix: string
  Delimiter?: string
  MaxKeys: number
  EncodingType?: 'url'
  IsTruncated: boolean
  KeyCount: number
  Contents?: ListedObject[]
  CommonPrefixes?: CommonPrefix[]
  ContinuationToken?: string
  NextContinuationToken?: string
  StartAfter?: string
}

const TOKEN_TAG = 's3-kms-mock/v2:'

function encodeToken(marker: string): string {
  return Buffer.from(TOKEN_TAG + marker, 'utf8').toString('base64')
}

function decodeToken(token: string): string {
  const decoded = Buffer.from(token, 'base64').toString('utf8')
  if (!decoded.startsWith(TOKEN_TAG)) {
    throw new InvalidArgument(
      'The continuation token provided is incorrect',
      'continuation-token',
      token,
    )
  }
  return decoded.slice(TOKEN_TAG.length)
}

export function listObjectsV2(input: ListObjectsV2Request, ctx: S3Context): ListObjectsV2Output {
  const bucket = requestBucket(ctx, input.Bucket)
  const encode = encoderFor(input.EncodingType)
  const maxKeys = maxKeysOf(input.MaxKeys)
  const prefix = input.Prefix ?? ''
  // The token, when given, wins over StartAfter (ListObjectsV2 API reference).
  const marker =
    input.ContinuationToken !== undefined
      ? decodeToken(input.ContinuationToken)
      : (input.StartAfter ?? '')
  const page = pageOfCurrent(bucket, prefix, input.Delimiter, marker, maxKeys)
  const owner = input.FetchOwner === true ? ownerOf(ctx.accountId) : undefined
  return {
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(input.Delimiter === undefined ? {} : { Delimiter: encode(input.Delimiter) }),
    MaxKeys: maxKeys,
    ...(input.EncodingType === undefined ? {} : { EncodingType: 'url' as const }),
    IsTruncated: page.truncated,
    KeyCount: page.contents.length + page.prefixes.length,
    ...(page.contents.length === 0
      ? {}
      : {
          Contents: page.contents.map((v) => ({ ...listedObject(v, owner), Key: encode(v.key) })),
        }),
    ...(page.prefixes.length === 0
      ? {}
      : { CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p) })) }),
    ...(input.ContinuationToken === undefined
      ? {}
      : { ContinuationToken: input.ContinuationToken }),
    ...(page.truncated && page.last !== undefined
      ? { NextContinuationToken: encodeToken(page.last) }
      : {}),
    ...(input.StartAfter === undefined ? {} : { StartAfter: encode(input.StartAfter) }),
  }
}

export interface ListObjectsRequest {
  Bucket: string
  Prefix?: string
  Delimiter?: string
  MaxKeys?: number
  Marker?: string
  EncodingType?: string
}
export interface ListObjectsOutput {
  Name: string
  Prefix: string
  Delimiter?: string
  MaxKeys: number
  EncodingType?: 'url'
  IsTruncated: boolean
  Marker: string
  NextMarker?: string
  Contents?: ListedObject[]
  CommonPrefixes?: CommonPrefix[]
}

/** ListObjects (v1): `Marker` paging; `NextMarker` only with a delimiter (API reference). */
export function listObjects(input: ListObjectsRequest, ctx: S3Context): ListObjectsOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  const encode = encoderFor(input.EncodingType)
  const maxKeys = maxKeysOf(input.MaxKeys)
  const prefix = input.Prefix ?? ''
  const marker = input.Marker ?? ''
  const page = pageOfCurrent(bucket, prefix, input.Delimiter, marker, maxKeys)
  const owner = ownerOf(ctx.accountId)
  return {
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(input.Delimiter === undefined ? {} : { Delimiter: encode(input.Delimiter) }),
    MaxKeys: maxKeys,
    ...(input.EncodingType === undefined ? {} : { EncodingType: 'url' as const }),
    IsTruncated: page.truncated,
    Marker: encode(marker),
    ...(page.truncated && input.Delimiter !== undefined && page.last !== undefined
      ? { NextMarker: encode(page.last) }
      : {}),
    ...(page.contents.length === 0
      ? {}
      : {
          Contents: page.contents.map((v) => ({ ...listedObject(v, owner), Key: encode(v.key) })),
        }),
    ...(page.prefixes.length === 0
      ? {}
      : { CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p) })) }),
  }
}

export interface ListObjectVersionsRequest {
  Bucket: string
  Prefix?: string
  Delimiter?: string
  MaxKeys?: number
  KeyMarker?: string
  VersionIdMarker?: string
  EncodingType?: string
}
export interface ListedVersion extends ListedObject {
  VersionId: string
  IsLatest: boolean
}
export interface ListedDeleteMarker {
  Key: string
  VersionId: string
  IsLatest: boolean
  LastModified: Date
  Owner: Owner
}
export interface ListObjectVersionsOutput {
  Name: string
  Prefix: string
  Delimiter?: string
  MaxKeys: number
  EncodingType?: 'url'
  IsTruncated: boolean
  KeyMarker: string
  VersionIdMarker: string
  NextKeyMarker?: string
  NextVersionIdMarker?: string
  Versions?: ListedVersion[]
  DeleteMarkers?: ListedDeleteMarker[]
  CommonPrefixes?: CommonPrefix[]
}

/**
 * ListObjectVersions: every version and delete marker, by key, newest first within a key.
 * `KeyMarker` alone starts after all versions of that key; with `VersionIdMarker`, after that
 * version of it.
 */
export function listObjectVersions(
  input: ListObjectVersionsRequest,
  ctx: S3Context,
): ListObjectVersionsOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  const encode = encoderFor(input.EncodingType)
  const maxKeys = maxKeysOf(input.MaxKeys)
  const prefix = input.Prefix ?? ''
  const keyMarker = input.KeyMarker ?? ''
  const versionMarker = input.VersionIdMarker ?? ''
  if (versionMarker !== '' && keyMarker === '') {
    throw new InvalidArgument(
      'A version-id marker cannot be specified without a key marker.',
      'version-id-marker',
      versionMarker,
    )
  }
  const owner = ownerOf(ctx.accountId)
  const items: { entry: VersionEntry; isLatest: boolean }[] = []
  const prefixes: string[] = []
  let truncated = false
  let next: { key: string; versionId?: string } | undefined
  const full = (): boolean => items.length + prefixes.length === maxKeys

  outer: for (const key of maxKeys === 0 ? [] : sortedKeys(bucket, prefix)) {
    const entries = bucket.objects.get(key) ?? []
    const rolled = rollUp(key, prefix, input.Delimiter)
    if (rolled !== undefined) {
      if ((keyMarker !== '' && compareKeys(rolled, keyMarker) <= 0) || prefixes.at(-1) === rolled) {
        continue
      }
      if (full()) {
        truncated = true
        break
      }
      prefixes.push(rolled)
      next = { key: rolled }
      continue
    }
    const order = keyMarker === '' ? 1 : compareKeys(key, keyMarker)
    if (order < 0 || (order === 0 && versionMarker === '')) continue
    let start = 0
    if (order === 0) {
      start = entries.findIndex((e) => e.versionId === versionMarker) + 1
      if (start === 0) {
        throw new InvalidArgument(
          'Invalid version id specified',
          'version-id-marker',
          versionMarker,
        )
      }
    }
    for (let i = start; i < entries.length; i++) {
      const entry = entries[i]
      if (entry === undefined) continue
      if (full()) {
        truncated = true
        break outer
      }
      items.push({ entry, isLatest: i === 0 })
      next = { key, versionId: entry.versionId }
    }
  }

  const versions: ListedVersion[] = []
  const markers: ListedDeleteMarker[] = []
  for (const { entry, isLatest } of items) {
    if (entry.kind === 'object') {
      versions.push({
        ...listedObject(entry, owner),
        Key: encode(entry.key),
        VersionId: entry.versionId,
        IsLatest: isLatest,
      })
    } else {
      markers.push({
        Key: encode(entry.key),
        VersionId: entry.versionId,
        IsLatest: isLatest,
        LastModified: entry.lastModified,
        Owner: owner,
      })
    }
  }
  return {
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(input.Delimiter === undefined ? {} : { Delimiter: encode(input.Delimiter) }),
    MaxKeys: maxKeys,
    ...(input.EncodingType === undefined ? {} : { EncodingType: 'url' as const }),
    IsTruncated: truncated,
    KeyMarker: encode(keyMarker),
    VersionIdMarker: versionMarker,
    ...(truncated && next !== undefined
      ? {
          NextKeyMarker: encode(next.key),
          ...(next.versionId === undefined ? {} : { NextVersionIdMarker: next.versionId }),
        }
      : {}),
    ...(versions.length === 0 ? {} : { Versions: versions }),
    ...(markers.length === 0 ? {} : { DeleteMarkers: markers }),
    ...(prefixes.length === 0
      ? {}
      : { CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })) }),
  }
}

export const listOperations = {
  ListObjectsV2: listObjectsV2,
  ListObjects: listObjects,
  ListObjectVersions: listObjectVersions,
}
