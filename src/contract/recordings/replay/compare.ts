import type { Difference } from '../../define.js'
import type { Recording } from '../format.js'
import { comparableExchanges, stableJson, type ComparableExchange } from '../normalize/mask.js'
import type { DifferenceInContext, ExchangeDifference } from './difference.js'
import { DEVIATIONS, type Deviation } from '../deviations.js'

/**
 * Compares the exchanges of a replay (the in-process mock running a scenario) with a recording
 * of the same scenario on another target. Exchanges are paired by operation (service, method,
 * resource, subresources) in order within each operation, so two calls that completed in another
 * order still pair; for each pair the status, error code, error message, the headers that matter
 * and the body are compared after masking (normalize/mask.ts). A difference a declared deviation
 * (deviations.ts, docs/fidelity.md) accounts for is reported as tolerated, not as a difference.
 */

export interface Comparison {
  /** The differences no deviation accounts for, as the runner reports them. */
  readonly differences: readonly Difference[]
  /** Differences a declared deviation accounts for (by id). */
  readonly tolerated: readonly (Difference & { readonly deviation: string })[]
  /** How many exchanges each side had. */
  readonly exchanges: { readonly recorded: number; readonly replayed: number }
}

/** At most this many body differences per exchange are listed (the rest are counted). */
const BODY_DIFFERENCE_LIMIT = 10

export function compareExchanges(
  recorded: Pick<Recording, 'vocabulary' | 'exchanges'>,
  replayed: Pick<Recording, 'vocabulary' | 'exchanges'>,
  deviations: readonly Deviation[] = DEVIATIONS,
): Comparison {
  const rules = deviations.flatMap((d) => (d.masks === undefined ? [] : [d.masks]))
  const left = comparableExchanges(recorded, rules)
  const right = comparableExchanges(replayed, rules)
  const differences: Difference[] = []
  const tolerated: (Difference & { deviation: string })[] = []

  const report = (label: string, context: DifferenceInContext): void => {
    const { difference } = context
    const entry: Difference = {
      check: `${label}: ${difference.field}`,
      expected: difference.recorded,
      actual: difference.replayed,
    }
    const deviation = deviations.find((d) => d.tolerates?.(context) === true)
    if (deviation === undefined) differences.push(entry)
    else tolerated.push({ ...entry, deviation: deviation.id })
  }

  for (const { recorded: a, replayed: b } of pair(left, right)) {
    const label = labelOf(a ?? b)
    if (a === undefined || b === undefined) {
      report(label, {
        difference: {
          field: 'exchange',
          recorded:
            a === undefined
              ? 'absent'
              : `${a.status}${a.errorCode === undefined ? '' : ` ${a.errorCode}`}`,
          replayed:
            b === undefined
              ? 'absent'
              : `${b.status}${b.errorCode === undefined ? '' : ` ${b.errorCode}`}`,
        },
        recorded: a,
        replayed: b,
      })
      continue
    }
    for (const difference of exchangeDifferences(a, b)) {
      report(label, { difference, recorded: a, replayed: b })
    }
  }
  return {
    differences,
    tolerated,
    exchanges: { recorded: left.length, replayed: right.length },
  }
}

function labelOf(exchange: ComparableExchange | undefined): string {
  return exchange === undefined ? '?' : `#${exchange.index} ${exchange.operation}`
}

/** Pairs by operation, in order within an operation; the result follows the recording's order. */
function pair(
  recorded: readonly ComparableExchange[],
  replayed: readonly ComparableExchange[],
): { recorded?: ComparableExchange; replayed?: ComparableExchange }[] {
  const queues = new Map<string, ComparableExchange[]>()
  for (const exchange of replayed) {
    const queue = queues.get(exchange.operation) ?? []
    queue.push(exchange)
    queues.set(exchange.operation, queue)
  }
  const pairs: { recorded?: ComparableExchange; replayed?: ComparableExchange }[] = []
  for (const exchange of recorded) {
    const match = queues.get(exchange.operation)?.shift()
    pairs.push(
      match === undefined ? { recorded: exchange } : { recorded: exchange, replayed: match },
    )
  }
  const leftOver = [...queues.values()].flat().sort((a, b) => a.index - b.index)
  for (const exchange of leftOver) pairs.push({ replayed: exchange })
  return pairs
}

/** The differences between two paired exchanges, most telling first. */
export function exchangeDifferences(
  recorded: ComparableExchange,
  replayed: ComparableExchange,
): ExchangeDifference[] {
  const out: ExchangeDifference[] = []
  if (recorded.status !== replayed.status) {
    out.push({ field: 'status', recorded: recorded.status, replayed: replayed.status })
  }
  if (recorded.errorCode !== replayed.errorCode) {
    out.push({ field: 'error code', recorded: recorded.errorCode, replayed: replayed.errorCode })
  }
  if (recorded.errorMessage !== replayed.errorMessage) {
    out.push({
      field: 'error message',
      recorded: recorded.errorMessage,
      replayed: replayed.errorMessage,
    })
  }
  const names = [
    ...new Set([...Object.keys(recorded.headers), ...Object.keys(replayed.headers)]),
  ].sort()
  for (const name of names) {
    if (recorded.headers[name] !== replayed.headers[name]) {
      out.push({
        field: `header ${name}`,
        recorded: recorded.headers[name],
        replayed: replayed.headers[name],
      })
    }
  }
  const bodyDifferences: ExchangeDifference[] = []
  treeDifferences('', recorded.body, replayed.body, bodyDifferences)
  out.push(...bodyDifferences.slice(0, BODY_DIFFERENCE_LIMIT))
  if (bodyDifferences.length > BODY_DIFFERENCE_LIMIT) {
    out.push({
      field: 'body',
      recorded: `${bodyDifferences.length - BODY_DIFFERENCE_LIMIT} more differences`,
      replayed: '(not listed)',
    })
  }
  return out
}

function treeDifferences(path: string, a: unknown, b: unknown, out: ExchangeDifference[]): void {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    for (const key of keys) treeDifferences(`${path}.${key}`, a[key], b[key], out)
    return
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => {
      treeDifferences(`${path}[${i}]`, item, b[i], out)
    })
    return
  }
  if (a === b) return
  if (stableJson(a) === stableJson(b)) return
  out.push({ field: `body ${path === '' ? '(whole)' : path.slice(1)}`, recorded: a, replayed: b })
}
