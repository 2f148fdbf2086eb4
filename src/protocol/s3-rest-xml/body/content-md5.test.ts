import { describe, expect, it } from 'vitest'
import { digestOf } from '../../../crypto/checksums.js'
import { BadDigest, InvalidDigest } from '../../../s3/errors.js'
import { parseContentMd5, verifyContentMd5 } from './content-md5.js'

const DATA = new TextEncoder().encode('123456789')
const MD5 = 'JfnnlDI7RTiF9RgfG2JNCw=='

describe('Content-MD5', () => {
  it('accepts base64 of 16 bytes', () => {
    expect(parseContentMd5(MD5)).toEqual(digestOf('MD5', DATA))
    expect(() => {
      verifyContentMd5(MD5, digestOf('MD5', DATA))
    }).not.toThrow()
  })

  it.each([
    'not base64!',
    'YWJyYWNhZGFicmE=',
    '25f9e794323b453885f5181f1b624d0b',
    '',
    'JfnnlDI7RTiF9RgfG2JNCw',
  ])('%j is InvalidDigest with the value', (value) => {
    const error = (() => {
      try {
        parseContentMd5(value)
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(InvalidDigest)
    expect(error).toMatchObject({
      status: 400,
      message: 'The Content-MD5 you specified was invalid.',
      fields: { 'Content-MD5': value },
    })
  })

  it('a different digest is BadDigest with both digests', () => {
    const other = '1B2M2Y8AsgTpgAmY7PhCfg=='
    const error = (() => {
      try {
        verifyContentMd5(other, digestOf('MD5', DATA))
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(BadDigest)
    expect(error).toMatchObject({
      message: 'The Content-MD5 you specified did not match what we received.',
      fields: { ExpectedDigest: other, CalculatedDigest: MD5 },
    })
  })
})
