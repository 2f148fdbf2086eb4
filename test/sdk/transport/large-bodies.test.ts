import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { CreateKeyCommand } from '@aws-sdk/client-kms'
import { Upload } from '@aws-sdk/lib-storage'
import { describe, expect, it } from 'vitest'
import { errorOf, kmsClient, testCredentials, useMockAws } from '../../support/kms.js'
import { customerKey, sseC } from '../../support/sse-c.js'

/**
 * Bodies of 2 MiB and more: the SDK sends `Expect: 100-continue`, our transport answers it and
 * feeds the body to MSW in slices at the world's pace (src/transport/paced-body.ts), and MSW's
 * unread copies of large bodies are released (releaseMswCopies). These tests prove nothing a
 * client sees changed. The client here always takes MSW (no fast lane): that is the path tested.
 */
const aws = useMockAws({ blockSseCOnNewBuckets: false })
const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const kms = kmsClient()

const MiB = 1024 * 1024
/** Bytes that differ at every offset, so a slice out of place or lost shows. */
function pattern(length: number): Buffer {
  const out = Buffer.alloc(length)
  let i = 0
  for (; i + 4 <= length; i += 4) out.writeUInt32BE(i, i)
  for (; i < length; i++) out[i] = i & 0xff
  return out
}
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

let largestChunk = 0
async function streamedSha256(body: unknown): Promise<{ hash: string; length: number }> {
  const hash = createHash('sha256')
  let length = 0
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    hash.update(chunk)
    length += chunk.length
    largestChunk = Math.max(largestChunk, chunk.length)
  }
  return { hash: hash.digest('hex'), length }
}

async function bucket(name: string): Promise<string> {
  await s3.send(new CreateBucketCommand({ Bucket: name }))
  return name
}

describe('large bodies through MSW', () => {
  it('stores and returns a 9 MiB SSE-KMS object byte for byte, streamed', async () => {
    const Bucket = await bucket('large-kms')
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const body = pattern(9 * MiB + 5)
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'k',
        Body: body,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KeyMetadata?.KeyId,
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))
    expect(got.ServerSideEncryption).toBe('aws:kms')
    largestChunk = 0
    expect(await streamedSha256(got.Body)).toEqual({ hash: sha256(body), length: body.length })
    // The body came at the reader's pace: it never found megabytes piled up in one read
    // (node's async iterator hands over everything buffered as one chunk).
    expect(largestChunk).toBeLessThanOrEqual(2 * MiB)
  })

  it('gives a slow reader a multipart object at its pace, not piled up', async () => {
    const Bucket = await bucket('large-slow')
    const body = pattern(10 * MiB)
    // A multipart object: the SDK validates no whole-object checksum, so the application reads
    // node's IncomingMessage itself, whose async iterator hands over everything buffered at once.
    await new Upload({
      client: s3,
      partSize: 5 * MiB,
      params: { Bucket, Key: 'k', Body: body },
    }).done()
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))
    const hash = createHash('sha256')
    let largest = 0
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) {
      hash.update(chunk)
      largest = Math.max(largest, chunk.length)
      // A reader that writes each chunk somewhere slow.
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    expect(hash.digest('hex')).toBe(sha256(body))
    expect(largest).toBeLessThanOrEqual(2 * MiB)
  })

  it('stores and returns a streamed 6 MiB SSE-C body (a piped Readable) byte for byte', async () => {
    const Bucket = await bucket('large-ssec')
    const key = customerKey(4)
    const body = pattern(6 * MiB)
    // An application streaming a file: 64 KiB chunks, piped into the request by the SDK.
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < body.length; i += 64 * 1024) yield body.subarray(i, i + 64 * 1024)
      })(),
    )
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'k',
        Body: source,
        ContentLength: body.length,
        ...sseC(key),
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'k', ...sseC(key) }))
    expect(await streamedSha256(got.Body)).toEqual({ hash: sha256(body), length: body.length })
  })

  it('answers a ranged GET of a large object with exactly the range', async () => {
    const Bucket = await bucket('large-range')
    const body = pattern(5 * MiB)
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: body }))
    const got = await s3.send(
      new GetObjectCommand({
        Bucket,
        Key: 'k',
        Range: `bytes=${String(3 * MiB - 7)}-${String(4 * MiB + 2)}`,
      }),
    )
    expect(got.ContentLength).toBe(MiB + 10)
    expect(await streamedSha256(got.Body)).toEqual({
      hash: sha256(body.subarray(3 * MiB - 7, 4 * MiB + 3)),
      length: MiB + 10,
    })
  })

  it('refuses a large body whose Content-MD5 is wrong and stores nothing (SSE-KMS skips MD5 otherwise)', async () => {
    const Bucket = await bucket('large-bad-md5')
    const body = pattern(3 * MiB)
    const wrong = createHash('md5').update('something else').digest('base64')
    const error = await errorOf(
      s3.send(
        new PutObjectCommand({
          Bucket,
          Key: 'k',
          Body: body,
          ContentMD5: wrong,
          ServerSideEncryption: 'aws:kms',
        }),
      ),
    )
    expect(error.name).toBe('BadDigest')
    const head = await errorOf(s3.send(new HeadObjectCommand({ Bucket, Key: 'k' })))
    expect(head.$metadata.httpStatusCode).toBe(404)
  })

  it('refuses a large body before reading it, answers, and leaves nothing behind', async () => {
    // No such bucket: refused before the body is read; the rest of the body is drained, not
    // left to stall the client or break MSW's stream.
    const error = await errorOf(
      s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: pattern(4 * MiB) })),
    )
    expect(error.name).toBe('NoSuchBucket')
    const Bucket = await bucket('after-refusal')
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: pattern(3 * MiB) }))
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))
    expect((await streamedSha256(got.Body)).length).toBe(3 * MiB)
  })

  it('still gives a response:mocked listener that clones the response the whole body', async () => {
    const Bucket = await bucket('large-listener')
    const body = pattern(3 * MiB)
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: body }))
    const seen: Promise<string>[] = []
    const listener = ({ response }: { response: Response }): void => {
      if (response.headers.get('content-length') === String(body.length)) {
        const clone = response.clone()
        seen.push(clone.arrayBuffer().then((bytes) => sha256(new Uint8Array(bytes))))
      }
    }
    aws.server.events.on('response:mocked', listener)
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))
      expect((await streamedSha256(got.Body)).hash).toBe(sha256(body))
      expect(seen).toHaveLength(1)
      expect(await seen[0]).toBe(sha256(body))
    } finally {
      aws.server.events.removeListener('response:mocked', listener)
    }
  })
})
