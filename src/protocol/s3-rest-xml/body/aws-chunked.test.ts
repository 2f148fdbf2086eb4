import { describe, expect, it } from 'vitest'
import { digestOf, toBase64 } from '../../../crypto/checksums.js'
import {
  IncompleteBody,
  InvalidChunkSizeError,
  MalformedTrailerError,
  MissingContentLength,
} from '../../../s3/errors.js'
import {
  AwsChunkedDecoder,
  awsChunkedOptions,
  isAwsChunked,
  storedContentEncoding,
  type AwsChunkedOptions,
} from './aws-chunked.js'

const enc = new TextEncoder()

/** Runs `parts` (strings or bytes) through a decoder; returns the data and trailers or the error. */
async function decode(
  parts: readonly (string | Uint8Array)[],
  options: AwsChunkedOptions,
): Promise<{ data: Buffer; trailers: Readonly<Record<string, string>> }> {
  const decoder = new AwsChunkedDecoder(options)
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(typeof p === 'string' ? enc.encode(p) : p)
      controller.close()
    },
  })
  const out: Uint8Array[] = []
  const reader = source.pipeThrough(decoder).getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    out.push(value)
  }
  return { data: Buffer.concat(out), trailers: await decoder.trailers }
}

const HELLO_CRC32 = 'DUoRhQ=='
const sdkUnsigned = (length: number, trailer = 'x-amz-checksum-crc32'): AwsChunkedOptions => ({
  decodedContentLength: length,
  declaredTrailers: [trailer],
  minChunkSize: 0,
})

