import { describe, expect, it } from 'vitest'
import { isAwsError } from '../core/aws-error.js'
import { type Conditions, checkConditions } from './conditional.js'

const target = { eTag: '"abc"', lastModified: new Date('2026-03-01T12:00:00.400Z') }
const now = new Date('2026-03-02T00:00:00Z')
const before = new Date('2026-02-28T00:00:00Z')
const after = new Date('2026-03-01T13:00:00Z')
/** The same second as the last modification, which has milliseconds. */
const sameSecond = new Date('2026-03-01T12:00:00Z')

function outcome(conditions: Conditions): string {
  try {
    checkConditions(conditions, target, now)
    return '200'
  } catch (error) {
    if (!isAwsError(error)) throw error
    return `${error.status} ${error.fields.Condition ?? ''}`.trim()
  }
}

describe('conditional reads (RFC 7232 precedence as S3 documents it)', () => {
  it('evaluates each condition alone', () => {
    expect(outcome({ IfMatch: '"abc"' })).toBe('200')
    expect(outcome({ IfMatch: 'abc' })).toBe('200')
    expect(outcome({ IfMatch: '"x", "abc"' })).toBe('200')
    expect(outcome({ IfMatch: '*' })).toBe('200')
    expect(outcome({ IfMatch: '"x"' })).toBe('412 If-Match')
    expect(outcome({ IfUnmodifiedSince: after })).toBe('200')
    expect(outcome({ IfUnmodifiedSince: sameSecond })).toBe('200')
    expect(outcome({ IfUnmodifiedSince: before })).toBe('412 If-Unmodified-Since')
    expect(outcome({ IfNoneMatch: '"x"' })).toBe('200')
    expect(outcome({ IfNoneMatch: '"abc"' })).toBe('304')
    expect(outcome({ IfNoneMatch: 'W/"abc"' })).toBe('304')
    expect(outcome({ IfModifiedSince: before })).toBe('200')
    expect(outcome({ IfModifiedSince: sameSecond })).toBe('304')
    expect(outcome({ IfModifiedSince: after })).toBe('304')
  })

  it('lets If-Match override If-Unmodified-Since, and If-None-Match override If-Modified-Since', () => {
    // "If-Match true and If-Unmodified-Since false → 200" (GetObject API reference).
    expect(outcome({ IfMatch: '"abc"', IfUnmodifiedSince: before })).toBe('200')
    // "If-None-Match false and If-Modified-Since true → 304".
    expect(outcome({ IfNoneMatch: '"abc"', IfModifiedSince: before })).toBe('304')
    expect(outcome({ IfNoneMatch: '"x"', IfModifiedSince: after })).toBe('200')
  })

  it('puts 412 before 304', () => {
    expect(outcome({ IfMatch: '"x"', IfNoneMatch: '"abc"' })).toBe('412 If-Match')
    expect(outcome({ IfUnmodifiedSince: before, IfModifiedSince: after })).toBe(
      '412 If-Unmodified-Since',
    )
  })

  it('ignores an If-Modified-Since in the future', () => {
    expect(outcome({ IfModifiedSince: new Date('2027-01-01T00:00:00Z') })).toBe('200')
  })

  it('sends ETag and Last-Modified with 304', () => {
    try {
      checkConditions({ IfNoneMatch: '*' }, target, now)
    } catch (error) {
      expect(isAwsError(error) && error.headers).toEqual({
        ETag: '"abc"',
        'Last-Modified': 'Sun, 01 Mar 2026 12:00:00 GMT',
      })
      return
    }
    throw new Error('expected 304')
  })
})
