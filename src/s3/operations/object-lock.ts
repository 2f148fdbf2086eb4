import type { Bucket } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import {
  type AccessDenied,
  InvalidArgument,
  InvalidRequest,
  MalformedXML,
  NotImplemented,
} from '../errors.js'
import {
  InvalidBucketState,
  NoSuchObjectLockConfiguration,
  ObjectLockConfigurationNotFoundError,
} from '../errors-config.js'
import { versionToRead } from '../object-read.js'
import type { ObjectVersion } from '../object-version.js'
import {
  type DefaultRetention,
  isRetentionMode,
  type LegalHoldStatus,
  isLocked,
  pastDate,
  protectedByLock,
  type Retention,
  retentionActive,
  type RetentionMode,
} from '../object-lock.js'
import { bypassRefusal } from '../policy/authorize.js'
import { commitEntries } from '../versioning.js'

/** S3's longest retention: "The maximum retention period is 100 years" (user guide). */
const MAX_DAYS = 36_500
const MAX_YEARS = 100

export interface BucketRequest {
  Bucket: string
}

/** The document as sent; numbers stay text until checked here. */
export interface PutObjectLockConfigurationRequest extends BucketRequest {
  ObjectLockConfiguration: {
    ObjectLockEnabled?: string
    Rule?: {
      DefaultRetention?: {
        Mode?: string
        Days?: string
        Years?: string
        /** A `DefaultEventHold` came (2026-09 variable retention), which is not emulated. */
        EventHold?: boolean
      }
    }
  }
}

export interface ObjectLockConfigurationOutput {
  ObjectLockConfiguration: {
    ObjectLockEnabled: 'Enabled'
    Rule?: { DefaultRetention: { Mode: RetentionMode; Days?: number; Years?: number } }
  }
}

/** A positive whole number of days or years, as S3 checks a default retention period. */
function period(name: 'Days' | 'Years', text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^-?\d+$/.test(text.trim())) throw new MalformedXML()
  const value = Number(text.trim())
  if (value <= 0) {
    throw new InvalidArgument('Default retention period must be a positive integer value.', name)
  }
  if (value > (name === 'Days' ? MAX_DAYS : MAX_YEARS)) {
    throw new InvalidArgument('Default retention period too large.', name)
  }
  return value
}

/**
 * The configuration document checked as S3 checks it (LocalStack's recording): `ObjectLockEnabled`
 * must be `Enabled`; a `Rule` needs a `DefaultRetention` with a valid mode and exactly one of days
 * or years; anything else is MalformedXML; a period out of range is InvalidArgument.
 */
function defaultRetentionOf(
  config: PutObjectLockConfigurationRequest['ObjectLockConfiguration'],
): DefaultRetention | undefined {
  if (config.ObjectLockEnabled !== 'Enabled') throw new MalformedXML()
  if (config.Rule === undefined) return undefined
  const rule = config.Rule.DefaultRetention
  if (rule === undefined) throw new MalformedXML()
  if (rule.EventHold === true) throw new NotImplemented('Object Lock event holds')
  if (!isRetentionMode(rule.Mode)) throw new MalformedXML()
  if ((rule.Days === undefined) === (rule.Years === undefined)) throw new MalformedXML()
  const days = period('Days', rule.Days)
  const years = period('Years', rule.Years)
  return {
    mode: rule.Mode,
    ...(days === undefined ? {} : { days }),
    ...(years === undefined ? {} : { years }),
  }
}

/**
 * PutObjectLockConfiguration: enables Object Lock on a bucket whose versioning is Enabled ("You
 * can enable Object Lock for new or existing buckets", since November 2023) and sets or removes its
 * default retention; the default applies to versions written afterwards only.
 */
export function putObjectLockConfiguration(
  input: PutObjectLockConfigurationRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const defaultRetention = defaultRetentionOf(input.ObjectLockConfiguration)
  if (bucket.objectLock === undefined && bucket.versioning !== 'Enabled') {
    throw new InvalidBucketState(
      "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
    )
  }
  bucket.objectLock = defaultRetention === undefined ? {} : { defaultRetention }
  return {}
}

