import type { AuditEvent } from '../../core/audit.js'
import { partitionOf } from '../../core/arn.js'
import { UsageError } from '../../core/usage-error.js'
import type { MockAws } from '../../world/mock-aws.js'
import { internalsOf } from '../../world/subjects.js'
import {
  type CheckResult,
  contextMatches,
  type Equals,
  kmsWords,
  notASubject,
  resolveKeyArn,
  type Subject,
  subjectOf,
} from './checks.js'
import { show } from './show.js'
import type { KmsExpectation } from './types.js'

/**
 * The checks over the audit log: toHaveKmsCall and toHaveBeenDecryptedBy (SPEC §6). An object
 * subject narrows the calls to those whose encryption context names the object (`aws:s3:arn`, or
 * its bucket's ARN when it was written with a bucket key).
 */

/** KMS events of one operation, for the object when the subject is one. */
function kmsEvents(subject: Subject, operation: string): AuditEvent[] {
  const events = subject.world.audit.events({
    eventSource: 'kms.amazonaws.com',
    eventName: operation,
  })
  if (subject.kind === 'world') return events
  const arns = objectArns(subject)
  return events.filter((event) => {
    const context = (event.requestParameters?.encryptionContext ?? undefined) as
      Record<string, unknown> | undefined
    const named = context?.['aws:s3:arn']
    return typeof named === 'string' && arns.includes(named)
  })
}

/** The ARNs S3 puts in `aws:s3:arn` for this object: its own, or its bucket's with a bucket key. */
function objectArns(subject: Extract<Subject, { kind: 'object' }>): string[] {
  const partition = partitionOf(subject.world.region)
  const arns = [`arn:${partition}:s3:::${subject.ref.bucket}/${subject.ref.key}`]
  const e = subject.ref.describe()?.encryption
  if (e?.type === 'SSE-KMS') {
    const stored = e.encryptionContext['aws:s3:arn']
    if (stored !== undefined && !arns.includes(stored)) arns.push(stored)
  }
  return arns
}

function eventKeyArns(event: AuditEvent): string[] {
  return event.resources.filter((r) => r.type === 'AWS::KMS::Key').map((r) => r.ARN)
}

function eventLine(world: MockAws, event: AuditEvent): string {
  const keys = eventKeyArns(event)
  const named = event.requestParameters?.keyId
  const key =
    keys.length > 0
      ? keys.map((arn) => internalsOf(world).describeKeyArn(arn)).join(', ')
      : typeof named === 'string'
        ? named
        : '(none)'
  const context = event.requestParameters?.encryptionContext
  const by =
    event.userIdentity.invokedBy === undefined ? '' : `, by ${event.userIdentity.invokedBy}`
  const error = event.errorCode === undefined ? '' : `, failed with ${event.errorCode}`
  const contextText = context === undefined ? '' : `, context ${show(context)}`
  return `${event.eventName} with key ${key}${contextText}${by}${error}`
}

function callList(world: MockAws, events: AuditEvent[], limit = 10): string {
  const lines = events.slice(0, limit).map((e, i) => `  ${i + 1}. ${eventLine(world, e)}`)
  if (events.length > limit) lines.push(`  … and ${events.length - limit} more`)
  return lines.join('\n')
}

function otherCallsSummary(world: MockAws): string {
  const counts = new Map<string, number>()
  for (const event of world.audit.events({ eventSource: 'kms.amazonaws.com' })) {
    counts.set(event.eventName, (counts.get(event.eventName) ?? 0) + 1)
  }
  if (counts.size === 0) return 'no KMS calls at all'
  return `no such call; KMS received ${[...counts].map(([name, n]) => `${name} ×${n}`).join(', ')}`
}

/** Does this event name the expected key (by resolved ARN, or verbatim for calls that failed)? */
function keyMatcher(
  world: MockAws,
  keyId: string,
): { matches(event: AuditEvent): boolean; arn(): string | undefined } {
  const arns = new Map<string, string | undefined>()
  const arnIn = (region: string): string | undefined => {
    if (!arns.has(region)) {
      try {
        arns.set(region, resolveKeyArn(world, keyId, region))
      } catch (error) {
        if (!(error instanceof UsageError)) throw error
        arns.set(region, undefined)
      }
    }
    return arns.get(region)
  }
  return {
    matches(event) {
      const arn = arnIn(event.awsRegion)
      return (
        (arn !== undefined && eventKeyArns(event).includes(arn)) ||
        event.requestParameters?.keyId === keyId
      )
    },
    arn: () => {
      const found = arnIn(world.region)
      if (found !== undefined) return found
      return resolveKeyArn(world, keyId, world.region) // throws the UsageError naming the key
    },
  }
}

export function checkKmsCall(
  received: unknown,
  operation: string,
  expectation: KmsExpectation,
  equals: Equals,
): CheckResult {
  const subject = subjectOf(received)
  if (subject === undefined) return notASubject(received, true)
  const { world } = subject
  const key = expectation.keyId === undefined ? undefined : keyMatcher(world, expectation.keyId)
  const all = kmsEvents(subject, operation)
  const matching = all.filter(
    (event) =>
      (key === undefined || key.matches(event)) &&
      (expectation.context === undefined ||
        contextMatches(
          event.requestParameters?.encryptionContext as Record<string, string> | undefined,
          expectation.context,
          equals,
        )),
  )
  const forObject = subject.kind === 'object' ? ` for ${subject.label}` : ''
  const keyArn = key === undefined ? undefined : safeArn(key)
  const expected = kmsWords(
    world,
    `a KMS ${operation} call${forObject}`,
    expectation,
    keyArn ?? expectation.keyId,
  )
  if (all.length === 0) {
    return {
      pass: false,
      expected,
      received:
        subject.kind === 'object' ? `no ${operation} calls${forObject}` : otherCallsSummary(world),
    }
  }
  const calls = matching.length > 0 ? matching : all
  return {
    pass: matching.length > 0,
    expected,
    received: `${calls.length} ${operation} call${calls.length === 1 ? '' : 's'}${matching.length > 0 ? ' matching' : forObject}:`,
    details: callList(world, calls),
  }
}

function safeArn(key: { arn(): string | undefined }): string | undefined {
  try {
    return key.arn()
  } catch (error) {
    if (error instanceof UsageError) return undefined
    throw error
  }
}

export function checkDecryptedBy(received: unknown, keyId: string): CheckResult {
  const subject = subjectOf(received)
  if (subject === undefined) return notASubject(received, true)
  const { world } = subject
  const key = keyMatcher(world, keyId)
  const keyArn = key.arn() ?? keyId
  const forObject = subject.kind === 'object' ? `${subject.label} ` : ''
  const expected = `${forObject}decrypted by KMS key ${internalsOf(world).describeKeyArn(keyArn)}`
  const decrypts = kmsEvents(subject, 'Decrypt')
  const succeeded = decrypts.filter((e) => e.errorCode === undefined)
  const matching = succeeded.filter((e) => key.matches(e))
  if (decrypts.length === 0) {
    return {
      pass: false,
      expected,
      received:
        subject.kind === 'object' ? `no Decrypt calls for ${subject.label}` : 'no Decrypt calls',
    }
  }
  const calls = matching.length > 0 ? matching : decrypts
  return {
    pass: matching.length > 0,
    expected,
    received: `${calls.length} Decrypt call${calls.length === 1 ? '' : 's'}${matching.length > 0 ? ' by that key' : ''}:`,
    details: callList(world, calls),
  }
}
