import {
  type CheckResult,
  checkEncryptedWithCustomerKey,
  checkEncryptedWithKms,
  checkEncryptedWithS3Managed,
  checkUnencrypted,
  type Equals,
  subjectOf,
} from './checks.js'
import { checkDeniedCall } from './denials.js'
import { checkDecryptedBy, checkKmsCall } from './kms-calls.js'
import { failureMessage } from './messages.js'
import type { DenialExpectation, KmsExpectation } from './types.js'

/** The part of jest's and vitest's matcher context the matchers use. */
export interface MatcherContextLike {
  /** Optional in jest 29's types; always set at run time. */
  readonly isNot?: boolean
  readonly equals: (a: unknown, b: unknown, ...rest: never[]) => boolean
}

/** What jest and vitest expect a matcher to return. */
export interface MatcherOutcome {
  pass: boolean
  message: () => string
}

function run(
  context: MatcherContextLike,
  name: string,
  received: unknown,
  args: readonly unknown[],
  check: (equals: Equals) => CheckResult,
): MatcherOutcome {
  const equals: Equals = (a, b) => context.equals(a, b)
  const result = check(equals)
  // A subject that cannot be judged fails whether or not the assertion is negated.
  const isNot = context.isNot === true
  const pass = result.unusable === true ? isNot : result.pass
  const label = subjectOf(received)?.label ?? 'received'
  return { pass, message: () => failureMessage(name, label, args, result, isNot) }
}

/**
 * The matchers of SPEC §6 as plain functions for `expect.extend()` in jest or vitest; their
 * types are `S3KmsMockMatchers`.
 * @public
 */
export const s3KmsMockMatchers = {
  toBeEncryptedWithKms(this: MatcherContextLike, received: unknown, expected?: KmsExpectation) {
    return run(this, 'toBeEncryptedWithKms', received, [expected], (equals) =>
      checkEncryptedWithKms(received, expected ?? {}, equals),
    )
  },
  toBeEncryptedWithCustomerKey(
    this: MatcherContextLike,
    received: unknown,
    key?: string | Uint8Array,
  ) {
    return run(this, 'toBeEncryptedWithCustomerKey', received, [key], () =>
      checkEncryptedWithCustomerKey(received, key),
    )
  },
  toBeEncryptedWithS3Managed(this: MatcherContextLike, received: unknown) {
    return run(this, 'toBeEncryptedWithS3Managed', received, [], () =>
      checkEncryptedWithS3Managed(received),
    )
  },
  toBeUnencrypted(this: MatcherContextLike, received: unknown) {
    return run(this, 'toBeUnencrypted', received, [], () => checkUnencrypted(received))
  },
  toHaveKmsCall(
    this: MatcherContextLike,
    received: unknown,
    operation: string,
    expected?: KmsExpectation,
  ) {
    return run(this, 'toHaveKmsCall', received, [operation, expected], (equals) =>
      checkKmsCall(received, operation, expected ?? {}, equals),
    )
  },
  toHaveBeenDecryptedBy(this: MatcherContextLike, received: unknown, keyId: string) {
    return run(this, 'toHaveBeenDecryptedBy', received, [keyId], () =>
      checkDecryptedBy(received, keyId),
    )
  },
  toHaveDeniedKmsCall(
    this: MatcherContextLike,
    received: unknown,
    operation: string,
    expected?: DenialExpectation,
  ) {
    return run(this, 'toHaveDeniedKmsCall', received, [operation, expected], () =>
      checkDeniedCall(received, 'kms', operation, expected ?? {}),
    )
  },
  toHaveDeniedS3Call(
    this: MatcherContextLike,
    received: unknown,
    operation: string,
    expected?: DenialExpectation,
  ) {
    return run(this, 'toHaveDeniedS3Call', received, [operation, expected], () =>
      checkDeniedCall(received, 's3', operation, expected ?? {}),
    )
  },
}
