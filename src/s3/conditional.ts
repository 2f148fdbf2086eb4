import { NotModified, PreconditionFailed } from './errors.js'

/** The conditional members of GetObject and HeadObject. */
export interface Conditions {
  IfMatch?: string
  IfNoneMatch?: string
  IfModifiedSince?: Date
  IfUnmodifiedSince?: Date
}

/** An entity-tag list (`"a", W/"b"`, or `*`) matches the object's ETag. */
export function etagMatches(list: string, eTag: string): boolean {
  const bare = eTag.replace(/^"|"$/g, '')
  return list.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '').replace(/^"|"$/g, '')
    return tag === '*' || tag === bare
  })
}

/** HTTP dates have one-second resolution, so comparisons drop the milliseconds. */
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000)

/**
 * RFC 7232 §6 precedence, as S3 documents it for GetObject/HeadObject: If-Match, else
 * If-Unmodified-Since → 412; then If-None-Match, else If-Modified-Since → 304. So If-Match true
 * with If-Unmodified-Since false gives 200, and If-None-Match false with If-Modified-Since true
 * gives 304 (GetObject API reference, IfMatch / IfNoneMatch). An If-Modified-Since later than the
 * server's clock is not a valid date and is ignored (RFC 7232 §3.3).
 */
export function checkConditions(
  conditions: Conditions,
  target: { eTag: string; lastModified: Date },
  now: Date,
): void {
  const modified = seconds(target.lastModified)
  if (conditions.IfMatch !== undefined) {
    if (!etagMatches(conditions.IfMatch, target.eTag)) throw new PreconditionFailed('If-Match')
  } else if (
    conditions.IfUnmodifiedSince !== undefined &&
    modified > seconds(conditions.IfUnmodifiedSince)
  ) {
    throw new PreconditionFailed('If-Unmodified-Since')
  }
  const notModified = (): NotModified =>
    new NotModified({ ETag: target.eTag, 'Last-Modified': target.lastModified.toUTCString() })
  if (conditions.IfNoneMatch !== undefined) {
    if (etagMatches(conditions.IfNoneMatch, target.eTag)) throw notModified()
  } else if (
    conditions.IfModifiedSince !== undefined &&
    conditions.IfModifiedSince.getTime() <= now.getTime() &&
    modified <= seconds(conditions.IfModifiedSince)
  ) {
    throw notModified()
  }
}

/** The copy-source conditions of CopyObject and UploadPartCopy, evaluated against the source. */
export interface CopySourceConditions {
  CopySourceIfMatch?: string
  CopySourceIfNoneMatch?: string
  CopySourceIfModifiedSince?: Date
  CopySourceIfUnmodifiedSince?: Date
}

/**
 * The read precedence above, but a copy never answers 304: every condition that does not hold is
 * 412 (CopyObject API reference: if-match true with if-unmodified-since false copies; if-none-match
 * false with if-modified-since true is 412). `Condition` names the header as S3 spells it there.
 */
export function checkCopySourceConditions(
  conditions: CopySourceConditions,
  source: { eTag: string; lastModified: Date },
  now: Date,
): void {
  const modified = seconds(source.lastModified)
  const failed = (name: string) => new PreconditionFailed(`x-amz-copy-source-${name}`)
  if (conditions.CopySourceIfMatch !== undefined) {
    if (!etagMatches(conditions.CopySourceIfMatch, source.eTag)) throw failed('If-Match')
  } else if (
    conditions.CopySourceIfUnmodifiedSince !== undefined &&
    modified > seconds(conditions.CopySourceIfUnmodifiedSince)
  ) {
    throw failed('If-Unmodified-Since')
  }
  if (conditions.CopySourceIfNoneMatch !== undefined) {
    if (etagMatches(conditions.CopySourceIfNoneMatch, source.eTag)) throw failed('If-None-Match')
  } else if (
    conditions.CopySourceIfModifiedSince !== undefined &&
    conditions.CopySourceIfModifiedSince.getTime() <= now.getTime() &&
    modified <= seconds(conditions.CopySourceIfModifiedSince)
  ) {
    throw failed('If-Modified-Since')
  }
}
