import type { AwsError, ServiceName } from './aws-error.js'
import type { Random } from './random.js'
import { UsageError } from './usage-error.js'

/**
 * A fault to inject into matching calls (SPEC §6).
 * @public
 */
export interface FaultRule {
  /** Which service's operations to hit. */
  service: ServiceName
  /** Operation name(s) as AWS spells them (`GenerateDataKey`, `PutObject`); all when omitted. */
  operation?: string | readonly string[]
  /** Only calls made on behalf of this service principal, e.g. `s3.amazonaws.com` for S3's KMS calls. */
  invokedBy?: string
  /** S3: only requests on this bucket. */
  bucket?: string
  /** S3: only requests on keys that start with this (`invoices/`); requests without a key never match. */
  keyPrefix?: string
  /** The error to answer with: an error code known for the service (`ThrottlingException`, `KMSInternalException`, …) or an error instance. */
  error?: string | AwsError
  /** Delay before the call runs (or fails). */
  latencyMs?: number
  /** Fire this many times, then stop. Default: every time. */
  times?: number
  /** Fire with this probability (0–1), drawn from the world's random source. */
  probability?: number
}

/** What the dispatcher must do for one call. */
export interface FaultDecision {
  error?: AwsError
  latencyMs?: number
}

/** A handle to stop an injected fault early. @public */
export interface FaultHandle {
  remove(): void
  /** How many calls this rule has hit so far. */
  readonly hits: number
}

/** What a call acts on, for rules that name a bucket or key prefix and errors that name them. */
export interface FaultTarget {
  readonly operation?: string
  readonly bucket?: string
  readonly key?: string
}

/** Builds the AWS error named by a code string; supplied by the world, which knows every catalogue. */
export type ErrorFactory = (
  service: ServiceName,
  code: string,
  target: FaultTarget,
) => AwsError | undefined

interface ActiveRule {
  rule: FaultRule
  remaining: number
  hits: number
}

/** `world.faults`. @public */
export class Faults {
  #rules: ActiveRule[] = []
  readonly #random: () => Random
  readonly #errorFor: ErrorFactory

  /** @internal */
  constructor(random: () => Random, errorFor: ErrorFactory) {
    this.#random = random
    this.#errorFor = errorFor
  }

  inject(rule: FaultRule): FaultHandle {
    if (rule.error === undefined && rule.latencyMs === undefined) {
      throw new UsageError(
        'Failed to inject fault: the rule has neither `error` nor `latencyMs`. Give one or both.',
      )
    }
    if (
      typeof rule.error === 'string' &&
      this.#errorFor(rule.service, rule.error, {}) === undefined
    ) {
      throw new UsageError(
        `Failed to inject fault: '${rule.error}' is not an error code this mock knows for ${rule.service}. Pass an AwsError instance or a known code.`,
      )
    }
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new UsageError(
        `Failed to inject fault: probability ${rule.probability} is not between 0 and 1.`,
      )
    }
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
      throw new UsageError(`Failed to inject fault: times ${rule.times} is not a positive integer.`)
    }
    const active: ActiveRule = { rule, remaining: rule.times ?? Infinity, hits: 0 }
    this.#rules.push(active)
    return {
      remove: () => {
        this.#rules = this.#rules.filter((r) => r !== active)
      },
      get hits() {
        return active.hits
      },
    }
  }

  clear(): void {
    this.#rules = []
  }

  /** @internal The first matching rule that fires for this call, if any. */
  decide(
    service: ServiceName,
    operation: string,
    invokedBy: string | undefined,
    target: FaultTarget = {},
  ): FaultDecision | undefined {
    for (const active of this.#rules) {
      const { rule } = active
      if (rule.service !== service || active.remaining <= 0) continue
      if (rule.operation !== undefined) {
        const ops = typeof rule.operation === 'string' ? [rule.operation] : rule.operation
        if (!ops.includes(operation)) continue
      }
      if (rule.invokedBy !== undefined && rule.invokedBy !== invokedBy) continue
      if (rule.bucket !== undefined && rule.bucket !== target.bucket) continue
      if (
        rule.keyPrefix !== undefined &&
        (target.key === undefined || !target.key.startsWith(rule.keyPrefix))
      )
        continue
      if (rule.probability !== undefined && this.#random().fraction() >= rule.probability) continue
      active.remaining -= 1
      active.hits += 1
      const decision: FaultDecision = {}
      if (rule.latencyMs !== undefined) decision.latencyMs = rule.latencyMs
      if (rule.error !== undefined) {
        const error =
          typeof rule.error === 'string'
            ? this.#errorFor(service, rule.error, { ...target, operation })
            : rule.error
        if (error !== undefined) decision.error = error
      }
      return decision
    }
    return undefined
  }
}
