import { UsageError } from '../core/usage-error.js'
import { browserSubjectOf } from './subjects.js'

/** The part of vitest's matcher context the page's matchers use. @public */
export interface PageMatcherContext {
  /** Whether the assertion is negated (`.not`). */
  readonly isNot?: boolean
}

/** What a page matcher resolves to, as vitest expects. @public */
export interface PageMatcherOutcome {
  /** Whether the assertion held. */
  pass: boolean
  /** The failure text, Node's. */
  message: () => string
}

/** The matchers' names (SPEC §6). @public */
export type BrowserMatcherName =
  | 'toBeEncryptedWithKms'
  | 'toBeEncryptedWithCustomerKey'
  | 'toBeEncryptedWithS3Managed'
  | 'toBeUnencrypted'
  | 'toHaveKmsCall'
  | 'toHaveBeenDecryptedBy'
  | 'toHaveDeniedKmsCall'
  | 'toHaveDeniedS3Call'

/** True when a value holds an asymmetric matcher (`expect.any(String)`), which cannot cross. */
function holdsAsymmetric(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function') return true
  return Object.values(value).some(holdsAsymmetric)
}

async function relayMatch(
  context: PageMatcherContext,
  matcher: string,
  received: unknown,
  args: readonly unknown[],
): Promise<PageMatcherOutcome> {
  const isNot = context.isNot === true
  const target = browserSubjectOf(received)
  if (target === undefined) {
    // As in Node: a subject that cannot be judged fails with and without `.not`.
    return {
      pass: isNot,
      message: () =>
        `expect(received).${isNot ? 'not.' : ''}${matcher}(…)\n\nExpected: an object reference from aws.s3.object(bucket, key) or the world\nReceived: ${typeof received}`,
    }
  }
  if (args.some(holdsAsymmetric)) {
    throw new UsageError(
      `s3-kms-mock: ${matcher} in the page takes plain values: asymmetric matchers such as expect.any() cannot cross to the Node-side world. Compare aws.s3.object(...).describe() instead.`,
    )
  }
  // Trailing undefined arguments are dropped, as JSON drops them, so messages match Node's.
  const sent = [...args]
  while (sent.length > 0 && sent[sent.length - 1] === undefined) sent.pop()
  const outcome = (await target.client.send({
    op: 'match',
    matcher,
    subject: target.subject,
    args: sent,
    isNot,
  })) as { pass: boolean; message: string }
  return { pass: outcome.pass, message: () => outcome.message }
}

const names: readonly BrowserMatcherName[] = [
  'toBeEncryptedWithKms',
  'toBeEncryptedWithCustomerKey',
  'toBeEncryptedWithS3Managed',
  'toBeUnencrypted',
  'toHaveKmsCall',
  'toHaveBeenDecryptedBy',
  'toHaveDeniedKmsCall',
  'toHaveDeniedS3Call',
]

/**
 * The matchers of SPEC §6 for the page, for `expect.extend()`: the same names, arguments and
 * messages as in Node (the check runs on the Node side), but asynchronous, so each is awaited:
 * `await expect(aws.s3.object(b, k)).toBeEncryptedWithKms({ keyId: 'alias/app' })`.
 * @public
 */
export const browserMatchers: Record<
  BrowserMatcherName,
  (this: PageMatcherContext, received: unknown, ...args: unknown[]) => Promise<PageMatcherOutcome>
> = Object.fromEntries(
  names.map((name) => [
    name,
    function (this: PageMatcherContext, received: unknown, ...args: unknown[]) {
      return relayMatch(this, name, received, args)
    },
  ]),
) as never
