import type { Bucket } from './bucket.js'
import type { Clock } from '../core/clock.js'
import type { NotificationConfiguration } from './notification.js'
import type { ObjectVersion } from './object-version.js'

/**
 * What the domain tells the world after a change it committed (S3 user guide, "Event notification
 * types and destinations"): plain data, never key material, never a body. The world turns it into
 * the messages the bucket's notification configuration selects (`event-messages.ts`) and hands
 * them to the test's listeners (`aws.s3.onEvent`). Nothing is emitted for buckets without a
 * notification configuration, so the write path pays nothing for them.
 */
export type S3EventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Post'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload'
  | 'ObjectRemoved:Delete'
  | 'ObjectRemoved:DeleteMarkerCreated'
  | 'LifecycleExpiration:Delete'
  | 'LifecycleExpiration:DeleteMarkerCreated'
  | 'ObjectRestore:Post'
  | 'ObjectRestore:Completed'
  | 'ObjectTagging:Put'
  | 'ObjectTagging:Delete'
  | 'ObjectAcl:Put'

export interface S3ObjectEvent {
  readonly name: S3EventName
  readonly bucket: Bucket
  readonly key: string
  /** Present once the bucket has had versioning (`null` for a suspended bucket's writes). */
  readonly versionId?: string
  readonly size?: number
  /** Without the quotes of the `ETag` header, as event records carry it. */
  readonly eTag?: string
  readonly time: Date
  /** ObjectRestore:Completed: when the restored copy expires and the class it came from. */
  readonly restore?: { readonly expiresAt: Date; readonly storageClass: string }
}

/** What an event is about: a version written, a delete marker made, or a version id removed. */
export type EventEntry =
  ObjectVersion | { readonly kind: 'deleteMarker' | 'removed'; readonly versionId: string }

/** Where the domain's events go: the world collects them and delivers after the request. */
export type S3EventSink = (event: S3ObjectEvent) => void

/**
 * Emits an event about `entry` (the version written, or the delete marker created) when the
 * bucket has a notification configuration. Call it after `commitEntries`, never before: a
 * refused request emits nothing.
 */
export function emitObjectEvent(
  ctx: { readonly events?: S3EventSink; readonly clock: Clock },
  name: S3EventName,
  bucket: Bucket,
  key: string,
  entry?: EventEntry,
  restore?: S3ObjectEvent['restore'],
): void {
  if (bucket.notification === undefined || ctx.events === undefined) return
  ctx.events(objectEvent(name, bucket, key, ctx.clock.now(), entry, restore))
}

/** The plain event for `entry`; removals carry no size or ETag (user guide, message structure). */
export function objectEvent(
  name: S3EventName,
  bucket: Bucket,
  key: string,
  time: Date,
  entry?: EventEntry,
  restore?: S3ObjectEvent['restore'],
): S3ObjectEvent {
  const removal = name.startsWith('ObjectRemoved') || name.startsWith('LifecycleExpiration')
  return {
    name,
    bucket,
    key,
    time,
    ...(entry !== undefined && bucket.versioning !== 'Unversioned'
      ? { versionId: entry.versionId }
      : {}),
    ...(entry?.kind === 'object' && !removal
      ? { size: entry.size, eTag: entry.eTag.replace(/"/g, '') }
      : {}),
    ...(restore === undefined ? {} : { restore }),
  }
}

/** A configuration's destination, as the listener is told it. */
export interface MatchedDestination {
  readonly destination: 'queue' | 'topic' | 'lambda'
  readonly arn: string
  readonly configurationId: string
}

/** `s3:ObjectCreated:*` selects every `s3:ObjectCreated:…`; other names select themselves. */
function eventSelected(patterns: readonly string[], name: S3EventName): boolean {
  const full = `s3:${name}`
  return patterns.some((p) => p === full || (p.endsWith(':*') && full.startsWith(p.slice(0, -1))))
}

/** Prefix and suffix rules compare the key as stored, case-sensitively (user guide, filtering). */
function keySelected(
  rules: readonly { Name?: string; Value?: string }[] | undefined,
  key: string,
): boolean {
  return (rules ?? []).every((rule) => {
    const name = (rule.Name ?? '').toLowerCase()
    const value = rule.Value ?? ''
    return name === 'prefix' ? key.startsWith(value) : key.endsWith(value)
  })
}

/**
 * The queue, topic and function configurations that select an event: one record each. S3 refuses
 * overlapping configurations at Put time (notification.ts), so this is at most one in practice.
 */
export function matchingDestinations(
  config: NotificationConfiguration,
  event: S3ObjectEvent,
): MatchedDestination[] {
  const lists = [
    ['queue', config.QueueConfigurations, 'QueueArn'],
    ['topic', config.TopicConfigurations, 'TopicArn'],
    ['lambda', config.LambdaFunctionConfigurations, 'LambdaFunctionArn'],
  ] as const
  const matched: MatchedDestination[] = []
  for (const [destination, list, member] of lists) {
    for (const c of list ?? []) {
      if (!eventSelected(c.Events, event.name)) continue
      if (!keySelected(c.Filter?.Key?.FilterRules, event.key)) continue
      matched.push({ destination, arn: c[member] ?? '', configurationId: c.Id ?? '' })
    }
  }
  return matched
}
