import type { WireSubject } from '../relay/protocol.js'
import type { RelayClient } from './relay-client.js'

/** Which world (by its relay) a page reference or page world stands for: the matchers' subjects. */
const subjects = new WeakMap<object, { client: RelayClient; subject: WireSubject }>()

export function registerBrowserSubject(
  value: object,
  client: RelayClient,
  subject: WireSubject,
): void {
  subjects.set(value, { client, subject })
}

export function browserSubjectOf(
  value: unknown,
): { client: RelayClient; subject: WireSubject } | undefined {
  return typeof value === 'object' && value !== null ? subjects.get(value) : undefined
}
