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
 * The audit log of one world (`world.audit`).
 * @public
 */
export class AuditLog {
  #events: AuditEvent[] = []

  /** @internal */
  record(event: AuditEvent): void {
    this.#events.push(event)
  }

  /** Events in the order they happened, optionally filtered. Returns copies. */
  events(filter?: AuditFilter): AuditEvent[] {
    const selected =
      filter === undefined
        ? this.#events
        : typeof filter === 'function'
          ? this.#events.filter(filter)
          : this.#events.filter((e) => matches(e, filter))
    return selected.map((e) => structuredClone(e))
  }

  clear(): void {
    this.#events = []
  }

  /** @internal How many events are recorded: a mark for `discardSince`. */
  get size(): number {
    return this.#events.length
  }

  /** @internal Drops the events recorded after `mark` (`world.load()`'s own calls). */
  discardSince(mark: number): void {
    this.#events = this.#events.slice(0, mark)
  }
}
