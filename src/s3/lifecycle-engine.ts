import type { Random } from '../core/random.js'
import { isLocked } from './object-lock.js'
import type { Bucket } from './bucket.js'
import { objectEvent, type S3EventSink } from './events.js'
import type { StoredLifecycleRule } from './lifecycle.js'
import type { DeleteMarker, ObjectVersion, VersionEntry } from './object-version.js'
import type { S3State } from './state.js'
import type { Tag } from './tagging.js'
import { commitEntries, newVersionId } from './versioning.js'

/**
 * Applying lifecycle rules with the world's clock (S3 user guide "Expiring objects", "Setting
 * lifecycle configuration on a versioned bucket", "Configuring a lifecycle configuration to
 * delete incomplete multipart uploads"). S3 runs lifecycle once a day, asynchronously; the mock
 * applies every action that is due whenever S3 is used after the clock moved (`sweepLifecycle`),
 * so `clock.advance(…)` followed by any call sees the result. Transitions are stored, never applied.
 */

const DAY_MS = 86_400_000

/**
 * When an action of `days` falls due for something created at `from`: "adding the number of days
 * … to the object creation time and rounding up the resulting time to the next day at midnight
 * UTC" (user guide, lifecycle rules). A time already at midnight stays (no page says otherwise).
 */
export function dueAfter(from: Date, days: number): Date {
  return new Date(Math.ceil((from.getTime() + days * DAY_MS) / DAY_MS) * DAY_MS)
}

function prefixOf(rule: StoredLifecycleRule): string {
  return rule.Filter?.And?.Prefix ?? rule.Filter?.Prefix ?? rule.Prefix ?? ''
}

/**
 * Whether a rule's filter selects an object: prefix, every tag (key and value exactly; more
 * tags on the object are fine), and sizes exclusive at both ends (user guide, filters).
 */
export function ruleSelects(
  rule: StoredLifecycleRule,
  key: string,
  size: number | undefined,
  tags: readonly Tag[] | undefined,
): boolean {
  if (rule.Status !== 'Enabled' || !key.startsWith(prefixOf(rule))) return false
  const filter = rule.Filter
  const wanted = filter?.Tag !== undefined ? [filter.Tag] : (filter?.And?.Tags ?? [])
  if (!wanted.every((w) => (tags ?? []).some((t) => t.Key === w.Key && t.Value === w.Value))) {
    return false
  }
  const sizes = filter?.And ?? filter
  if (size !== undefined) {
    if (sizes?.ObjectSizeGreaterThan !== undefined && !(size > sizes.ObjectSizeGreaterThan)) {
      return false
    }
    if (sizes?.ObjectSizeLessThan !== undefined && !(size < sizes.ObjectSizeLessThan)) return false
  }
  return true
}

/** The earliest current-version expiration any rule gives an object, and which rule. */
export function expirationOf(
  rules: readonly StoredLifecycleRule[] | undefined,
  version: ObjectVersion,
): { date: Date; ruleId: string } | undefined {
  let best: { date: Date; ruleId: string } | undefined
  for (const rule of rules ?? []) {
    const exp = rule.Expiration
    if (exp === undefined || (exp.Days === undefined && exp.Date === undefined)) continue
    if (!ruleSelects(rule, version.key, version.size, version.tags)) continue
    const date = exp.Date ?? dueAfter(version.lastModified, exp.Days ?? 0)
    // "If two expiration policies overlap, the shorter expiration policy is honored".
    if (best === undefined || date < best.date) best = { date, ruleId: rule.ID }
  }
  return best
}

/** `x-amz-expiration`: `expiry-date="<HTTP date>", rule-id="<id>"` (API reference samples). */
export function expirationHeader(expiration: { date: Date; ruleId: string }): string {
  return `expiry-date="${expiration.date.toUTCString()}", rule-id="${expiration.ruleId}"`
}

/** The `Expiration` member (`x-amz-expiration`) of a write or read of the current version. */
export function expirationOutput(bucket: Bucket, version: ObjectVersion): { Expiration?: string } {
  const due = expirationOf(bucket.lifecycle?.rules, version)
  return due === undefined ? {} : { Expiration: expirationHeader(due) }
}

/** `x-amz-abort-date`/`-rule-id` of an upload a rule will abort (CreateMultipartUpload, ListParts). */
export function abortOf(
  rules: readonly StoredLifecycleRule[] | undefined,
  key: string,
  initiated: Date,
): { date: Date; ruleId: string } | undefined {
  let best: { date: Date; ruleId: string } | undefined
  for (const rule of rules ?? []) {
    const days = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation
    if (days === undefined || !ruleSelects(rule, key, undefined, undefined)) continue
    const date = dueAfter(initiated, days)
    if (best === undefined || date < best.date) best = { date, ruleId: rule.ID }
  }
  return best
}

/**
 * `x-amz-abort-date` and `x-amz-abort-rule-id` of CreateMultipartUpload and ListParts: when an
 * AbortIncompleteMultipartUpload rule will abort the upload, and which rule.
 */
export function abortOutput(
  bucket: Bucket,
  key: string,
  initiated: Date,
): { AbortDate?: Date; AbortRuleId?: string } {
  const abort = abortOf(bucket.lifecycle?.rules, key, initiated)
  return abort === undefined ? {} : { AbortDate: abort.date, AbortRuleId: abort.ruleId }
}

