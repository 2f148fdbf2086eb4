import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isAwsError } from '../../core/aws-error.js'
import { seededRandom } from '../../core/random.js'
import { Secret } from '../../core/secret.js'
import {
  type CustomerKeyMembers,
  customerKeyForPart,
  customerKeyForRead,
  customerKeyOf,
  newSseCDataKey,
  SSE_C_MESSAGES,
  sseCDataKey,
} from './sse-c.js'

const raw = Buffer.alloc(32, 5)
const b64 = raw.toString('base64')
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('base64')
const secret = (text: string) => new Secret(new TextEncoder().encode(text))
const members = (extra: Partial<Record<keyof CustomerKeyMembers, unknown>> = {}) =>
  ({
    SSECustomerAlgorithm: 'AES256',
    SSECustomerKey: secret(b64),
    SSECustomerKeyMD5: md5(raw),
    ...extra,
  }) as CustomerKeyMembers
const without = (name: keyof CustomerKeyMembers): CustomerKeyMembers =>
  Object.fromEntries(Object.entries(members()).filter(([k]) => k !== name))

function failure(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (!isAwsError(error)) throw error
    return { code: error.code, status: error.status, message: error.message, fields: error.fields }
  }
  throw new Error('expected a failure')
}

const ARG = { ArgumentName: 'x-amz-server-side-encryption' }

describe('customerKeyOf: AWS order and texts (reference §1.1)', () => {
  it('returns nothing without SSE-C members, the key bytes and MD5 with valid ones', () => {
    expect(customerKeyOf({}, 'write', false)).toBeUndefined()
    const key = customerKeyOf(members(), 'write', true)
    expect(Buffer.from(key?.key.reveal() ?? []).equals(raw)).toBe(true)
    expect(key?.keyMd5).toBe(md5(raw))
  })

  it('checks https, algorithm named, key named, AES256, length, MD5 named, MD5 right', () => {
    const write = (m: CustomerKeyMembers, secure = true) =>
      failure(() => customerKeyOf(m, 'write', secure))
    expect(write(members(), false)).toMatchObject({
      code: 'InvalidRequest',
      message: SSE_C_MESSAGES.insecure,
    })
    expect(write({ SSECustomerKeyMD5: md5(raw) })).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: SSE_C_MESSAGES.noAlgorithm,
      fields: ARG,
    })
    expect(write(without('SSECustomerKey'))).toMatchObject({
      message: SSE_C_MESSAGES.noKey,
      fields: ARG,
    })
    // An empty algorithm is a bad algorithm, not a missing one.
    expect(write(members({ SSECustomerAlgorithm: '' }))).toEqual({
      code: 'InvalidEncryptionAlgorithmError',
      status: 400,
      message: 'The Encryption request you specified is not valid. Supported value: AES256.',
      fields: { ...ARG, ArgumentValue: '' },
    })
    for (const bad of ['', 'not base64!', Buffer.alloc(16).toString('base64')]) {
      expect(write(members({ SSECustomerKey: secret(bad) }))).toMatchObject({
        message: SSE_C_MESSAGES.badKey,
        fields: ARG,
      })
    }
    expect(write(without('SSECustomerKeyMD5'))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: SSE_C_MESSAGES.noMd5,
      fields: {},
    })
    expect(write(members({ SSECustomerKeyMD5: md5(Buffer.alloc(32)) }))).toMatchObject({
      message: SSE_C_MESSAGES.badMd5,
      fields: ARG,
    })
  })

  it('on reads, a key that cannot be this object key is 403, not a length error', () => {
    const long = Buffer.alloc(44, 1)
    const read = customerKeyOf(
      members({ SSECustomerKey: secret(long.toString('base64')), SSECustomerKeyMD5: md5(long) }),
      'read',
      true,
    )
    expect(read?.key.length).toBe(44)
    expect(
      failure(() => customerKeyOf(members({ SSECustomerKey: secret('%%%') }), 'read', true)),
    ).toMatchObject({ code: 'AccessDenied', status: 403 })
  })
})

describe('the envelope', () => {
  const customer = customerKeyOf(members(), 'write', true)!
  const other = customerKeyOf(
    members({
      SSECustomerKey: secret(Buffer.alloc(32, 6).toString('base64')),
      SSECustomerKeyMD5: md5(Buffer.alloc(32, 6)),
    }),
    'write',
    true,
  )!

  it('keeps only a wrapped data key and a salted fingerprint, never the customer key', () => {
    const { dataKey, descriptor } = newSseCDataKey(customer, seededRandom('sse-c'))
    const kept = Buffer.concat([descriptor.salt, descriptor.fingerprint, descriptor.wrappedDataKey])
    expect(kept.includes(raw)).toBe(false)
    expect(kept.includes(Buffer.from(dataKey.reveal()))).toBe(false)
    expect(Buffer.from(sseCDataKey(descriptor, customer).reveal())).toEqual(
      Buffer.from(dataKey.reveal()),
    )
    expect(failure(() => sseCDataKey(descriptor, other))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
    })
  })

  it('salts each fingerprint: the same key gives different fingerprints', () => {
    const random = seededRandom('salt')
    const a = newSseCDataKey(customer, random).descriptor
    const b = newSseCDataKey(customer, random).descriptor
    expect(Buffer.from(a.fingerprint).equals(Buffer.from(b.fingerprint))).toBe(false)
  })

  it('reads: SSE-C objects need their key, other objects refuse one', () => {
    const { descriptor } = newSseCDataKey(customer, seededRandom('read'))
    expect(customerKeyForRead(descriptor, members(), true)?.keyMd5).toBe(md5(raw))
    expect(failure(() => customerKeyForRead(descriptor, {}, true))).toMatchObject({
      code: 'InvalidRequest',
      message: SSE_C_MESSAGES.keyRequired,
    })
    const plain = { kind: 'SSE-S3', wrappedDataKey: new Uint8Array() } as const
    expect(customerKeyForRead(plain, {}, true)).toBeUndefined()
    expect(failure(() => customerKeyForRead(plain, members(), true))).toMatchObject({
      message: SSE_C_MESSAGES.notApplicable,
    })
  })

  it('parts: the create key only', () => {
    const { descriptor } = newSseCDataKey(customer, seededRandom('part'))
    expect(customerKeyForPart(descriptor, members(), true)).toBeDefined()
    expect(failure(() => customerKeyForPart(descriptor, {}, true))).toMatchObject({
      code: 'InvalidRequest',
      message: SSE_C_MESSAGES.partNeedsKey,
    })
    const otherMembers = members({
      SSECustomerKey: secret(Buffer.alloc(32, 6).toString('base64')),
      SSECustomerKeyMD5: md5(Buffer.alloc(32, 6)),
    })
    expect(failure(() => customerKeyForPart(descriptor, otherMembers, true))).toMatchObject({
      code: 'InvalidRequest',
      status: 400,
      message: SSE_C_MESSAGES.partKeyMismatch,
    })
  })
})
