import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Secret } from '../core/secret.js'
import {
  decryptRange,
  encryptStream,
  openSegment,
  SegmentEncryptor,
  segmentCount,
  SegmentIntegrityError,
  type SegmentedCiphertext,
} from './segmented.js'

const key = new Secret(new Uint8Array(32).fill(7))
const otherKey = new Secret(new Uint8Array(32).fill(8))
const nonce = new Uint8Array(12).fill(1)

/** A stream that hands out `body` cut at the given offsets. */
function streamOf(body: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let at = 0
  for (const p of [...points, body.length]) {
    chunks.push(body.slice(at, p))
    at = p
  }
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift()
      if (next === undefined) controller.close()
      else controller.enqueue(next)
    },
  })
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

function bytes(n: number, seed = 3): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff)
}

describe('segmented AES-GCM', () => {
  it('cuts a body into ceil(n / size) segments, an empty body into one', async () => {
    expect(segmentCount(0, 16)).toBe(1)
    expect(segmentCount(16, 16)).toBe(1)
    expect(segmentCount(17, 16)).toBe(2)
    const empty = await encryptStream(key, nonce, streamOf(new Uint8Array(0)), 16)
    expect(empty.segments).toHaveLength(1)
    expect(empty.segments[0]).toHaveLength(16) // the tag alone
    expect(await collect(decryptRange(key, empty, 0, -1))).toEqual(new Uint8Array(0))
    const blob = await encryptStream(key, nonce, streamOf(bytes(40)), 16)
    expect(blob.segments.map((s) => s.length)).toEqual([32, 32, 24])
  })

  it('round-trips any body, chunking and range, opening only the segments in the range', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        fc.nat(),
        async (body, cuts, segmentSize, a, b) => {
          const blob = await encryptStream(key, nonce, streamOf(body, cuts), segmentSize)
          expect(blob.plaintextLength).toBe(body.length)
          expect(await collect(decryptRange(key, blob, 0, body.length - 1))).toEqual(body)
          if (body.length === 0) return
          const start = Math.min(a, b) % body.length
          const end = start + ((Math.max(a, b) - Math.min(a, b)) % (body.length - start))
          // Segments outside the range are replaced by garbage: the read must not touch them.
          const first = Math.floor(start / segmentSize)
          const last = Math.floor(end / segmentSize)
          const poisoned: SegmentedCiphertext = {
            ...blob,
            segments: blob.segments.map((s, i) =>
              i < first || i > last ? new Uint8Array(s.length) : s,
            ),
          }
          const got = await collect(decryptRange(key, poisoned, start, end))
          expect(got).toEqual(body.slice(start, end + 1))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('stores the same segments whether the body streams in pieces or comes whole', async () => {
    // What the transport relies on: bodies now arrive in 1 MiB slices (paced-body.ts) instead of
    // one piece, and the result must not depend on it.
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 1, max: 64 }),
        async (body, cuts, segmentSize) => {
          const streamed = await encryptStream(key, nonce, streamOf(body, cuts), segmentSize)
          const whole = new SegmentEncryptor(key, nonce, segmentSize)
          whole.update(body)
          const buffered = whole.finish()
          expect(streamed.plaintextLength).toBe(buffered.plaintextLength)
          expect(streamed.segments).toEqual(buffered.segments)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('is deterministic for the same key, nonce and body, whatever the chunking', async () => {
    const body = bytes(100)
    const one = await encryptStream(key, nonce, streamOf(body, [1, 50]), 16)
    const two = await encryptStream(key, nonce, streamOf(body, [99]), 16)
    expect(one.segments).toEqual(two.segments)
    const other = await encryptStream(key, new Uint8Array(12).fill(2), streamOf(body), 16)
    expect(other.segments[0]).not.toEqual(one.segments[0])
  })

  it('does not contain the plaintext', async () => {
    const body = new TextEncoder().encode('top secret payload '.repeat(20))
    const blob = await encryptStream(key, nonce, streamOf(body), 64)
    const raw = Buffer.concat(blob.segments)
    expect(raw.includes(Buffer.from('top secret'))).toBe(false)
  })

  it('fails on any flipped bit, swapped segments, truncation or the wrong key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (body, segmentSize, where, bit) => {
          const blob = await encryptStream(key, nonce, streamOf(body), segmentSize)
          const index = where % blob.segments.length
          const tampered = blob.segments.map((s) => new Uint8Array(s))
          const target = tampered[index]!
          target[where % target.length]! ^= 1 << bit
          const bad = { ...blob, segments: tampered }
          expect(() => openSegment(key, bad, index)).toThrow(SegmentIntegrityError)
          expect(() => openSegment(otherKey, blob, index)).toThrow(SegmentIntegrityError)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('detects reordering of equal-length segments', async () => {
    const blob = await encryptStream(key, nonce, streamOf(bytes(48)), 16)
    const swapped = { ...blob, segments: [blob.segments[1]!, blob.segments[0]!, blob.segments[2]!] }
    expect(() => openSegment(key, swapped, 0)).toThrow(SegmentIntegrityError)
    expect(() => openSegment(key, swapped, 1)).toThrow(SegmentIntegrityError)
    expect(openSegment(key, swapped, 2)).toEqual(bytes(48).slice(32))
  })

  it('detects truncation even when the length is edited to match', async () => {
    const body = bytes(48)
    const blob = await encryptStream(key, nonce, streamOf(body), 16)
    // Dropping the last segment and shortening the length: segment 1 was sealed as non-final.
    const cut = { ...blob, segments: blob.segments.slice(0, 2), plaintextLength: 32 }
    expect(() => openSegment(key, cut, 1)).toThrow('failed authentication')
    await expect(collect(decryptRange(key, cut, 0, 31))).rejects.toThrow(SegmentIntegrityError)
    // A segment list that disagrees with the length is refused outright.
    const short = { ...blob, segments: blob.segments.slice(0, 2) }
    expect(() => openSegment(key, short, 0)).toThrow('implies 3')
    // An extra segment appended after the final one.
    const longer = { ...blob, segments: [...blob.segments, blob.segments[0]!] }
    expect(() => openSegment(key, longer, 0)).toThrow(SegmentIntegrityError)
  })

  it('seals a full last segment as final only at finish', () => {
    const enc = new SegmentEncryptor(key, nonce, 4)
    enc.update(bytes(4))
    enc.update(bytes(4, 9))
    const blob = enc.finish()
    expect(blob.segments).toHaveLength(2)
    expect(openSegment(key, blob, 1)).toEqual(bytes(4, 9))
    expect(() => {
      enc.update(bytes(1))
    }).toThrow('after finish')
  })

  it('refuses ranges outside the blob and bad keys or nonces', async () => {
    const blob = await encryptStream(key, nonce, streamOf(bytes(10)), 4)
    expect(() => decryptRange(key, blob, 0, 10)).toThrow(RangeError)
    expect(() => decryptRange(key, blob, -1, 3)).toThrow(RangeError)
    expect(() => new SegmentEncryptor(new Secret(new Uint8Array(16)), nonce)).toThrow('256-bit')
    expect(() => new SegmentEncryptor(key, new Uint8Array(8))).toThrow('12 bytes')
  })
})
