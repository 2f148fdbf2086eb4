import { describe, expect, it } from 'vitest'
import { isAwsError, type AwsError } from '../core/aws-error.js'
import { checkPostPolicy, parsePostPolicy } from './post-policy.js'

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64')
const NOW = new Date('2026-03-01T12:00:00.000Z')
const policy = (conditions: unknown[], expiration = '2026-03-01T13:00:00Z') =>
  parsePostPolicy(b64({ expiration, conditions }))

function failure(run: () => unknown): AwsError {
  try {
    run()
  } catch (error) {
    if (isAwsError(error)) return error
    throw error
  }
  throw new Error('expected a failure')
}

const form = (fields: Record<string, string>, fileSize = 10) => ({
  bucket: 'bkt',
  fields: new Map(Object.entries(fields)),
  fileSize,
})

describe('parsePostPolicy', () => {
  it.each([
    ['not base64', '!!!', 'Invalid Policy: Invalid JSON.'],
    ['not JSON', b64('{expiration'), 'Invalid Policy: Invalid JSON.'],
    ['a JSON array', b64([1]), 'Invalid Policy: Invalid JSON.'],
    ['no expiration', b64({ conditions: [] }), 'Invalid Policy: Policy missing expiration.'],
    [
      'EXPIRATION in capitals (member names are case-sensitive)',
      b64({ EXPIRATION: '2026-03-01T13:00:00Z', conditions: [] }),
      'Invalid Policy: Policy missing expiration.',
    ],
    [
      'a malformed expiration',
      b64({ expiration: 'tomorrow', conditions: [] }),
      "Invalid Policy: Invalid 'expiration' value: 'tomorrow'",
    ],
    [
      'no conditions',
      b64({ expiration: '2026-03-01T13:00:00Z' }),
      'Invalid Policy: Policy missing conditions.',
    ],
    [
      'a simple condition with two properties',
      b64({ expiration: '2026-03-01T13:00:00Z', conditions: [{ a: '1', b: '2' }] }),
      'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
    ],
  ])('refuses %s with InvalidPolicyDocument', (_name, field, message) => {
    const err = failure(() => parsePostPolicy(field))
    expect(err.code).toBe('InvalidPolicyDocument')
    expect(err.status).toBe(400)
    expect(err.message).toBe(message)
  })

  it('refuses operators in another case (they are case-sensitive) and unknown ones', () => {
    for (const operator of ['StArTs-WiTh', 'in']) {
      const err = failure(() => policy([[operator, '$key', 'a']]))
      expect(err.code).toBe('InvalidPolicyDocument')
    }
  })

  it('accepts expirations with and without milliseconds, and line-wrapped base64', () => {
    const wrapped = b64({ expiration: '2026-03-01T13:00:00.000Z', conditions: [] }).replace(
      /(.{20})/g,
      '$1\r\n',
    )
    expect(parsePostPolicy(wrapped).expiration.toISOString()).toBe('2026-03-01T13:00:00.000Z')
  })
})

describe('checkPostPolicy', () => {
  it('is expired only after the expiration instant', () => {
    const p = policy([], '2026-03-01T12:00:00Z')
    expect(() => {
      checkPostPolicy(p, form({}), NOW)
    }).not.toThrow()
    const err = failure(() => {
      checkPostPolicy(p, form({}), new Date(NOW.getTime() + 1))
    })
    expect(err.code).toBe('AccessDenied')
    expect(err.message).toBe('Invalid according to Policy: Policy expired.')
  })

  it('matches field names case-insensitively and values exactly', () => {
    const p = policy([['eq', '$Content-Type', 'text/plain'], { 'X-Amz-Meta-Tag': 'a' }])
    expect(() => {
      checkPostPolicy(p, form({ 'content-type': 'text/plain', 'x-amz-meta-tag': 'a' }), NOW)
    }).not.toThrow()
    const err = failure(() => {
      checkPostPolicy(p, form({ 'content-type': 'text/plain', 'x-amz-meta-tag': 'A' }), NOW)
    })
    expect(err.message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$X-Amz-Meta-Tag", "a"]',
    )
  })

  it('fails a condition on a field the form does not have, even an empty eq', () => {
    const err = failure(() => {
      checkPostPolicy(policy([['eq', '$x-amz-meta-foo', '']]), form({}), NOW)
    })
    expect(err.message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$x-amz-meta-foo", ""]',
    )
  })

  it('takes the bucket from the request, and an empty starts-with accepts any value', () => {
    const p = policy([{ bucket: 'bkt' }, ['starts-with', '$key', '']])
    expect(() => {
      checkPostPolicy(p, form({ key: 'anything', bucket: 'bkt' }), NOW)
    }).not.toThrow()
    const other = { ...form({ key: 'k', bucket: 'bkt' }), bucket: 'other' }
    expect(
      failure(() => {
        checkPostPolicy(p, other, NOW)
      }).message,
    ).toBe('Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "bkt"]')
  })

  it('needs every entry of a Content-Type list to start with the prefix', () => {
    const p = policy([['starts-with', '$Content-Type', 'image/']])
    expect(() => {
      checkPostPolicy(p, form({ 'content-type': 'image/png, image/jpeg' }), NOW)
    }).not.toThrow()
    expect(
      failure(() => {
        checkPostPolicy(p, form({ 'content-type': 'image/png, text/html' }), NOW)
      }).code,
    ).toBe('AccessDenied')
  })

  it('lists fields no condition names, except the signature, policy, file and x-ignore-*', () => {
    const fields = {
      policy: 'p',
      'x-amz-signature': 's',
      'x-ignore-me': '1',
      key: 'k',
      'x-amz-meta-a': '1',
      acl: 'private',
    }
    const err = failure(() => {
      checkPostPolicy(policy([{ key: 'k' }]), form(fields), NOW)
    })
    expect(err.message).toBe('Invalid according to Policy: Extra input fields: x-amz-meta-a, acl')
  })

  it('checks content-length-range inclusively', () => {
    const p = policy([['content-length-range', 1, 10]])
    expect(() => {
      checkPostPolicy(p, form({}, 10), NOW)
    }).not.toThrow()
    expect(() => {
      checkPostPolicy(p, form({}, 1), NOW)
    }).not.toThrow()
    const large = failure(() => {
      checkPostPolicy(p, form({}, 11), NOW)
    })
    expect(large.code).toBe('EntityTooLarge')
    expect(large.fields).toEqual({ ProposedSize: '11', MaxSizeAllowed: '10' })
    const small = failure(() => {
      checkPostPolicy(p, form({}, 0), NOW)
    })
    expect(small.code).toBe('EntityTooSmall')
    expect(small.fields).toEqual({ ProposedSize: '0', MinSizeAllowed: '1' })
  })
})
