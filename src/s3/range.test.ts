import { describe, expect, it } from 'vitest'
import { isAwsError } from '../core/aws-error.js'
import { contentRange, resolveRange } from './range.js'

function invalid(header: string, size: number) {
  try {
    resolveRange(header, size)
  } catch (error) {
    if (isAwsError(error)) return { code: error.code, status: error.status, fields: error.fields }
    throw error
  }
  throw new Error('expected InvalidRange')
}

describe('resolveRange', () => {
  it('reads closed, open and suffix ranges, cutting ends past the object', () => {
    expect(resolveRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(resolveRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(resolveRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(resolveRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 })
    expect(resolveRange('bytes=95-500', 100)).toEqual({ start: 95, end: 99 })
    expect(resolveRange('bytes=99-99', 100)).toEqual({ start: 99, end: 99 })
    expect(contentRange({ start: 90, end: 99 }, 100)).toBe('bytes 90-99/100')
  })

  it('ignores what S3 ignores: no header, bad syntax, multiple ranges, reversed ranges', () => {
    for (const header of [
      'bytes=a-b',
      'bytes=0-1,3-4',
      'items=0-1',
      'bytes 0-1',
      'bytes=-',
      'bytes=5-3',
      'bytes=1-2-3',
      'bytes=-1-4',
    ]) {
      expect(resolveRange(header, 100)).toBeUndefined()
    }
    expect(resolveRange(undefined, 100)).toBeUndefined()
    // A suffix range on an empty object is served as the whole (empty) object.
    expect(resolveRange('bytes=-5', 0)).toBeUndefined()
  })

  it('answers 416 InvalidRange for a start past the end, bytes=-0, and any range of an empty object', () => {
    const expected = (header: string, size: number) => ({
      code: 'InvalidRange',
      status: 416,
      fields: { RangeRequested: header, ActualObjectSize: String(size) },
    })
    expect(invalid('bytes=100-', 100)).toEqual(expected('bytes=100-', 100))
    expect(invalid('bytes=150-200', 100)).toEqual(expected('bytes=150-200', 100))
    expect(invalid('bytes=-0', 100)).toEqual(expected('bytes=-0', 100))
    expect(invalid('bytes=0-0', 0)).toEqual(expected('bytes=0-0', 0))
    expect(invalid('bytes=0-', 0)).toEqual(expected('bytes=0-', 0))
  })
})
