import type { KmsState } from '../kms/state.js'
import type { S3State } from '../s3/state.js'
import type { MockAws } from './mock-aws.js'
import type { S3ObjectRef } from './s3-view.js'

/**
 * Which world an object reference or a world object came from, so the matchers (SPEC §6) can
 * take either as their subject and still reach the world's keys and audit log. WeakMaps: a
 * finished test's world and refs are collected with it.
 */
const worlds = new WeakMap<object, WorldInternals>()
const refOwners = new WeakMap<object, MockAws>()

/** What the test surface reads from a world beyond its public API. @internal */
export interface WorldInternals {
  /** A key ARN with its aliases, e.g. `arn:…:key/1234… (alias/invoices)`. */
  describeKeyArn(arn: string): string
  /** The world's current state, for the test suite's `expectUnchanged` snapshot. */
  states(): { kms: KmsState; s3: S3State }
}

/** @internal */
export function registerWorld(world: MockAws, internals: WorldInternals): void {
  worlds.set(world, internals)
}

/** @internal */
export function internalsOf(world: MockAws): WorldInternals {
  const internals = worlds.get(world)
  if (internals === undefined) throw new Error('not a world created by createMockAws')
  return internals
}

/** @internal */
export function registerRef(ref: S3ObjectRef, world: MockAws): void {
  refOwners.set(ref, world)
}

/** True for a world made by `createMockAws` (or `setupMockAws`, which extends one). */
export function isWorld(value: unknown): value is MockAws {
  return typeof value === 'object' && value !== null && worlds.has(value)
}

/** The world an object reference was taken from; undefined for anything else. */
export function worldOfRef(value: unknown): { ref: S3ObjectRef; world: MockAws } | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const world = refOwners.get(value)
  return world === undefined ? undefined : { ref: value as S3ObjectRef, world }
}
