import type { CheckResult } from './checks.js'
import { show } from './show.js'

/**
 * The failure text of a matcher, from its check's data (DESIGN §5): a hint line naming the
 * subject and the call, then what was expected and what was found, then any details.
 *
 * ```
 * expect(s3://invoices/acme/42.pdf).toBeEncryptedWithKms({ keyId: "alias/invoices" })
 *
 * Expected: SSE-KMS with key arn:aws:kms:…:key/… (alias/invoices)
 * Received: SSE-S3
 * ```
 */
export function failureMessage(
  matcher: string,
  subjectLabel: string,
  args: readonly unknown[],
  result: CheckResult,
  isNot: boolean,
): string {
  const shown = args.filter((a, i) => !(a === undefined && i === args.length - 1)).map(show)
  const hint = `expect(${subjectLabel}).${isNot ? 'not.' : ''}${matcher}(${shown.join(', ')})`
  const negate = isNot && result.unusable !== true
  const lines = [
    hint,
    '',
    `Expected: ${negate ? 'not ' : ''}${result.expected}`,
    `Received: ${result.received}`,
  ]
  if (result.details !== undefined) lines.push(result.details)
  return lines.join('\n')
}
