/**
 * `s3-kms-mock/vitest` in vitest's browser mode (the package's `browser` export condition): a
 * `test` whose `aws` fixture is the page's world (`BrowserMockAws`), fresh per test, and
 * `expect` with the page's asynchronous matchers. Needs `s3KmsMockBrowser()` in the plugins.
 * @packageDocumentation
 */
import { type Assertion, type ExpectStatic, expect as baseExpect, test as baseTest } from 'vitest'
import { browserMatchers } from './browser/matchers.js'
import {
  setupMockAwsWorker,
  type BrowserMockAws,
  type MockAwsWorkerOptions,
} from './browser/world.js'
import type { S3KmsMockMatchers } from './testing/matchers/types.js'

baseExpect.extend(browserMatchers)

/** The page's matchers: each returns a promise (the check runs on the Node side). @public */
export type BrowserMatchers = S3KmsMockMatchers<Promise<void>>

/** An assertion in the page, with the matchers typed as promises, `.not` included. @public */
export type BrowserAssertion<T> = BrowserMatchers & {
  not: BrowserMatchers & Assertion<T>['not']
} & Assertion<T>

/**
 * Vitest's `expect` with the page's matchers typed. Not a module augmentation of vitest's
 * `Matchers`: `s3-kms-mock/vitest` augments it with synchronous returns, and a program may
 * hold both.
 * @public
 */
export type BrowserExpect = (<T>(actual: T, message?: string) => BrowserAssertion<T>) & ExpectStatic

/** `expect` with the page's matchers (await them). @public */
export const expect = baseExpect as BrowserExpect

/**
 * The fixtures `test` adds in the page.
 * @public
 */
export interface BrowserMockAwsFixtures {
  /** A fresh world for this test, answering the page's requests (started, stopped after). */
  aws: BrowserMockAws
  /** Options of the test's world; override with `test.extend({ awsOptions: { seed: 1 } })`. */
  awsOptions: MockAwsWorkerOptions
}

/**
 * Vitest's `test` with the page's `aws` fixture. Tests of one file run one at a time in the
 * page: a service worker answers the whole page, so `test.concurrent` would share it.
 * @public
 */
export const test = baseTest.extend<BrowserMockAwsFixtures>({
  awsOptions: {},
  aws: async ({ awsOptions }, use) => {
    const world = setupMockAwsWorker(awsOptions)
    await world.start()
    try {
      await use(world)
    } finally {
      await world.stop()
    }
  },
})

/** `test`, by its other name. @public */
export const it = test

export type { BrowserMockAws, MockAwsWorkerOptions, S3KmsMockMatchers }
