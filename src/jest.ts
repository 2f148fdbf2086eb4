/**
 * `s3-kms-mock/jest`: the matchers of SPEC §6 for jest's `expect.extend`, with their types for
 * `@jest/globals` and for the `jest` globals (`@types/jest`).
 * @packageDocumentation
 * @example
 * ```ts
 * import { expect } from '@jest/globals'
 * import { matchers } from 's3-kms-mock/jest'
 * expect.extend(matchers)
 * ```
 */
// Brings jest's `expect` types into the program so the augmentation below has a module to extend.
import type {} from 'expect'
import { s3KmsMockMatchers } from './testing/matchers/index.js'
import type {
  DenialExpectation,
  KmsExpectation,
  S3KmsMockMatchers,
} from './testing/matchers/types.js'

/**
 * The matchers, for `expect.extend(matchers)`.
 * @public
 */
export const matchers = s3KmsMockMatchers

// The type parameters must repeat the augmented declarations' exactly, used or not.
/* eslint-disable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars */
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends S3KmsMockMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- @types/jest's global namespace
  namespace jest {
    interface Matchers<R, T = {}> extends S3KmsMockMatchers<R> {}
  }
}
/* eslint-enable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars */

export type { DenialExpectation, KmsExpectation, S3KmsMockMatchers }