/** A key's entries after every due expiration (current, noncurrent, expired delete markers). */
function expireKey(
  bucket: Bucket,
  rules: readonly StoredLifecycleRule[],
  entries: readonly VersionEntry[],
  now: Date,
  random: Random,
): readonly VersionEntry[] {
  let result = [...entries]
  const current = result[0]
  if (current?.kind === 'object') {
    const due = expirationOf(rules, current)
    if (due !== undefined && due.date <= now) {
      if (bucket.versioning === 'Unversioned') return []
      // Versioned: a delete marker becomes current; suspended: with the null id, replacing the
      // null version (user guide, "Expiring objects").
      const marker: DeleteMarker = {
        kind: 'deleteMarker',
        key: current.key,
        versionId: bucket.versioning === 'Enabled' ? newVersionId(random) : 'null',
        lastModified: due.date,
      }
      result = [marker, ...result.filter((e) => e.versionId !== marker.versionId)]
    }
  }
  if (bucket.versioning !== 'Unversioned') {
    result = expireNoncurrent(rules, result, now)
    const only = result[0]
    if (result.length === 1 && only?.kind === 'deleteMarker') {
      const removes = rules.some(
        (r) =>
          r.Expiration !== undefined &&
          (r.Expiration.ExpiredObjectDeleteMarker === true ||
            (r.Expiration.Days !== undefined &&
              dueAfter(only.lastModified, r.Expiration.Days) <= now)) &&
          ruleSelects(r, only.key, undefined, undefined),
      )
      if (removes) return []
    }
  }
  return result
}

/**
 * NoncurrentVersionExpiration: a version becomes noncurrent when its successor is written; it
 * goes NoncurrentDays after that, once NewerNoncurrentVersions newer noncurrent versions exist.
 */
function expireNoncurrent(
  rules: readonly StoredLifecycleRule[],
  entries: readonly VersionEntry[],
  now: Date,
): VersionEntry[] {
  return entries.filter((entry, index) => {
    if (index === 0) return true
    // "a locked version of an object cannot be deleted by a S3 Lifecycle expiration policy"
    // (user guide, "Expiring objects").
    if (entry.kind === 'object' && isLocked(entry, now)) return true
    const successor = entries[index - 1]
    if (successor === undefined) return true
    const newerNoncurrent = index - 1
    const size = entry.kind === 'object' ? entry.size : undefined
    const tags = entry.kind === 'object' ? entry.tags : undefined
    return !rules.some((rule) => {
      const nve = rule.NoncurrentVersionExpiration
      if (nve?.NoncurrentDays === undefined) return false
      if (!ruleSelects(rule, entry.key, size, tags)) return false
      if (newerNoncurrent < (nve.NewerNoncurrentVersions ?? 0)) return false
      return dueAfter(successor.lastModified, nve.NoncurrentDays) <= now
    })
  })
}

/**
 * s3:LifecycleExpiration events of one key's sweep: DeleteMarkerCreated for the marker a current
 * version's expiry adds, Delete for each version (or expired marker) removed for good (user
 * guide, "Configuring S3 Lifecycle event notifications").
 */
function announceExpiry(
  bucket: Bucket,
  key: string,
  before: readonly VersionEntry[],
  after: readonly VersionEntry[],
  now: Date,
  events: S3EventSink,
): void {
  for (const added of after.filter((e) => !before.includes(e))) {
    events(objectEvent('LifecycleExpiration:DeleteMarkerCreated', bucket, key, now, added))
  }
  for (const removed of before.filter((e) => !after.includes(e))) {
    events(objectEvent('LifecycleExpiration:Delete', bucket, key, now, removed))
  }
}

/** The UTC day (days since the epoch) each bucket was last swept on. */
const sweptDay = new WeakMap<Bucket, number>()

/** Makes the next `sweepLifecycle` look at the bucket again (its rules changed). */
export function resweep(bucket: Bucket): void {
  sweptDay.delete(bucket)
}

/**
 * Applies every lifecycle action due at `now` to the buckets that have rules: expirations (delete
 * markers in versioned buckets), noncurrent expirations, expired delete markers and stale
 * multipart uploads. Every action falls due at a midnight UTC (`dueAfter`), as S3 evaluates
 * lifecycle daily, so a bucket is swept at most once per UTC day of the clock and again after
 * its rules change; buckets without rules cost nothing.
 */
export function sweepLifecycle(
  state: S3State,
  now: Date,
  random: Random,
  events?: S3EventSink,
): void {
  if (state.lifecycleBuckets.size === 0) return
  const today = Math.floor(now.getTime() / DAY_MS)
  for (const name of [...state.lifecycleBuckets]) {
    const bucket = state.buckets.get(name)
    const rules = bucket?.lifecycle?.rules
    if (bucket === undefined || rules === undefined) {
      state.lifecycleBuckets.delete(name)
      continue
    }
    if (sweptDay.get(bucket) === today) continue
    sweptDay.set(bucket, today)
    for (const [key, entries] of [...bucket.objects]) {
      const next = expireKey(bucket, rules, entries, now, random)
      if (next.length !== entries.length || next[0] !== entries[0]) {
        commitEntries(bucket, key, [...next])
        if (events !== undefined && bucket.notification !== undefined) {
          announceExpiry(bucket, key, entries, next, now, events)
        }
      }
    }
    for (const [id, upload] of [...state.uploads]) {
      if (upload.bucket !== bucket) continue
      const abort = abortOf(rules, upload.key, upload.initiated)
      if (abort !== undefined && abort.date <= now) state.uploads.delete(id)
    }
  }
}