export function getObjectLockConfiguration(
  input: BucketRequest,
  ctx: S3Context,
): ObjectLockConfigurationOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  const lock = bucket.objectLock
  if (lock === undefined) throw new ObjectLockConfigurationNotFoundError(bucket.name)
  const rule = lock.defaultRetention
  return {
    ObjectLockConfiguration: {
      ObjectLockEnabled: 'Enabled',
      ...(rule === undefined
        ? {}
        : {
            Rule: {
              DefaultRetention: {
                Mode: rule.mode,
                ...(rule.days === undefined ? {} : { Days: rule.days }),
                ...(rule.years === undefined ? {} : { Years: rule.years }),
              },
            },
          }),
    },
  }
}

export interface ObjectLockTarget {
  Bucket: string
  Key: string
  VersionId?: string
}

/**
 * The bucket and version a retention or legal-hold request acts on: a bucket without Object Lock is
 * InvalidRequest (recorded), a delete marker 405 (recorded), as reads resolve versions.
 */
function lockedVersion(
  input: ObjectLockTarget,
  ctx: S3Context,
  method: string,
): { bucket: Bucket; version: ObjectVersion } {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  if (input.VersionId !== undefined) {
    ctx.notes.requestParameters = { ...ctx.notes.requestParameters, versionId: input.VersionId }
  }
  if (bucket.objectLock === undefined) {
    throw new InvalidRequest('Bucket is missing Object Lock Configuration')
  }
  return { bucket, version: versionToRead(bucket, input, method) }
}

/** Replaces one version by its changed copy (versions are immutable entries). */
function replaceVersion(bucket: Bucket, version: ObjectVersion, next: ObjectVersion): void {
  const entries = bucket.objects.get(version.key) ?? []
  commitEntries(
    bucket,
    version.key,
    entries.map((e) => (e === version ? next : e)),
  )
}

/**
 * Whether a governance bypass applies: the request asked for it, and the caller may
 * `s3:BypassGovernanceRetention` (else IAM's AccessDenied is the answer).
 */
export function governanceBypass(
  ctx: S3Context,
  bucket: Bucket,
  key: string,
  requested: boolean,
): boolean {
  if (!requested) return false
  const refused = bypassRefusal(ctx, bucket, key)
  if (refused !== undefined) throw refused
  return true
}

/**
 * `x-amz-bypass-governance-retention`, `true` or `false`, on a bucket without Object Lock is refused
 * (DeleteObject and DeleteObjects, recorded).
 */
export function assertBypassApplicable(bucket: Bucket, header: boolean | undefined): void {
  if (header !== undefined && bucket.objectLock === undefined) {
    throw new InvalidArgument(
      'x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.',
      'x-amz-bypass-governance-retention',
    )
  }
}

/**
 * The error for deleting `version` for good, or undefined when it may go: a legal hold, compliance
 * retention, or governance retention the caller did not (or may not) bypass.
 */
export function permanentDeleteRefusal(
  ctx: S3Context,
  bucket: Bucket,
  version: ObjectVersion,
  bypassRequested: boolean,
): AccessDenied | undefined {
  const now = ctx.clock.now()
  if (!isLocked(version, now)) return undefined
  const governed =
    version.legalHold !== 'ON' && version.retention?.mode === 'GOVERNANCE' && bypassRequested
  if (!governed) return protectedByLock()
  return bypassRefusal(ctx, bucket, version.key)
}

export interface PutObjectRetentionRequest extends ObjectLockTarget {
  /** Both absent: remove the retention ("a new PutObjectRetention request with empty parameters"). */
  Retention: { Mode?: string; RetainUntilDate?: string; EventHold?: boolean }
  BypassGovernanceRetention?: boolean
}

