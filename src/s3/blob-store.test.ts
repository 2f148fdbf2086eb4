import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../core/random.js'
import { Secret } from '../core/secret.js'
import { bodyOf, readAll } from '../../test/support/s3-world.js'
import { ObjectBody, writeBlob } from './blob-store.js'

const key = new Secret(new Uint8Array(32).fill(3))
const bytes = (n: number, seed = 1): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed) & 0xff)

describe('blob store', () => {
  it('stores a stream encrypted, and reads ranges across segments and parts', async () => {
    const random = seededRandom('blob')
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 11 }),
        fc.nat(),
        fc.nat(),
        async (partSizes, segmentSize, chunk, a, b) => {
          const parts = partSizes.map((n, i) => bytes(n, i))
          const blobs = await Promise.all(
            parts.map((p) => writeBlob(bodyOf(p, chunk), { key, random, segmentSize })),
          )
          const body = new ObjectBody(blobs)
          const whole = Buffer.concat(parts)
          expect(body.size).toBe(whole.length)
          expect(await readAll(body.read(key))).toEqual(new Uint8Array(whole))
          if (whole.length === 0) return
          const start = Math.min(a, b) % whole.length
          const end = Math.min(Math.max(a, b), whole.length - 1)
          expect(await readAll(body.read(key, start, end))).toEqual(
            new Uint8Array(whole.subarray(start, end + 1)),
          )
        },
      ),
      { numRuns: 150 },
    )
  })

  it('gives parts their offsets', async () => {
    const random = seededRandom('offsets')
    const body = new ObjectBody([
      await writeBlob(bodyOf(bytes(5)), { key, random }),
      await writeBlob(bodyOf(bytes(7)), { key, random }),
      await writeBlob(bodyOf(bytes(2)), { key, random }),
    ])
    expect([0, 1, 2, 3].map((i) => body.partOffset(i))).toEqual([0, 5, 12, 14])
  })

  it('keeps only ciphertext at rest', async () => {
    const secret = 'the plaintext must never be at rest '.repeat(10)
    const blob = await writeBlob(bodyOf(secret), { key, random: seededRandom('raw') })
    const raw = Buffer.from(new ObjectBody([blob]).rawBytes())
    expect(raw.includes(Buffer.from('plaintext'))).toBe(false)
    expect(raw.length).toBe(12 + secret.length + 16)
  })

  it('shows each plaintext chunk to the observer once, in order', async () => {
    const seen: number[] = []
    await writeBlob(bodyOf(bytes(20), 6), {
      key,
      random: seededRandom('observe'),
      observe: (c) => seen.push(c.length),
    })
    expect(seen).toEqual([6, 6, 6, 2])
  })

  it('cancels the source when the observer throws', async () => {
    let cancelled: unknown
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes(4))
      },
      cancel(reason) {
        cancelled = reason
      },
    })
    const boom = new Error('too big')
    await expect(
      writeBlob(source, {
        key,
        random: seededRandom('cancel'),
        observe: () => {
          throw boom
        },
      }),
    ).rejects.toBe(boom)
    expect(cancelled).toBe(boom)
  })

  it('streams segment by segment and can be cancelled part-way', async () => {
    const random = seededRandom('lazy')
    const blob = await writeBlob(bodyOf(bytes(64)), { key, random, segmentSize: 8 })
    const reader = new ObjectBody([blob]).read(key).getReader()
    const first = await reader.read()
    expect(first.value).toEqual(bytes(64).subarray(0, 8))
    await reader.cancel()
  })

  it('fails the stream when the wrong key reads it', async () => {
    const blob = await writeBlob(bodyOf(bytes(10)), { key, random: seededRandom('wrong') })
    const wrong = new Secret(new Uint8Array(32).fill(4))
    await expect(readAll(new ObjectBody([blob]).read(wrong))).rejects.toThrow('authentication')
  })
})
