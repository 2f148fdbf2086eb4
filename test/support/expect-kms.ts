import { expect } from 'vitest'
import type { MockAws } from '../../src/index.js'
import { errorOf } from './kms.js'
import { expectUnchanged } from './unchanged.js'

export interface ExpectedKmsError {
  name: string
  message: string
  /** Every KMS client error AWS was captured returning is 400 (reference §3). */
  status?: number
}

/**
 * Runs a call that must fail and asserts what a user sees (error name, exact message, HTTP
 * status), that the world is unchanged, and that the call left exactly one audit event, which
 * names the error.
 */
export async function expectKmsError(
  aws: MockAws,
  eventName: string,
  call: () => Promise<unknown>,
  expected: ExpectedKmsError,
): Promise<void> {
  const before = aws.audit.events({ eventName }).length
  const error = await expectUnchanged(aws, () => errorOf(call()))
  expect({
    name: error.name,
    message: error.message,
    status: error.$metadata.httpStatusCode,
  }).toEqual({ name: expected.name, message: expected.message, status: expected.status ?? 400 })
  const events = aws.audit.events({ eventName })
  expect(events).toHaveLength(before + 1)
  expect(events.at(-1)?.errorCode).toBe(expected.name)
}

/** Runs a call that must succeed and asserts it left exactly one audit event, without an error. */
export async function audited<T>(
  aws: MockAws,
  eventName: string,
  call: () => Promise<T>,
): Promise<T> {
  const before = aws.audit.events({ eventName }).length
  const output = await call()
  const events = aws.audit.events({ eventName })
  expect(events).toHaveLength(before + 1)
  expect(events.at(-1)?.errorCode).toBeUndefined()
  return output
}
