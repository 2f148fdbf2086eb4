import { createHash } from 'node:crypto'
import { parseArn } from '../../core/arn.js'
import type { MockAws } from '../../world/mock-aws.js'
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

export function contextMatches(
  actual: Readonly<Record<string, string>> | undefined,
  expected: Record<string, unknown>,
  equals: Equals,
): boolean {
  return Object.entries(expected).every(([k, v]) => equals(actual?.[k], v))
}

export function kmsWords(
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
