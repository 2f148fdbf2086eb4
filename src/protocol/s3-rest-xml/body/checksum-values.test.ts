import { describe, expect, it } from 'vitest'
import { digestOf, toBase64 } from '../../../crypto/checksums.js'
import { BadDigest, InvalidRequest } from '../../../s3/errors.js'
import {
  checksumAlgorithmOf,
  parseChecksumValue,
  trailerChecksum,
  verifyChecksum,
  verifyTrailerChecksum,
} from './checksum-values.js'

const DATA = new TextEncoder().encode('123456789')

describe('checksum values', () => {
  it('maps header names to algorithms', () => {
    expect(checksumAlgorithmOf('X-Amz-Checksum-CRC64NVME')).toBe('CRC64NVME')
    expect(checksumAlgorithmOf('x-amz-checksum-md5')).toBe(undefined)
  })

  it.each([
    ['CRC32', 'y/Q5Jg=='],
    ['CRC32C', '4waSgw=='],
    ['CRC64NVME', toBase64(digestOf('CRC64NVME', DATA))],
    ['SHA1', toBase64(digestOf('SHA1', DATA))],
    ['SHA256', toBase64(digestOf('SHA256', DATA))],
  ] as const)('%s %s verifies, and a wrong one is BadDigest', (algorithm, value) => {
    expect(() => {
      verifyChecksum(algorithm, value, digestOf(algorithm, DATA))
    }).not.toThrow()
    const wrong = toBase64(new Uint8Array(digestOf(algorithm, DATA).length).fill(1))
    expect(() => {
      verifyChecksum(algorithm, wrong, digestOf(algorithm, DATA))
    }).toThrow(BadDigest)
    expect(() => {
      verifyChecksum(algorithm, wrong, digestOf(algorithm, DATA))
    }).toThrow(`The ${algorithm} you specified did not match the calculated checksum.`)
  })

  it.each(['cbf43926', 'y/Q5Jg', 'AAAAAAAAAAA=', '', '!!!!!!=='])(
    '%j is InvalidRequest',
    (value) => {
      expect(() => parseChecksumValue('CRC32', value, 'header')).toThrow(InvalidRequest)
      expect(() => parseChecksumValue('CRC32', value, 'header')).toThrow(
        'Value for x-amz-checksum-crc32 header is invalid.',
      )
      expect(() => parseChecksumValue('CRC32', value, 'trailer')).toThrow(
        'Value for x-amz-checksum-crc32 trailing header is invalid.',
      )
    },
  )

  it('verifies trailer checksums against computed digests', () => {
    const trailers = { 'x-amz-checksum-crc32': 'y/Q5Jg==' }
    expect(trailerChecksum(trailers)).toEqual({ algorithm: 'CRC32', value: 'y/Q5Jg==' })
    expect(verifyTrailerChecksum(trailers, { CRC32: digestOf('CRC32', DATA) })).toEqual({
      algorithm: 'CRC32',
      value: 'y/Q5Jg==',
    })
    expect(() => verifyTrailerChecksum(trailers, { CRC32: new Uint8Array(4) })).toThrow(BadDigest)
    expect(() => verifyTrailerChecksum(trailers, {})).toThrow(BadDigest)
    expect(verifyTrailerChecksum({}, {})).toBe(undefined)
  })
})
