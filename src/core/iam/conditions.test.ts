import { describe, expect, it } from 'vitest'
import { type Condition, conditionHolds, parseOperator } from './conditions.js'

function condition(operator: string, key: string, values: string[]): Condition {
  const parsed = parseOperator(operator)
  if (parsed === undefined) throw new Error(`unknown operator ${operator}`)
  return { operator: parsed, key, values }
}

const SSE = 's3:x-amz-server-side-encryption'
const kms = { [SSE]: ['aws:kms'] }
const none = {}

describe('conditionHolds', () => {
  it('Null tests presence: true means absent, false means present', () => {
    expect(conditionHolds(condition('Null', SSE, ['true']), none)).toBe(true)
    expect(conditionHolds(condition('Null', SSE, ['true']), kms)).toBe(false)
    expect(conditionHolds(condition('Null', SSE, ['false']), kms)).toBe(true)
    expect(conditionHolds(condition('Null', SSE, ['false']), none)).toBe(false)
  })

  it('StringEquals matches any listed value, case-sensitively; an absent key never matches', () => {
    const c = condition('StringEquals', SSE, ['AES256', 'aws:kms'])
    expect(conditionHolds(c, kms)).toBe(true)
    expect(conditionHolds(c, { [SSE]: ['AWS:KMS'] })).toBe(false)
    expect(conditionHolds(c, none)).toBe(false)
  })

  it('StringNotEquals holds when no value matches, and for an absent key', () => {
    const c = condition('StringNotEquals', SSE, ['aws:kms'])
    expect(conditionHolds(c, kms)).toBe(false)
    expect(conditionHolds(c, { [SSE]: ['AES256'] })).toBe(true)
    expect(conditionHolds(c, none)).toBe(true)
    const two = condition('StringNotEquals', SSE, ['aws:kms', 'AES256'])
    expect(conditionHolds(two, { [SSE]: ['AES256'] })).toBe(false)
  })

  it('…IfExists holds for an absent key, and otherwise tests as without it', () => {
    const c = condition('StringNotEqualsIfExists', SSE, ['aws:kms'])
    expect(conditionHolds(c, none)).toBe(true)
    expect(conditionHolds(c, kms)).toBe(false)
    const eq = condition('StringEqualsIfExists', SSE, ['aws:kms'])
    expect(conditionHolds(eq, none)).toBe(true)
    expect(conditionHolds(eq, { [SSE]: ['AES256'] })).toBe(false)
  })

  it('StringLike / StringNotLike use * and ?', () => {
    const arn = 's3:x-amz-server-side-encryption-aws-kms-key-id'
    const like = condition('StringLike', arn, ['arn:aws:kms:*:111122223333:key/*'])
    expect(conditionHolds(like, { [arn]: ['arn:aws:kms:us-east-1:111122223333:key/abc'] })).toBe(
      true,
    )
    expect(conditionHolds(like, { [arn]: ['abc'] })).toBe(false)
    const notLike = condition('StringNotLike', 's3:x-amz-acl', ['public-rea?'])
    expect(conditionHolds(notLike, { 's3:x-amz-acl': ['public-read'] })).toBe(false)
    expect(conditionHolds(notLike, { 's3:x-amz-acl': ['private'] })).toBe(true)
    expect(conditionHolds(notLike, none)).toBe(true)
  })

  it('Bool compares aws:SecureTransport; key names are case-insensitive', () => {
    const c = condition('Bool', 'aws:SecureTransport', ['false'])
    expect(conditionHolds(c, { 'aws:securetransport': ['false'] })).toBe(true)
    expect(conditionHolds(c, { 'aws:securetransport': ['true'] })).toBe(false)
  })

  it('ForAnyValue / ForAllValues over the request values', () => {
    const keys = { 's3:x-amz-acl': ['private', 'public-read'] }
    expect(
      conditionHolds(condition('ForAnyValue:StringEquals', 's3:x-amz-acl', ['private']), keys),
    ).toBe(true)
    expect(
      conditionHolds(condition('ForAllValues:StringEquals', 's3:x-amz-acl', ['private']), keys),
    ).toBe(false)
    expect(
      conditionHolds(condition('ForAllValues:StringEquals', 's3:x-amz-acl', ['x']), none),
    ).toBe(true)
    expect(conditionHolds(condition('ForAnyValue:StringEquals', 's3:x-amz-acl', ['x']), none)).toBe(
      false,
    )
  })

  it('numeric, date and IP operators', () => {
    expect(
      conditionHolds(condition('NumericLessThan', 's3:max-keys', ['10']), { 's3:max-keys': ['5'] }),
    ).toBe(true)
    expect(
      conditionHolds(condition('NumericLessThan', 's3:max-keys', ['10']), { 's3:max-keys': ['x'] }),
    ).toBe(false)
    const now = { 'aws:currenttime': ['2026-05-01T00:00:00Z'] }
    expect(
      conditionHolds(condition('DateGreaterThan', 'aws:CurrentTime', ['2026-01-01']), now),
    ).toBe(true)
    const ip = { 'aws:sourceip': ['127.0.0.1'] }
    expect(conditionHolds(condition('IpAddress', 'aws:SourceIp', ['127.0.0.0/8']), ip)).toBe(true)
    expect(conditionHolds(condition('NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8']), ip)).toBe(true)
    expect(conditionHolds(condition('IpAddress', 'aws:SourceIp', ['127.0.0.2']), ip)).toBe(false)
  })
})

describe('parseOperator', () => {
  it('knows IAM operators with their modifiers, case-sensitively', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toEqual({
      base: 'StringLike',
      ifExists: true,
      set: 'ForAnyValue',
    })
    expect(parseOperator('Null')).toEqual({ base: 'Null', ifExists: false, set: undefined })
    expect(parseOperator('NullIfExists')).toBeUndefined()
    expect(parseOperator('stringEquals')).toBeUndefined()
    expect(parseOperator('StringEqualz')).toBeUndefined()
  })
})
