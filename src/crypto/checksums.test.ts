import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Crc64Nvme as SdkCrc64Nvme } from '@aws-sdk/crc64-nvme'
import {
  CHECKSUM_ALGORITHMS,
  checksumHeaderName,
  combineFullObjectCrc,
  compositeChecksum,
  createHasher,
  digestOf,
  toBase64,
  type CrcAlgorithm,
} from './checksums.js'

const enc = new TextEncoder()
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('known vectors', () => {
  // "123456789" check values from the CRC catalogue; "hello world" values as S3/SDK report them.
  const check = enc.encode('123456789')
  const hello = enc.encode('hello world')
  it.each([
    ['CRC32', check, 'cbf43926'],
    ['CRC32C', check, 'e3069283'],
    ['CRC64NVME', check, 'ae8b14860a799888'],
    ['SHA1', enc.encode('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    [
      'SHA256',
      enc.encode('abc'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    ],
    ['MD5', enc.encode(''), 'd41d8cd98f00b204e9800998ecf8427e'],
  ] as const)('%s', (algorithm, data, expected) => {
    expect(hex(digestOf(algorithm, data))).toBe(expected)
  })

  it.each([
    ['CRC32', 'DUoRhQ=='],
    ['CRC32C', 'yZRlqg=='],
    ['CRC64NVME', 'jSnVw/bqjr4='],
    ['SHA1', 'Kq5sNclPz7QV2+lfQIuc6R7oRu0='],
    ['SHA256', 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='],
  ] as const)('hello world %s → %s', (algorithm, expected) => {
    expect(toBase64(digestOf(algorithm, hello))).toBe(expected)
  })

  it('empty input CRCs are zero', () => {
    expect(hex(digestOf('CRC32', new Uint8Array()))).toBe('00000000')
    expect(hex(digestOf('CRC64NVME', new Uint8Array()))).toBe('0000000000000000')
  })
})

describe('header names', () => {
  it('lower-cases the algorithm', () => {
    expect(CHECKSUM_ALGORITHMS.map(checksumHeaderName)).toEqual([
      'x-amz-checksum-crc32',
      'x-amz-checksum-crc32c',
      'x-amz-checksum-crc64nvme',
      'x-amz-checksum-sha1',
      'x-amz-checksum-sha256',
    ])
  })
})

describe('streaming', () => {
  it('chunked updates equal one-shot for every algorithm', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat({ max: 300 }), { maxLength: 6 }),
        (data, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b)
          for (const algorithm of [...CHECKSUM_ALGORITHMS, 'MD5'] as const) {
            const h = createHasher(algorithm)
            let prev = 0
            for (const p of [...points, data.length]) {
              h.update(data.subarray(prev, p))
              prev = p
            }
            expect(hex(h.digest())).toBe(hex(digestOf(algorithm, data)))
          }
        },
      ),
    )
  })

  it('CRC64NVME matches @aws-sdk/crc64-nvme', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (data) => {
        const sdk = new SdkCrc64Nvme()
        sdk.update(data)
        expect(hex(digestOf('CRC64NVME', data))).toBe(hex(await sdk.digest()))
      }),
    )
  })
})

describe('multipart', () => {
  it('composite: base64(hash(concat(part digests)))-n', () => {
    const parts = [enc.encode('part one'), enc.encode('part two')].map((p) => digestOf('SHA256', p))
    const expected = toBase64(digestOf('SHA256', Buffer.concat(parts)))
    expect(compositeChecksum('SHA256', parts)).toBe(`${expected}-2`)
  })

  it.each(['CRC32', 'CRC32C', 'CRC64NVME'] as const)(
    'full-object %s combine equals the checksum of the whole',
    (algorithm: CrcAlgorithm) => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 6 }), (parts) => {
          const combined = combineFullObjectCrc(
            algorithm,
            parts.map((p) => ({ digest: digestOf(algorithm, p), length: p.length })),
          )
          expect(hex(combined)).toBe(hex(digestOf(algorithm, Buffer.concat(parts))))
        }),
      )
    },
  )

  it('combine handles a large part length without materialising it', () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(7)
    const tail = enc.encode('tail')
    const whole = digestOf('CRC64NVME', Buffer.concat([big, tail]))
    const combined = combineFullObjectCrc('CRC64NVME', [
      { digest: digestOf('CRC64NVME', big), length: big.length },
      { digest: digestOf('CRC64NVME', tail), length: tail.length },
    ])
    expect(hex(combined)).toBe(hex(whole))
  })

  it('rejects a digest of the wrong size', () => {
    expect(() => combineFullObjectCrc('CRC32', [{ digest: new Uint8Array(8), length: 1 }])).toThrow(
      RangeError,
    )
  })
})
