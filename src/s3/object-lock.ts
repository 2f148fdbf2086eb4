import { AccessDenied, InvalidArgument, InvalidRequest, NotImplemented } from './errors.js'

/**
 * S3 Object Lock (user guide, "Locking objects with Object Lock"): a bucket's lock and default
 * retention, and each version's retention and legal hold. Texts and codes are S3's as recorded by
 * LocalStack against S3 (2026-02-21) and by issue trackers (docs/fidelity.md, "Object Lock"); the
 * order of the header checks is not captured.
 */

export type RetentionMode = 'GOVERNANCE' | 'COMPLIANCE'
export type LegalHoldStatus = 'ON' | 'OFF'

const MODES: readonly string[] = ['GOVERNANCE', 'COMPLIANCE']

export function isRetentionMode(value: string | undefined): value is RetentionMode {
  return value !== undefined && MODES.includes(value)
}

/** One version's retention: protected until `retainUntil` passes on the world's clock. */
export interface Retention {
  readonly mode: RetentionMode
  readonly retainUntil: Date
}

/** A bucket's default retention: a mode and either days or years (never both). */
export interface DefaultRetention {
  readonly mode: RetentionMode
  readonly days?: number
  readonly years?: number
}

/** Present on a bucket once Object Lock is enabled (it cannot be disabled). */
export interface BucketObjectLock {
  readonly defaultRetention?: DefaultRetention
}

/** The lock members of an object version (ObjectVersion carries them). */
export interface VersionLock {
  readonly retention?: Retention
  /** Absent until a legal hold was ever applied: GET/HEAD then send no legal-hold header. */
  readonly legalHold?: LegalHoldStatus
}

/** `x-amz-object-lock-*` of an object write, as sent (PutObject, CopyObject, uploads, POST). */
export interface LockRequest {
  ObjectLockMode?: string
  ObjectLockRetainUntilDate?: string
  ObjectLockLegalHoldStatus?: string
  /** Set when an event-hold header came (2026-09 variable retention), which is not emulated. */
  ObjectLockEventHold?: string
}

const MODE_HEADER = 'x-amz-object-lock-mode'
const DATE_HEADER = 'x-amz-object-lock-retain-until-date'
const HOLD_HEADER = 'x-amz-object-lock-legal-hold'

/** "The retain until date must be in the future!" (recorded for PutObjectRetention and writes). */
export function pastDate(argumentName: string, value: string): InvalidArgument {
  return new InvalidArgument('The retain until date must be in the future!', argumentName, value)
}

/** S3's "Access Denied because object protected by object lock." (recorded). */
export function protectedByLock(): AccessDenied {
  return new AccessDenied('Access Denied because object protected by object lock.')
}

/** Adds a default retention's period to a version's creation time (user guide). */
export function defaultRetainUntil(created: Date, rule: DefaultRetention): Date {
  const until = new Date(created.getTime())
  if (rule.years !== undefined) until.setUTCFullYear(until.getUTCFullYear() + rule.years)
  else until.setTime(until.getTime() + (rule.days ?? 0) * 86_400_000)
  return until
}

/** A date as S3 parses `x-amz-object-lock-retain-until-date` (ISO 8601), or undefined. */
function parseIsoDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    return undefined
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/**
 * The lock a new version gets from a write's headers, or from the bucket's default retention: the
 * headers are checked first (recorded: a malformed or past date and a bad legal hold are answered
 * before the bucket's lock is looked at), then a bucket without Object Lock refuses any of them.
 * An individual retention overrides the default (user guide).
 */
