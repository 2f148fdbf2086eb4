import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import {
  checksumHeaderName,
  digestOf,
  toBase64,
  type ChecksumAlgorithm,
} from '../../../crypto/checksums.js'
import { BadDigest } from '../../../s3/errors.js'
import { AwsChunkedDecoder, type AwsChunkedOptions } from './aws-chunked.js'

const enc = new TextEncoder()

/** aws-chunked framing of `body` cut at `sizes` (cycled), with optional signatures and trailers. */
function frame(
  body: Uint8Array,
  sizes: readonly number[],
  trailers: Readonly<Record<string, string>>,
  signed: boolean,
): Uint8Array {
  const ext = signed ? `;chunk-signature=${'f'.repeat(64)}` : ''
  const parts: Uint8Array[] = []
  let at = 0
  for (let i = 0; at < body.length; i++) {
    const size = Math.max(1, Math.min(sizes[i % sizes.length] ?? 1, body.length - at))
    parts.push(
      enc.encode(`${size.toString(16)}${ext}\r\n`),
      body.subarray(at, at + size),
      enc.encode('\r\n'),
    )
    at += size
  }
  const lines = Object.entries(trailers).map(([k, v]) => `${k}:${v}\r\n`)
  parts.push(enc.encode(`0${ext}\r\n${lines.join('')}\r\n`))
  return Buffer.concat(parts)
}

/** Re-splits bytes into transport pieces at arbitrary cut points. */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let prev = 0
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p))
    prev = p
  }
  return out
}

async function run(pieces: readonly Uint8Array[], options: AwsChunkedOptions) {
  const decoder = new AwsChunkedDecoder(options)
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(p)
      controller.close()
    },
  })
  const data = Buffer.from(await new Response(source.pipeThrough(decoder)).arrayBuffer())
  return { data, trailers: await decoder.trailers, checksum: await decoder.checksum }
}

const algorithms = fc.constantFrom<ChecksumAlgorithm>(
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
)

describe('aws-chunked properties', () => {
  it('any body, any chunking, any transport split decodes to the body and its trailers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        algorithms,
        fc.boolean(),
        async (body, sizes, cuts, algorithm, signed) => {
          const name = checksumHeaderName(algorithm)
          const trailers = { [name]: toBase64(digestOf(algorithm, body)) }
          const framed = frame(body, sizes, trailers, signed)
          const result = await run(split(framed, cuts), {
            decodedContentLength: body.length,
            declaredTrailers: [name],
            signed,
            minChunkSize: 0,
          })
          expect(result.data.equals(Buffer.from(body))).toBe(true)
          expect(result.trailers).toEqual(trailers)
          expect(result.checksum?.algorithm).toBe(algorithm)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('a wrong trailer checksum is always refused with BadDigest', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 500 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        algorithms,
        async (body, cuts, algorithm) => {
          const name = checksumHeaderName(algorithm)
          const tampered = Uint8Array.from(body)
          tampered[0] = (tampered[0] ?? 0) ^ 1
          const trailers = { [name]: toBase64(digestOf(algorithm, tampered)) }
          const error = await run(split(frame(body, [97], trailers, false), cuts), {
            decodedContentLength: body.length,
            declaredTrailers: [name],
            minChunkSize: 0,
          }).catch((e: unknown) => e)
          expect(error).toBeInstanceOf(BadDigest)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('any truncation fails with an S3 error, never silently', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        async (body, cut) => {
          const framed = frame(body, [64], {}, false)
          const short = framed.subarray(0, cut % framed.length)
          const error = await run([short], {
            decodedContentLength: body.length,
            minChunkSize: 0,
          }).catch((e: unknown) => e)
          expect(error).toMatchObject({ code: 'IncompleteBody' })
        },
      ),
    )
  })

  it('streams 256 MiB in bounded memory, O(n)', async () => {
    const piece = new Uint8Array(1024 * 1024).fill(0x61)
    const total = 256
    const header = enc.encode(`${piece.length.toString(16)}\r\n`)
    const crlf = enc.encode('\r\n')
    let sent = 0
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === total) {
          controller.enqueue(enc.encode('0\r\n\r\n'))
          controller.close()
          return
        }
        sent++
        controller.enqueue(header)
        controller.enqueue(piece)
        controller.enqueue(crlf)
      },
    })
    const before = process.memoryUsage().arrayBuffers
    const hash = createHash('sha256')
    let length = 0
    let peak = 0
    const reader = source
      .pipeThrough(new AwsChunkedDecoder({ decodedContentLength: total * piece.length }))
      .getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      length += value.length
      hash.update(value)
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before)
    }
    expect(length).toBe(total * piece.length)
    expect(peak).toBeLessThan(64 * 1024 * 1024)
  }, 60_000)
})
