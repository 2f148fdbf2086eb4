import { ownerOf } from '../bucket.js'
import type { S3Context } from '../context.js'
import { InvalidArgument } from '../errors.js'
import {
  compareKeys,
  contentsOf,
  continuationTokens,
  echo,
  type ListedObject,
  listedObject,
  listing,
  pageOfCurrent,
  rollUp,
  sortedKeys,
} from '../listing.js'
import type { VersionEntry } from '../object-version.js'
import type { CommonPrefix, Owner } from '../shapes.js'

export type { ListedObject }

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

const tokens = continuationTokens('s3-kms-mock/v2:')

export function listObjectsV2(input: ListObjectsV2Request, ctx: S3Context): ListObjectsV2Output {
  const setup = listing(input, ctx)
  // The token, when given, wins over StartAfter (ListObjectsV2 API reference).
  const marker =
    input.ContinuationToken !== undefined
      ? tokens.decode(input.ContinuationToken)
      : (input.StartAfter ?? '')
  const page = pageOfCurrent(setup.bucket, setup.prefix, input.Delimiter, marker, setup.maxKeys)
  const owner = input.FetchOwner === true ? ownerOf(ctx.accountId) : undefined
  return {
    ...echo(setup, input, page.prefixes),
    IsTruncated: page.truncated,
    KeyCount: page.contents.length + page.prefixes.length,
    ...contentsOf(page, owner, setup.encode),
    ...(input.ContinuationToken === undefined
      ? {}
      : { ContinuationToken: input.ContinuationToken }),
    ...(page.truncated && page.last !== undefined
      ? { NextContinuationToken: tokens.encode(page.last) }
      : {}),
    ...(input.StartAfter === undefined ? {} : { StartAfter: setup.encode(input.StartAfter) }),
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
  const setup = listing(input, ctx)
  const marker = input.Marker ?? ''
  const page = pageOfCurrent(setup.bucket, setup.prefix, input.Delimiter, marker, setup.maxKeys)
  return {
    ...echo(setup, input, page.prefixes),
    IsTruncated: page.truncated,
    Marker: setup.encode(marker),
    ...(page.truncated && input.Delimiter !== undefined && page.last !== undefined
      ? { NextMarker: setup.encode(page.last) }
      : {}),
    ...contentsOf(page, ownerOf(ctx.accountId), setup.encode),
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
  const setup = listing(input, ctx)
  const { bucket, encode, maxKeys, prefix } = setup
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
    ...echo(setup, input, prefixes),
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
  }
}
