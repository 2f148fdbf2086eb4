import { createHash } from 'node:crypto'
import type { AuditEvent } from '../../core/audit.js'
import { parseArn, partitionOf } from '../../core/arn.js'
import { UsageError } from '../../core/usage-error.js'
import type { MockAws } from '../../world/create-world.js'
import type { S3ObjectRef, StoredEncryption, StoredObject } from '../../world/s3-view.js'
import { internalsOf, isWorld, worldOfRef } from '../../world/subjects.js'
import { show } from './show.js'
import type { KmsExpectation } from './types.js'

/**
 * Pure checks behind the matchers (DESIGN §5: pure check + lazy message, shared by jest and
 * vitest). A check reads the world and returns data; `messages.ts` turns it into text.
 */
export interface CheckResult {
  readonly pass: boolean
  /** The subject cannot be judged (no such object, not a subject): fails with and without `.not`. */
  readonly unusable?: boolean
  /** What the matcher looks for, in words, without negation. */
  readonly expected: string
  /** What was found. */
  readonly received: string
  /** A block after the two lines: the calls KMS received, the world's tree. */
  readonly details?: string
}

/** Deep equality with asymmetric matchers, supplied by the runner (`this.equals`). */
export type Equals = (a: unknown, b: unknown) => boolean

export type Subject =
  | {
      readonly kind: 'object'
      readonly ref: S3ObjectRef
      readonly world: MockAws
      readonly label: string
    }
  | { readonly kind: 'world'; readonly world: MockAws; readonly label: string }

export function subjectOf(received: unknown): Subject | undefined {
  const owned = worldOfRef(received)
  if (owned !== undefined) {
    const { ref, world } = owned
    const version = ref.versionId === undefined ? '' : `?versionId=${ref.versionId}`
    return { kind: 'object', ref, world, label: `s3://${ref.bucket}/${ref.key}${version}` }
  }
  if (isWorld(received)) return { kind: 'world', world: received, label: 'world' }
  return undefined
}

const NOT_A_SUBJECT = 'an object reference from world.s3.object(bucket, key)'

export function notASubject(received: unknown, worldToo: boolean): CheckResult {
  const kind = received === null ? 'null' : Array.isArray(received) ? 'an array' : typeof received
  return {
    pass: false,
    unusable: true,
    expected: worldToo ? `${NOT_A_SUBJECT} or a world` : NOT_A_SUBJECT,
    received: `${kind} ${show(received)}`,
  }
}

/** The key ARN `keyId` names, in the region it says (ARNs) or the given one; UsageError if none. */
export function resolveKeyArn(world: MockAws, keyId: string, region: string): string {
  const arnRegion = parseArn(keyId)?.region
  return world.kms.describeKey(
    keyId,
    arnRegion === undefined || arnRegion === '' ? region : arnRegion,
  ).Arn
}

const regionOfArn = (arn: string): string | undefined => parseArn(arn)?.region

function describeEncryption(world: MockAws, e: StoredEncryption): string {
  switch (e.type) {
    case 'SSE-S3':
      return 'SSE-S3'
    case 'SSE-KMS': {
      const algorithm = e.algorithm === 'aws:kms:dsse' ? 'DSSE-KMS' : 'SSE-KMS'
      const key = internalsOf(world).describeKeyArn(e.keyArn)
      return `${algorithm} with key ${key} and context ${show(e.encryptionContext)}`
    }
    case 'SSE-C':
      return `SSE-C with customer key MD5 ${e.keyMd5}`
  }
}

function missingObject(
  subject: Extract<Subject, { kind: 'object' }>,
  expected: string,
): CheckResult {
  const version = subject.ref.versionId === undefined ? '' : ' (or that version)'
  return {
    pass: false,
    unusable: true,
    expected,
    received: `no such object${version}`,
    details: `\n${subject.world.inspect({ bucket: subject.ref.bucket })}`,
  }
}

function contextMatches(
  actual: Readonly<Record<string, string>> | undefined,
  expected: Record<string, unknown>,
  equals: Equals,
): boolean {
  return Object.entries(expected).every(([k, v]) => equals(actual?.[k], v))
}

