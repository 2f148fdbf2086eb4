import { describe, expect, it } from 'vitest'
import { isAwsError } from '../core/aws-error.js'
import { parseTaggingHeader, taggingCount, validBucketTags, validObjectTags } from './tagging.js'

function failure(run: () => unknown): { code: string; message: string; status: number } {
  try {
    run()
  } catch (error) {
    if (isAwsError(error)) return { code: error.code, message: error.message, status: error.status }
    throw error
  }
  throw new Error('expected a failure')
}

const tags = (n: number, key = (i: number) => `k${i}`) =>
  Array.from({ length: n }, (_, i) => ({ Key: key(i), Value: `v${i}` }))

describe('x-amz-tagging header', () => {
  it('reads URL query parameters, form-decoded; a key without = has the empty value', () => {
    expect(parseTaggingHeader('a=b&c%20d=e+f&bare&x=')).toEqual([
      { Key: 'a', Value: 'b' },
      { Key: 'c d', Value: 'e f' },
      { Key: 'bare', Value: '' },
      { Key: 'x', Value: '' },
    ])
    expect(parseTaggingHeader('')).toEqual([])
  })

  it('refuses a repeated key, a pair with two = and a broken escape (InvalidArgument)', () => {
    for (const header of ['a=1&a=2', 'TagSet=[{Key=string,Value=string}]', 'a=%E0%A4%A']) {
      expect(failure(() => parseTaggingHeader(header))).toEqual({
        code: 'InvalidArgument',
        status: 400,
        message:
          "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
      })
    }
  })
})

describe('tag limits', () => {
  it('accepts 10 object tags of 128/256 UTF-16 units, refuses 11 with BadRequest', () => {
    const max = tags(10, (i) => `${i}`.padEnd(128, 'k')).map((t) => ({
      ...t,
      Value: 'v'.repeat(256),
    }))
    expect(validObjectTags(max)).toEqual(max)
    expect(failure(() => validObjectTags(tags(11)))).toEqual({
      code: 'BadRequest',
      status: 400,
      message: 'Object tags cannot be greater than 10',
    })
  })

  it('accepts 50 bucket tags and refuses 51', () => {
    expect(validBucketTags(tags(50))).toHaveLength(50)
    expect(failure(() => validBucketTags(tags(51))).code).toBe('BadRequest')
  })

  it.each([
    ['an empty key', { Key: '', Value: 'v' }, 'The TagKey you have provided is invalid'],
    [
      'a 129-unit key',
      { Key: 'k'.repeat(129), Value: 'v' },
      'The TagKey you have provided is invalid',
    ],
    ['a key with [', { Key: 'a[b', Value: 'v' }, 'The TagKey you have provided is invalid'],
    [
      'a 257-unit value',
      { Key: 'k', Value: 'v'.repeat(257) },
      'The TagValue you have provided is invalid',
    ],
    ['a value with ?', { Key: 'k', Value: 'why?' }, 'The TagValue you have provided is invalid'],
    ['an aws: key', { Key: 'aws:owner', Value: 'v' }, 'Your TagKey cannot be prefixed with aws:'],
  ])('refuses %s with InvalidTag', (_name, tag, message) => {
    expect(failure(() => validObjectTags([tag]))).toEqual({
      code: 'InvalidTag',
      status: 400,
      message,
    })
  })

  it('counts UTF-16 units: 64 astral characters fill a 128-unit key', () => {
    expect(validObjectTags([{ Key: '𝒜'.repeat(64), Value: '' }])).toHaveLength(1)
    expect(failure(() => validObjectTags([{ Key: `𝒜`.repeat(64) + 'x', Value: '' }])).code).toBe(
      'InvalidTag',
    )
  })

  it('accepts letters, digits, spaces and _ . : / = + @ - in any script', () => {
    expect(validObjectTags([{ Key: 'Été 2026 _.:/=+@-', Value: 'データ' }])).toHaveLength(1)
  })

  it('refuses duplicate keys', () => {
    const dup = [
      { Key: 'a', Value: '1' },
      { Key: 'a', Value: '2' },
    ]
    expect(failure(() => validBucketTags(dup)).message).toBe(
      'Cannot provide multiple Tags with the same key',
    )
  })

  it('x-amz-tagging-count only for tagged versions', () => {
    expect(taggingCount(undefined)).toEqual({})
    expect(taggingCount([])).toEqual({})
    expect(taggingCount(tags(3))).toEqual({ TagCount: 3 })
  })
})
