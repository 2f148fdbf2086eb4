import type { ServiceName } from './aws-error.js'
import type { AuthorizationRecord } from './iam/decision.js'

/**
 * Who made a call, as CloudTrail's `userIdentity` shows it. With declared principals it names the
 * principal (`arn`, `userName`; a role's session with `sessionContext.sessionIssuer`).
 */
export interface AuditUserIdentity {
  type: 'IAMUser' | 'AssumedRole' | 'Root' | 'AWSService' | 'Unknown'
  accountId: string
  arn?: string
  userName?: string
  sessionContext?: {
    sessionIssuer: { type: 'Role'; arn: string; accountId: string; userName: string }
  }
  accessKeyId?: string
  /** `s3.amazonaws.com` when S3 called KMS on the user's behalf. */
  invokedBy?: string
}

/** A resource an event touched: the KMS key, the bucket, the object. */
export interface AuditResource {
  ARN: string
  accountId: string
  type: string
}

/**
 * One call, shaped like a CloudTrail record (SPEC §6). Secrets never appear: operations
 * choose what goes into `requestParameters`, and binary values are never copied in.
 * @public
 */
export interface AuditEvent {
  eventVersion: '1.11'
  eventTime: string
  eventSource: 'kms.amazonaws.com' | 's3.amazonaws.com'
  eventName: string
  awsRegion: string
  sourceIPAddress: string
  userAgent: string
  userIdentity: AuditUserIdentity
  requestParameters: Record<string, unknown> | null
  responseElements: Record<string, unknown> | null
  additionalEventData?: Record<string, unknown>
  requestID: string
  eventID: string
  readOnly: boolean
  resources: AuditResource[]
  eventType: 'AwsApiCall'
  errorCode?: string
  errorMessage?: string
  /** Set when `world.faults` produced or delayed this call. */
  injectedFault?: { error?: string; latencyMs?: number }
  /** The mock's own: how the call was authorised, when the world declares principals. */
  authorization?: AuthorizationRecord
}

/** Fields an operation notes while it runs; kept even when it then throws. */
export interface AuditNotes {
  requestParameters?: Record<string, unknown> | null
  responseElements?: Record<string, unknown> | null
  additionalEventData?: Record<string, unknown>
  resources: AuditResource[]
  authorization?: AuthorizationRecord
  /**
   * Called once the event of a successful call is recorded, with it: for state that names the
   * event (KMS's GetKeyLastUsage reports the CloudTrail event id of each key's last use).
   */
  onRecorded?: (event: AuditEvent) => void
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] }

/**
 * What `events()` accepts: a partial event matched field by field (nested objects match as
 * subsets, arrays match when each listed element matches some element), or a predicate.
 * @public
 */
export type AuditFilter = DeepPartial<AuditEvent> | ((event: AuditEvent) => boolean)

function matches(actual: unknown, expected: unknown): boolean {
  if (expected === undefined) return true
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected)
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false
    return expected.every((want) => actual.some((have) => matches(have, want)))
  }
  if (actual === null || typeof actual !== 'object') return false
  return Object.entries(expected).every(([k, v]) =>
    matches((actual as Record<string, unknown>)[k], v),
  )
}

export const eventSourceOf = (service: ServiceName): AuditEvent['eventSource'] =>
  service === 'kms' ? 'kms.amazonaws.com' : 's3.amazonaws.com'

/**
 * The audit log of one world (`world.audit`). Unbounded by default; with `maxEvents` (server mode
 * sets one) the oldest events make room for new ones and are counted in `dropped`.
 * @public
 */
export class AuditLog {
  #events: AuditEvent[] = []
  /** Index of the oldest kept event in `#events` (dropped ones are compacted away in batches). */
  #start = 0
  #dropped = 0
  readonly #max: number

  constructor(maxEvents = Infinity) {
    this.#max = maxEvents
  }

  /** @internal */
  record(event: AuditEvent): void {
    this.#events.push(event)
    if (this.#events.length - this.#start > this.#max) {
      this.#start++
      this.#dropped++
      // Compact once the dropped prefix is as long as the kept part: O(1) amortised per event.
      if (this.#start >= this.#max) {
        this.#events = this.#events.slice(this.#start)
        this.#start = 0
      }
    }
  }

  /** Events in the order they happened, optionally filtered. Returns copies. */
  events(filter?: AuditFilter): AuditEvent[] {
    const kept = this.#start === 0 ? this.#events : this.#events.slice(this.#start)
    const selected =
      filter === undefined
        ? kept
        : typeof filter === 'function'
          ? kept.filter(filter)
          : kept.filter((e) => matches(e, filter))
    return selected.map((e) => structuredClone(e))
  }

  /** How many events were dropped to stay within `maxEvents` since the last clear. */
  get dropped(): number {
    return this.#dropped
  }

  /** The configured bound (Infinity when unbounded). */
  get maxEvents(): number {
    return this.#max
  }

  clear(): void {
    this.#events = []
    this.#start = 0
    this.#dropped = 0
  }

  /** @internal How many events were ever recorded since the last clear: a mark for `discardSince`. */
  get size(): number {
    return this.#dropped + this.#events.length - this.#start
  }

  /** @internal Drops the events recorded after `mark` (`world.load()`'s own calls). */
  discardSince(mark: number): void {
    const keep = Math.max(0, mark - this.#dropped)
    this.#events = this.#events.slice(this.#start, this.#start + keep)
    this.#start = 0
  }
}
