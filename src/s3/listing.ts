import { type Bucket } from './bucket.js'
import { requestBucket } from './bucket-lookup.js'
import type { S3Context } from './context.js'
import { InvalidArgument } from './errors.js'
import type { ObjectVersion } from './object-version.js'
import type { ChecksumAlgorithm, ChecksumType, Owner } from './shapes.js'

/**
 * What the listing operations (operations/list.ts: ListObjectsV2, ListObjects, ListObjectVersions)
 * share. Keys come back in UTF-8 binary order
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
export const compareKeys = (a: string, b: string): number => Buffer.compare(utf8(a), utf8(b))

export function sortedKeys(bucket: Bucket, prefix: string): string[] {
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
export function rollUp(
  key: string,
  prefix: string,
  delimiter: string | undefined,
): string | undefined {
  if (delimiter === undefined || delimiter === '') return undefined
  const at = key.indexOf(delimiter, prefix.length)
  return at < 0 ? undefined : key.slice(0, at + delimiter.length)
}

export function listedObject(version: ObjectVersion, owner: Owner | undefined): ListedObject {
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

export interface Page {
  contents: ObjectVersion[]
  prefixes: string[]
  truncated: boolean
  /** The last key or prefix returned: where the next page starts after. */
  last: string | undefined
}

/** One page of current objects (delete markers hide their key) after `marker`. */
export function pageOfCurrent(
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

/** What every listing starts from: the bucket, the page size, the prefix and the name encoder. */
export function listing(
  input: { Bucket: string; Prefix?: string; MaxKeys?: number; EncodingType?: string },
  ctx: S3Context,
) {
  return {
    bucket: requestBucket(ctx, input.Bucket),
    encode: encoderFor(input.EncodingType),
    maxKeys: maxKeysOf(input.MaxKeys),
    prefix: input.Prefix ?? '',
  }
}

/** The members every listing answers with: the request echoed, and its CommonPrefixes. */
export function echo(
  setup: ReturnType<typeof listing>,
  input: { Delimiter?: string; EncodingType?: string },
  prefixes: readonly string[],
) {
  const { bucket, encode, maxKeys, prefix } = setup
  return {
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(input.Delimiter === undefined ? {} : { Delimiter: encode(input.Delimiter) }),
    MaxKeys: maxKeys,
    ...(input.EncodingType === undefined ? {} : { EncodingType: 'url' as const }),
    ...(prefixes.length === 0
      ? {}
      : { CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })) }),
  }
}

export function contentsOf(
  page: Page,
  owner: Owner | undefined,
  encode: (s: string) => string,
): { Contents?: ListedObject[] } {
  if (page.contents.length === 0) return {}
  return { Contents: page.contents.map((v) => ({ ...listedObject(v, owner), Key: encode(v.key) })) }
}

/**
 * Continuation tokens that carry the last name of the previous page, tagged per listing so a token
 * of one listing (or one this mock did not issue) is refused as S3 refuses it for ListObjectsV2.
 */
export function continuationTokens(tag: string): {
  encode(last: string): string
  decode(token: string): string
} {
  return {
    encode: (last) => Buffer.from(tag + last, 'utf8').toString('base64'),
    decode(token) {
      const decoded = Buffer.from(token, 'base64').toString('utf8')
      if (!decoded.startsWith(tag)) {
        throw new InvalidArgument(
          'The continuation token provided is incorrect',
          'continuation-token',
          token,
        )
      }
      return decoded.slice(tag.length)
    },
  }
}
