import { expect } from 'vitest'
import type { AuditNotes } from '../../src/core/audit.js'
import { isAwsError, type AwsError } from '../../src/core/aws-error.js'
import { ManualClock } from '../../src/core/clock.js'
import type { Caller } from '../../src/core/context.js'
import { type Random, seededRandom } from '../../src/core/random.js'
import type { S3Context } from '../../src/s3/context.js'
import { S3State } from '../../src/s3/state.js'
import { FakeKeyService } from './fake-key-service.js'

/**
 * A world for S3 domain tests without the real world: S3 state, a seeded random source, a manual
 * clock and a FakeKeyService. `ctx()` builds a fresh operation context (own audit notes) per call.
 */
export interface S3TestWorld {
  readonly state: S3State
  readonly keys: FakeKeyService
  readonly clock: ManualClock
  readonly random: Random
  readonly region: string
  ctx(overrides?: {
    region?: string
    signature?: Caller['signature']
    blockSseCOnNewBuckets?: boolean
  }): S3Context & { notes: AuditNotes }
  /** A comparable picture of all S3 state, stored bytes included. */
  snapshot(): string
}

export function s3TestWorld(options: { region?: string; seed?: string } = {}): S3TestWorld {
  const region = options.region ?? 'us-east-1'
  const random = seededRandom(options.seed ?? 's3-domain-tests')
  const state = new S3State(random)
  const keys = new FakeKeyService()
  const clock = new ManualClock('2026-03-01T12:00:00.000Z')
  return {
    state,
    keys,
    clock,
    random,
    region,
    ctx(overrides = {}) {
      return {
        clock,
        random,
        region: overrides.region ?? region,
        accountId: '123456789012',
        caller: {
          accountId: '123456789012',
          secure: true,
          sourceIp: '127.0.0.1',
          userAgent: 'test',
          signature: overrides.signature ?? 'sigv4',
        },
        requestId: 'req-1',
        notes: { resources: [] },
        s3: state,
        keys,
        blockSseCOnNewBuckets: overrides.blockSseCOnNewBuckets ?? true,
      }
    },
    snapshot: () => snapshotOf(state),
  }
}

function snapshotOf(state: S3State): string {
  const replacer = (_key: string, value: unknown): unknown => {
    if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()]
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
    if (value !== null && typeof value === 'object' && 'rawBytes' in value) {
      return Buffer.from((value as { rawBytes(): Uint8Array }).rawBytes()).toString('hex')
    }
    return value
  }
  return JSON.stringify([...state.buckets.entries()], replacer)
}

/** A body stream of `data`, cut into chunks of `chunkSize` bytes. */
export function bodyOf(data: string | Uint8Array, chunkSize = 7): ReadableStream<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  let at = 0
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close()
        return
      }
      controller.enqueue(bytes.slice(at, at + chunkSize))
      at += chunkSize
    },
  })
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

export async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder().decode(await readAll(stream))
}

/** The AwsError an operation throws (or rejects with); fails the test when it succeeds. */
export async function errorOf(run: () => unknown): Promise<AwsError> {
  try {
    await run()
  } catch (error) {
    if (isAwsError(error)) return error
    throw error
  }
  throw new Error('expected the operation to fail, but it succeeded')
}

/** Runs a failing operation and asserts the S3 state did not change (DESIGN §3 rule 4). */
export async function expectFailsUnchanged(
  world: S3TestWorld,
  run: () => unknown,
): Promise<AwsError> {
  const before = world.snapshot()
  const error = await errorOf(run)
  expect(world.snapshot()).toBe(before)
  return error
}
