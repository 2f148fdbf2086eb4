import { expect } from 'vitest'
import type { MockAws } from '../../src/index.js'
import { stateSnapshot } from './state-snapshot.js'

/**
 * Runs `fn` (which is expected to fail) and asserts the world's state is byte-for-byte what it was
 * before: a failed call changes nothing (DESIGN §3 rule 4).
 */
export async function expectUnchanged<T>(world: MockAws, fn: () => Promise<T>): Promise<T> {
  const before = stateSnapshot(world)
  const result = await fn()
  expect(stateSnapshot(world)).toBe(before)
  return result
}
