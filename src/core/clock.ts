/**
 * Injected time (DESIGN §6 rule 6): the domain never reads the system clock directly, so tests
 * can freeze or advance time (presigned URL expiry, key deletion dates, rotation).
 * @public
 */
export interface Clock {
  now(): Date
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() }

/**
 * A clock that only moves when told to. Useful to test expiry deterministically.
 * @public
 */
export class ManualClock implements Clock {
  #epochMs: number

  constructor(start: Date | string | number = 0) {
    this.#epochMs = new Date(start).getTime()
  }

  now(): Date {
    return new Date(this.#epochMs)
  }

  advance(ms: number): void {
    this.#epochMs += ms
  }

  set(to: Date | string | number): void {
    this.#epochMs = new Date(to).getTime()
  }
}
