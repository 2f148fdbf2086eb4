/**
 * `s3-kms-mock/vitest`: a `test` with an `aws` fixture — a fresh, isolated world per test, also
 * under `test.concurrent` — and `expect` with the matchers of SPEC §6.
 * @packageDocumentation
 */
import { expect, test as baseTest } from 'vitest'
import { acquireWorkerServer, enterTestWorld } from './testing/fixtures.js'
import { s3KmsMockMatchers } from './testing/matchers/index.js'
import type {
  DenialExpectation,
  KmsExpectation,
  S3KmsMockMatchers,
} from './testing/matchers/types.js'
import { createMockAws } from './world/create-world.js'
import type { MockAws } from './world/mock-aws.js'
import type { MockAwsOptions } from './world/options.js'

expect.extend(s3KmsMockMatchers)

declare module 'vitest' {
  // Vitest's documented pattern for typing custom matchers (vitest ≥ 3.2).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends S3KmsMockMatchers<T> {}
}

/**
 * The fixtures `test` adds.
 * @public
 */
export interface MockAwsFixtures {
  /**
   * A fresh world for this test, answering the AWS SDK's requests made by this test (including
   * your application code's own clients). Nothing is shared with other tests, concurrent or not.
   */
  aws: MockAws
  /** Options of the test's world; override with `test.extend({ awsOptions: { seed: 1 } })`. */
  awsOptions: MockAwsOptions
  /** @internal Keeps the worker's MSW server listening while the file's tests run. */
  s3KmsMockServer: undefined
}

/**
 * Vitest's `test` with the `aws` fixture.
 * @public
 * @example
 * ```ts
 * import { expect, test } from 's3-kms-mock/vitest'
 *
 * test.concurrent('stores invoices under the invoices key', async ({ aws }) => {
 *   await aws.load('fixtures/invoices.json')
 *   await storeInvoice(new S3Client({}), 'acme', '42.pdf') // your code
 *   expect(aws.s3.object('invoices', 'acme/42.pdf')).toBeEncryptedWithKms({ keyId: 'alias/invoices' })
 * })
 * ```
 */
export const test = baseTest.extend<MockAwsFixtures>({
  s3KmsMockServer: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
    async ({}, use) => {
      const release = acquireWorkerServer()
      try {
        await use(undefined)
      } finally {
        release()
      }
    },
    { scope: 'worker', auto: true },
  ],
  awsOptions: {},
  aws: async ({ awsOptions, s3KmsMockServer: _server }, use) => {
    const world = createMockAws(awsOptions)
    // Synchronously, before any await: the runner calls the test function in this context.
    const leave = enterTestWorld(world)
    try {
      await use(world)
    } finally {
      leave()
    }
  },
})

/** `test`, by its other name. @public */
export const it = test

export { expect }
export type { DenialExpectation, KmsExpectation, S3KmsMockMatchers, MockAws, MockAwsOptions }