describe('AwsChunkedDecoder', () => {
  it('decodes the body the SDK sends, with its trailer', async () => {
    const result = await decode(
      ['6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n'],
      sdkUnsigned(11),
    )
    expect(result.data.toString()).toBe('hello world')
    expect(result.trailers).toEqual({ 'x-amz-checksum-crc32': HELLO_CRC32 })
  })

  it('decodes the 100,000-byte fs stream framing of reference §1a', async () => {
    const body = Buffer.alloc(100000, 7)
    const crc = toBase64(digestOf('CRC32', body))
    const framed = Buffer.concat([
      enc.encode('10000\r\n'),
      body.subarray(0, 65536),
      enc.encode('\r\n86a0\r\n'),
      body.subarray(65536),
      enc.encode(`\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`),
    ])
    expect(framed.length).toBe(100000 + 53 + (crc.length - 8))
    const result = await decode([framed], { ...sdkUnsigned(100000), minChunkSize: 8192 })
    expect(result.data.equals(body)).toBe(true)
  })

  it('accepts chunk signatures and a byte-at-a-time transport', async () => {
    const sig = 'a'.repeat(64)
    const framed = `5;chunk-signature=${sig}\r\nhello\r\n0;chunk-signature=${sig}\r\n\r\n`
    const result = await decode(
      [...enc.encode(framed)].map((b) => new Uint8Array([b])),
      {
        decodedContentLength: 5,
        signed: true,
      },
    )
    expect(result.data.toString()).toBe('hello')
    expect(result.trailers).toEqual({})
  })

  it('exposes the computed checksum and the trailer signature is not a trailer', async () => {
    const decoder = new AwsChunkedDecoder(sdkUnsigned(5))
    const done = new Response(
      new Response(
        `5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${toBase64(digestOf('CRC32', enc.encode('hello')))}\r\nx-amz-trailer-signature:abc\r\n\r\n`,
      ).body!.pipeThrough(decoder),
    ).text()
    expect(await done).toBe('hello')
    expect(await decoder.trailers).toEqual({ 'x-amz-checksum-crc32': 'NhCmhg==' })
    const checksum = await decoder.checksum
    expect(checksum?.algorithm).toBe('CRC32')
  })

  it.each([
    ['a non-hex size', 'zz\r\nhello\r\n0\r\n\r\n'],
    ['a missing CRLF after data', '5\r\nhelloX\r\n0\r\n\r\n'],
    ['an LF-only line', '5\nhello\r\n0\r\n\r\n'],
    ['no final chunk', '5\r\nhello\r\n'],
    ['no final empty line', '5\r\nhello\r\n0\r\n'],
    ['a truncated chunk', '5\r\nhel'],
    ['bytes after the end', '5\r\nhello\r\n0\r\n\r\nmore'],
    ['an empty body', ''],
    ['a huge header line', `${'0'.repeat(5000)}5\r\nhello\r\n0\r\n\r\n`],
  ])('%s is IncompleteBody, terminated unexpectedly', async (_name, framed) => {
    const error = await decode([framed], { decodedContentLength: 5 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IncompleteBody)
    expect(error).toMatchObject({ message: 'The request body terminated unexpectedly', fields: {} })
  })

  it('a signed stream without chunk signatures is IncompleteBody', async () => {
    await expect(
      decode(['5\r\nhello\r\n0\r\n\r\n'], { decodedContentLength: 5, signed: true }),
    ).rejects.toThrow(IncompleteBody)
  })

  it('a decoded length that differs: terminated (unsigned), counts (signed)', async () => {
    await expect(
      decode(['5\r\nhello\r\n0\r\n\r\n'], { decodedContentLength: 6 }),
    ).rejects.toMatchObject({
      code: 'IncompleteBody',
      message: 'The request body terminated unexpectedly',
    })
    const sig = ';chunk-signature=' + '0'.repeat(64)
    const error = await decode([`5${sig}\r\nhello\r\n0${sig}\r\n\r\n`], {
      decodedContentLength: 3,
      signed: true,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'IncompleteBody',
      message:
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
      fields: { NumberBytesExpected: '3', NumberBytesProvided: '5' },
    })
  })

  it('stops passing data on once past the declared length', async () => {
    const decoder = new AwsChunkedDecoder({ decodedContentLength: 3, minChunkSize: 0 })
    const reader = new Response('5\r\nhello\r\n0\r\n\r\n').body!.pipeThrough(decoder).getReader()
    const seen: number[] = []
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return undefined
        seen.push(...value)
      }
    })().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IncompleteBody)
    expect(seen.length).toBe(0)
  })

  it('a non-final chunk under 8192 bytes is InvalidChunkSizeError', async () => {
    const error = await decode(['3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n'], {
      decodedContentLength: 5,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidChunkSizeError)
    expect(error).toMatchObject({
      status: 403,
      message: 'Only the last chunk is allowed to have a size less than 8192 bytes',
      fields: { Chunk: '1', BadChunkSize: '3' },
    })
    // A small last chunk is fine.
    await expect(
      decode(['3\r\nabc\r\n0\r\n\r\n'], { decodedContentLength: 3 }),
    ).resolves.toBeDefined()
  })

  it.each([
    ['declared but missing', '5\r\nhello\r\n0\r\n\r\n', ['x-amz-checksum-crc32']],
    ['sent but not declared', '5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n', []],
    [
      'another one than declared',
      '5\r\nhello\r\n0\r\nx-amz-checksum-sha1:qvTGHdzF6KLavt4PO0gs2a6pQ00=\r\n\r\n',
      ['x-amz-checksum-crc32'],
    ],
    [
      'without a colon',
      '5\r\nhello\r\n0\r\nx-amz-checksum-crc32 NhCmhg==\r\n\r\n',
      ['x-amz-checksum-crc32'],
    ],
  ])('a trailer %s is MalformedTrailerError', async (_name, framed, declaredTrailers) => {
    await expect(decode([framed], { decodedContentLength: 5, declaredTrailers })).rejects.toThrow(
      MalformedTrailerError,
    )
  })

  it('a wrong trailer checksum is BadDigest; a malformed one InvalidRequest', async () => {
    await expect(
      decode(['5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'], sdkUnsigned(5)),
    ).rejects.toMatchObject({
      code: 'BadDigest',
      message: 'The CRC32 you specified did not match the calculated checksum.',
    })
    await expect(
      decode(['5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg\r\n\r\n'], sdkUnsigned(5)),
    ).rejects.toMatchObject({
      code: 'InvalidRequest',
      message: 'Value for x-amz-checksum-crc32 trailing header is invalid.',
    })
    await expect(
      decode(['5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'], {
        ...sdkUnsigned(5),
        verifyChecksumTrailer: false,
      }),
    ).resolves.toMatchObject({ trailers: { 'x-amz-checksum-crc32': 'AAAAAA==' } })
  })
})

describe('awsChunkedOptions', () => {
  const headers = (h: Record<string, string>) => new Headers(h)
  it('reads what the SDK sends', () => {
    const h = headers({
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '100000',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-trailer': 'x-amz-checksum-crc32',
    })
    expect(isAwsChunked(h)).toBe(true)
    expect(awsChunkedOptions(h)).toEqual({
      decodedContentLength: 100000,
      declaredTrailers: ['x-amz-checksum-crc32'],
      signed: false,
    })
  })

  it('signed streams, without content-encoding', () => {
    const h = headers({
      'x-amz-decoded-content-length': '5',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    })
    expect(awsChunkedOptions(h)).toMatchObject({ signed: true, declaredTrailers: [] })
  })

  it('plain bodies are not aws-chunked', () => {
    expect(awsChunkedOptions(headers({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }))).toBe(
      undefined,
    )
  })

  it('no decoded length is MissingContentLength', () => {
    expect(() =>
      awsChunkedOptions(headers({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })),
    ).toThrow(MissingContentLength)
  })

  it.each([
    ['aws-chunked', undefined],
    ['aws-chunked,gzip', 'gzip'],
    ['gzip, aws-chunked', 'gzip'],
    ['deflate, gzip', 'deflate, gzip'],
  ])('stored content-encoding of %j is %j', (sent, stored) => {
    expect(storedContentEncoding(sent)).toBe(stored)
  })
})