function kmsWords(
  world: MockAws,
  what: string,
  expectation: KmsExpectation,
  key: string | undefined,
): string {
  const parts = [what]
  if (key !== undefined) parts.push(`with key ${internalsOf(world).describeKeyArn(key)}`)
  if (expectation.context !== undefined) {
    const joint = key === undefined ? 'with' : 'and'
    parts.push(`${joint} context containing ${show(expectation.context)}`)
  }
  return parts.join(' ')
}

/** The object, or a CheckResult saying it cannot be judged. */
function storedObject(
  subject: Subject | undefined,
  received: unknown,
  expected: string,
): { stored: StoredObject; world: MockAws } | CheckResult {
  if (subject?.kind !== 'object') return notASubject(received, false)
  const stored = subject.ref.describe()
  return stored === undefined ? missingObject(subject, expected) : { stored, world: subject.world }
}

export function checkEncryptedWithKms(
  received: unknown,
  expectation: KmsExpectation,
  equals: Equals,
): CheckResult {
  const subject = subjectOf(received)
  const found = storedObject(subject, received, 'an SSE-KMS object')
  if ('pass' in found) return found
  const { stored, world } = found
  const e = stored.encryption
  const region = e.type === 'SSE-KMS' ? (regionOfArn(e.keyArn) ?? world.region) : world.region
  const keyArn =
    expectation.keyId === undefined ? undefined : resolveKeyArn(world, expectation.keyId, region)
  const pass =
    e.type === 'SSE-KMS' &&
    (keyArn === undefined || e.keyArn === keyArn) &&
    (expectation.context === undefined ||
      contextMatches(e.encryptionContext, expectation.context, equals))
  return {
    pass,
    expected: kmsWords(world, 'SSE-KMS', expectation, keyArn),
    received: describeEncryption(world, e),
  }
}

/** The bytes the AWS SDK would send as the key for `SSECustomerKey` (middleware-ssec's rule). */
export function customerKeyBytes(key: string | Uint8Array): Uint8Array {
  if (typeof key !== 'string') return key
  const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
  if (base64.test(key)) {
    const decoded = Buffer.from(key, 'base64')
    if (decoded.length === 32) return decoded
  }
  return Buffer.from(key, 'utf8')
}

const md5Base64 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('base64')

/**
 * SSE-C is compared through the descriptor's key MD5, the only trace of the key S3 keeps besides
 * a salted HMAC: the MD5 of the given key must equal it.
 */
export function checkEncryptedWithCustomerKey(
  received: unknown,
  key: string | Uint8Array | undefined,
): CheckResult {
  const subject = subjectOf(received)
  const found = storedObject(subject, received, 'an SSE-C object')
  if ('pass' in found) return found
  const { stored, world } = found
  const e = stored.encryption
  const md5 = key === undefined ? undefined : md5Base64(customerKeyBytes(key))
  return {
    pass: e.type === 'SSE-C' && (md5 === undefined || e.keyMd5 === md5),
    expected: md5 === undefined ? 'SSE-C' : `SSE-C with customer key MD5 ${md5}`,
    received: describeEncryption(world, e),
  }
}

export function checkEncryptedWithS3Managed(received: unknown): CheckResult {
  const subject = subjectOf(received)
  const found = storedObject(subject, received, 'an SSE-S3 object')
  if ('pass' in found) return found
  return {
    pass: found.stored.encryption.type === 'SSE-S3',
    expected: 'SSE-S3',
    received: describeEncryption(found.world, found.stored.encryption),
  }
}

const ENCRYPTED: readonly string[] = ['SSE-S3', 'SSE-KMS', 'SSE-C']

export function checkUnencrypted(received: unknown): CheckResult {
  const subject = subjectOf(received)
  const found = storedObject(subject, received, 'an object stored without encryption')
  if ('pass' in found) return found
  const e = found.stored.encryption
  // S3 encrypts every new object since January 2023 (SSE-S3 at least); no descriptor says "none".
  return {
    pass: !ENCRYPTED.includes(e.type),
    expected: 'no server-side encryption',
    received: `${describeEncryption(found.world, e)} (S3 encrypts every object at rest since January 2023)`,
  }
}

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
