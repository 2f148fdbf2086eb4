/**
 * `s3-kms-mock/vitest-setup`: list it in vitest's `setupFiles`. The mock listens before the
 * file's tests, empties its world after each test and stops after the last, so application code
 * with its own `S3Client`/`KMSClient` (default endpoints, no special config) is answered by it.
 * The world is exported as `aws` for assertions; tests that use the `aws` fixture of
 * `s3-kms-mock/vitest` get their own world instead.
 * @packageDocumentation
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { acquireWorkerServer, setFallbackWorld } from './testing/fixtures.js'
import { s3KmsMockMatchers } from './testing/matchers/index.js'
import type { S3KmsMockMatchers } from './testing/matchers/types.js'
import { createMockAws } from './world/create-world.js'
import type { MockAws } from './world/mock-aws.js'

expect.extend(s3KmsMockMatchers)

declare module 'vitest' {
  // The matchers' types come with the setup file too (tests may not import s3-kms-mock/vitest).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends S3KmsMockMatchers<T> {}
}

/**
 * The world of the setup file, shared by the tests of a file and emptied after each test.
 * @public
 * @example
 * ```ts
 * import { aws } from 's3-kms-mock/vitest-setup'
 * expect(aws.s3.object('invoices', 'acme/42.pdf')).toBeEncryptedWithKms()
 * ```
 */
export const aws: MockAws = createMockAws()

let release: (() => void) | undefined

beforeAll(() => {
  release = acquireWorkerServer()
  setFallbackWorld(aws)
})

afterEach(() => {
  aws.reset()
})

afterAll(() => {
  setFallbackWorld(undefined)
  release?.()
  release = undefined
})
