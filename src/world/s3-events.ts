import type { Random } from '../core/random.js'
import { deliveriesFor, type EventOrigin, type S3EventListener } from '../s3/event-messages.js'
import type { S3ObjectEvent } from '../s3/events.js'

/**
 * The world's side of S3 event notifications (`aws.s3.onEvent`): the listeners, and delivery of
 * the events a request committed. Delivery is synchronous, after the operation succeeded and
 * before its response is sent, in the order the changes were made (DeleteObjects: the order of
 * the keys), each event to every listener in subscription order. A listener that throws does not
 * change the S3 answer nor stop the other listeners; its error is thrown again on a microtask, so
 * the test runner reports it as an uncaught error of the test that caused it.
 */
export class S3EventBus {
  readonly #listeners = new Set<S3EventListener>()
  readonly #accountId: string
  readonly #random: () => Random
  #sequence = 0

  constructor(accountId: string, random: () => Random) {
    this.#accountId = accountId
    this.#random = random
  }

  /** True when someone listens: only then does the domain build events at all. */
  get listening(): boolean {
    return this.#listeners.size > 0
  }

  subscribe(listener: S3EventListener): () => void {
    // A wrapper per subscription: the same function subscribed twice is called twice.
    const entry: S3EventListener = (delivery) => {
      listener(delivery)
    }
    this.#listeners.add(entry)
    return () => {
      this.#listeners.delete(entry)
    }
  }

  deliver(events: readonly S3ObjectEvent[], origin: EventOrigin): void {
    const ids = {
      sequencer: () => (++this.#sequence).toString(16).toUpperCase().padStart(18, '0'),
      uuid: () => this.#random().uuid(),
    }
    for (const event of events) {
      for (const delivery of deliveriesFor(event, origin, this.#accountId, ids)) {
        for (const listener of [...this.#listeners]) {
          try {
            listener(delivery)
          } catch (error) {
            queueMicrotask(() => {
              throw error
            })
          }
        }
      }
    }
  }

  /** `reset()`: listeners go with the rest of the world's state, as faults do. */
  reset(): void {
    this.#listeners.clear()
    this.#sequence = 0
  }
}
