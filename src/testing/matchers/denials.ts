import type { AuditEvent } from '../../core/audit.js'
import type { AuthorizationRecord } from '../../core/iam/decision.js'
import { describeStatement } from '../../core/iam/evaluate.js'
import { UsageError } from '../../core/usage-error.js'
import type { MockAws } from '../../world/mock-aws.js'
import { type CheckResult, notASubject, subjectOf } from './checks.js'
import type { DenialExpectation } from './types.js'

/**
 * toHaveDeniedKmsCall / toHaveDeniedS3Call: the audit log holds a call of this operation that
 * authorisation refused (SPEC §5.7), for `principal` and by `reason` when given. The failure
 * message lists the operation's calls with what decided each, down to the statement.
 */

/** The ARNs a test's principal name stands for: a declared principal's, else the text itself. */
function principalArns(world: MockAws, name: string): string[] {
  try {
    const access = world.as(name)
    return [access.arn, access.identityArn]
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    return [name]
  }
}

function decisionText(record: AuthorizationRecord | undefined): string {
  if (record === undefined) return 'not authorised (no principals declared)'
  const by =
    record.grantId !== undefined
      ? `grant ${record.grantId.slice(0, 12)}…`
      : `${record.reason} ${describeStatement(record.statement)}`
  const what =
    record.decision === 'allow'
      ? `allowed by ${by}`
      : record.explicit
        ? `explicitly denied by ${by}`
        : `denied: no ${record.reason} statement allows ${record.action}`
  return `${what}, for ${record.principal}`
}

function eventLine(event: AuditEvent): string {
  const error = event.errorCode === undefined ? '' : ` (${event.errorCode})`
  return `${event.eventName}${error} — ${decisionText(event.authorization)}`
}

export function checkDeniedCall(
  received: unknown,
  service: 'kms' | 's3',
  operation: string,
  expectation: DenialExpectation,
): CheckResult {
  const subject = subjectOf(received)
  if (subject === undefined) return notASubject(received, true)
  if (subject.kind !== 'world') {
    // Denials belong to calls, not to objects: the world's audit log is the subject.
    return {
      pass: false,
      unusable: true,
      expected: 'a world (its audit log holds the denials)',
      received: `the object reference ${subject.label}`,
    }
  }
  const { world } = subject
  const arns =
    expectation.principal === undefined ? undefined : principalArns(world, expectation.principal)
  const events = world.audit.events({
    eventSource: service === 'kms' ? 'kms.amazonaws.com' : 's3.amazonaws.com',
    eventName: operation,
  })
  const denied = events.filter((e) => e.authorization?.decision === 'deny')
  const matching = denied.filter((e) => {
    const record = e.authorization
    if (record === undefined) return false
    const who = [record.principal, e.userIdentity.sessionContext?.sessionIssuer.arn]
    return (
      (arns === undefined || arns.some((arn) => who.includes(arn))) &&
      (expectation.reason === undefined || record.reason === expectation.reason) &&
      (expectation.explicit === undefined || record.explicit === expectation.explicit)
    )
  })
  const parts = [
    expectation.principal === undefined ? '' : ` to ${expectation.principal}`,
    expectation.reason === undefined ? '' : ` by the ${expectation.reason}`,
    expectation.explicit === undefined
      ? ''
      : expectation.explicit
        ? ' (explicit deny)'
        : ' (implicit deny)',
  ]
  const expected = `${service === 'kms' ? 'a KMS' : 'an S3'} ${operation} call denied${parts.join('')}`
  const shown = matching.length > 0 ? matching : events
  if (events.length === 0) {
    return { pass: false, expected, received: `no ${operation} calls` }
  }
  return {
    pass: matching.length > 0,
    expected,
    received: `${shown.length} ${operation} call${shown.length === 1 ? '' : 's'}${matching.length > 0 ? ' matching' : ''}:`,
    details: shown
      .slice(0, 10)
      .map((e, i) => `  ${String(i + 1)}. ${eventLine(e)}`)
      .concat(shown.length > 10 ? [`  … and ${String(shown.length - 10)} more`] : [])
      .join('\n'),
  }
}
