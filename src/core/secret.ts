import { inspect } from 'node:util'

const REDACTED = '[REDACTED]'

/**
 * Secret bytes (key material, data keys, SSE-C keys). The value is reachable only through
 * `reveal()`; every way a value gets printed or serialised shows `[REDACTED]` instead, so a secret
 * cannot slip into an error, a log line, an audit event or `inspect()` output by accident.
 * @public
 */
export class Secret {
  readonly #value: Uint8Array

  constructor(value: Uint8Array) {
    this.#value = value
  }

  /** The bytes. Call only where the secret is used for crypto. */
  reveal(): Uint8Array {
    return this.#value
  }

  get length(): number {
    return this.#value.length
  }

  toJSON(): string {
    return REDACTED
  }

  toString(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`
  }
}