/**
 * The requested retention, checked as the document is read: both members or none (recorded:
 * a mode alone is MalformedXML), a known mode and a timestamp.
 */
function requestedRetention(input: PutObjectRetentionRequest['Retention']): Retention | undefined {
  if (input.EventHold === true) throw new NotImplemented('Object Lock event holds')
  const { Mode, RetainUntilDate } = input
  if (Mode === undefined && RetainUntilDate === undefined) return undefined
  if (Mode === undefined || RetainUntilDate === undefined || !isRetentionMode(Mode)) {
    throw new MalformedXML()
  }
  const date = new Date(RetainUntilDate)
  if (Number.isNaN(date.getTime())) throw new MalformedXML()
  return { mode: Mode, retainUntil: date }
}

/**
 * Whether `next` loosens `current`: removes it, shortens it, or leaves compliance (user guide,
 * "Retention modes": compliance can't change mode or be shortened; governance needs the bypass for
 * either, and s3-tests expects governance → compliance to need it too; _uncaptured_ on S3).
 */
function loosens(current: Retention, next: Retention | undefined): boolean {
  if (next === undefined) return true
  if (next.retainUntil < current.retainUntil) return true
  return next.mode !== current.mode
}

/**
 * PutObjectRetention: sets, extends, shortens or removes one version's retention. Extending in the
 * same mode is always allowed; loosening an active compliance retention never is (403), an active
 * governance one only with the bypass header and `s3:BypassGovernanceRetention`.
 */
export function putObjectRetention(
  input: PutObjectRetentionRequest,
  ctx: S3Context,
): Record<string, never> {
  const next = requestedRetention(input.Retention)
  const { bucket, version } = lockedVersion(input, ctx, 'PUT')
  const now = ctx.clock.now()
  if (next !== undefined && next.retainUntil <= now) {
    throw pastDate('RetainUntilDate', input.Retention.RetainUntilDate ?? '')
  }
  const current = version.retention
  if (current !== undefined && retentionActive(current, now) && loosens(current, next)) {
    if (current.mode === 'COMPLIANCE') throw protectedByLock()
    if (!governanceBypass(ctx, bucket, version.key, input.BypassGovernanceRetention === true)) {
      throw protectedByLock()
    }
  }
  const { retention: _old, ...rest } = version
  replaceVersion(bucket, version, next === undefined ? rest : { ...rest, retention: next })
  return {}
}

export interface GetObjectRetentionOutput {
  Retention: { Mode: RetentionMode; RetainUntilDate: Date }
}

export function getObjectRetention(
  input: ObjectLockTarget,
  ctx: S3Context,
): GetObjectRetentionOutput {
  const { version } = lockedVersion(input, ctx, 'GET')
  const retention = version.retention
  if (retention === undefined) throw new NoSuchObjectLockConfiguration()
  return { Retention: { Mode: retention.mode, RetainUntilDate: retention.retainUntil } }
}

export interface PutObjectLegalHoldRequest extends ObjectLockTarget {
  LegalHold: { Status?: string }
}

/** PutObjectLegalHold: "Legal holds can be freely placed and removed" (user guide); no bypass. */
export function putObjectLegalHold(
  input: PutObjectLegalHoldRequest,
  ctx: S3Context,
): Record<string, never> {
  const status = input.LegalHold.Status
  if (status !== 'ON' && status !== 'OFF') throw new MalformedXML()
  const { bucket, version } = lockedVersion(input, ctx, 'PUT')
  replaceVersion(bucket, version, { ...version, legalHold: status })
  return {}
}

export interface GetObjectLegalHoldOutput {
  LegalHold: { Status: LegalHoldStatus }
}

export function getObjectLegalHold(
  input: ObjectLockTarget,
  ctx: S3Context,
): GetObjectLegalHoldOutput {
  const { version } = lockedVersion(input, ctx, 'GET')
  if (version.legalHold === undefined) throw new NoSuchObjectLockConfiguration()
  return { LegalHold: { Status: version.legalHold } }
}