export function lockOfWrite(
  bucketLock: BucketObjectLock | undefined,
  input: LockRequest,
  now: Date,
): VersionLock {
  if (input.ObjectLockEventHold !== undefined) throw new NotImplemented('Object Lock event holds')
  const mode = input.ObjectLockMode
  const rawDate = input.ObjectLockRetainUntilDate
  const hold = input.ObjectLockLegalHoldStatus
  let date: Date | undefined
  if (rawDate !== undefined) {
    date = parseIsoDate(rawDate)
    if (date === undefined) {
      throw new InvalidArgument(
        'The retain until date must be provided in ISO 8601 format',
        DATE_HEADER,
        rawDate,
      )
    }
  }
  if ((mode === undefined) !== (rawDate === undefined)) {
    throw new InvalidArgument(
      'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
      mode === undefined ? MODE_HEADER : DATE_HEADER,
    )
  }
  if (mode !== undefined && !isRetentionMode(mode)) {
    throw new InvalidArgument('Unknown wormMode directive.', MODE_HEADER, mode)
  }
  if (date !== undefined && rawDate !== undefined && date <= now) {
    throw pastDate(DATE_HEADER, rawDate)
  }
  if (hold !== undefined && hold !== 'ON' && hold !== 'OFF') {
    throw new InvalidArgument("Legal Hold must be either of 'ON' or 'OFF'", HOLD_HEADER, hold)
  }
  const requested = mode !== undefined || hold !== undefined
  if (requested && bucketLock === undefined) {
    // Writes say "ObjectLockConfiguration" (versitygw's observation); the retention and legal-hold
    // operations say "Object Lock Configuration" (recorded).
    throw new InvalidRequest('Bucket is missing ObjectLockConfiguration')
  }
  const rule = bucketLock?.defaultRetention
  const retention: Retention | undefined =
    isRetentionMode(mode) && date !== undefined
      ? { mode, retainUntil: date }
      : rule === undefined
        ? undefined
        : { mode: rule.mode, retainUntil: defaultRetainUntil(now, rule) }
  return {
    ...(retention === undefined ? {} : { retention }),
    ...(hold === 'ON' || hold === 'OFF' ? { legalHold: hold } : {}),
  }
}

/**
 * A write under Object Lock (its headers, a default retention or a legal hold) needs Content-MD5
 * or a checksum value, as header or trailer; the algorithm header alone does not count. PutObject
 * says "Put Object" (recorded by issue trackers, versitygw#1776); UploadPart of an upload whose
 * object will be locked says "Put Part" (recorded, s3cmd#1436; the SDK model's UploadPart
 * ContentMD5: "required if object lock parameters are specified").
 */
export function assertLockIntegrity(
  lock: VersionLock,
  integrity: { ContentMD5?: string; checksum?: { declaredOnly?: boolean } },
  request: 'Put Object' | 'Put Part',
): void {
  if (lock.retention === undefined && lock.legalHold === undefined) return
  const checksumSent = integrity.checksum !== undefined && integrity.checksum.declaredOnly !== true
  if (integrity.ContentMD5 !== undefined || checksumSent) return
  throw new InvalidRequest(
    `Content-MD5 OR x-amz-checksum- HTTP header is required for ${request} requests with Object Lock parameters`,
  )
}

/** True while a retention protects the version (the world's clock has not passed its date). */
export function retentionActive(retention: Retention | undefined, now: Date): boolean {
  return retention !== undefined && retention.retainUntil > now
}

/** True while a legal hold or an unexpired retention protects the version from deletion. */
export function isLocked(version: VersionLock, now: Date): boolean {
  return version.legalHold === 'ON' || retentionActive(version.retention, now)
}

/** The version's lock as GET and HEAD return it (`x-amz-object-lock-*`). */
export function lockOutput(version: VersionLock): {
  ObjectLockMode?: RetentionMode
  ObjectLockRetainUntilDate?: Date
  ObjectLockLegalHoldStatus?: LegalHoldStatus
} {
  return {
    ...(version.retention === undefined
      ? {}
      : {
          ObjectLockMode: version.retention.mode,
          ObjectLockRetainUntilDate: version.retention.retainUntil,
        }),
    ...(version.legalHold === undefined ? {} : { ObjectLockLegalHoldStatus: version.legalHold }),
  }
}
