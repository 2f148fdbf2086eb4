import type { ComparableExchange } from '../normalize/mask.js'

/** One difference inside a pair of exchanges (or an exchange one side lacks). */
export interface ExchangeDifference {
  /** `status`, `error code`, `error message`, `header <name>`, `body <path>` or `exchange`. */
  readonly field: string
  readonly recorded: unknown
  readonly replayed: unknown
}

/** What a deviation's `tolerates` sees. */
export interface DifferenceInContext {
  readonly difference: ExchangeDifference
  readonly recorded: ComparableExchange | undefined
  readonly replayed: ComparableExchange | undefined
}
