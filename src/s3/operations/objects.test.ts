import { describe, expect, it } from 'vitest'
import { digestOf, toBase64 } from '../../crypto/checksums.js'
import {
  bodyOf,
  errorOf,
  expectFailsUnchanged,
  readAll,
  readText,
  s3TestWorld,
  type S3TestWorld,
} from '../../../test/support/s3-world.js'
import { createBucket, deleteBucket } from './buckets.js'
import { getObject, headObject, putObject, type PutObjectRequest } from './objects.js'

const md5Hex = (s: string): string => Buffer.from(digestOf('MD5', Buffer.from(s))).toString('hex')

function worldWithBucket(bucket = 'bkt', region?: string): S3TestWorld {
  const world = s3TestWorld()
  createBucket(
    region === undefined
      ? { Bucket: bucket }
      : { Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: region } },
    world.ctx(),
  )
  return world
}

function put(world: S3TestWorld, key: string, data: string, extra: Partial<PutObjectRequest> = {}) {
  return putObject({ Bucket: 'bkt', Key: key, Body: bodyOf(data), ...extra }, world.ctx())
}

function rawOf(world: S3TestWorld, key: string, bucket = 'bkt'): Buffer {
  const entry = world.state.buckets.get(bucket)?.objects.get(key)?.[0]
  if (entry?.kind !== 'object') throw new Error('no object')
  return Buffer.from(entry.body.rawBytes())
}

describe('PutObject and GetObject (SSE-S3)', () => {
  it('stores encrypted with SSE-S3 by default and reads back the same bytes and metadata', async () => {
    const world = worldWithBucket()
    const ctx = world.ctx()
    const out = await putObject(
      {
        Bucket: 'bkt',
        Key: 'dir/hello.txt',
        Body: bodyOf('hello world'),
        ContentLength: 11,
        ContentType: 'text/plain',
        Metadata: { Project: 'Anchor' },
        CacheControl: 'no-cache',
      },
      ctx,
    )
    expect(out).toEqual({
      ETag: `"${md5Hex('hello world')}"`,
      ChecksumCRC64NVME: toBase64(digestOf('CRC64NVME', Buffer.from('hello world'))),
      ChecksumType: 'FULL_OBJECT',
      ServerSideEncryption: 'AES256',
    })
    expect(ctx.notes.requestParameters).toEqual({ bucketName: 'bkt', key: 'dir/hello.txt' })
    expect(ctx.notes.resources.map((r) => r.ARN)).toEqual([
      'arn:aws:s3:::bkt',
      'arn:aws:s3:::bkt/dir/hello.txt',
    ])
    const got = await getObject({ Bucket: 'bkt', Key: 'dir/hello.txt' }, world.ctx())
    expect(await readText(got.Body)).toBe('hello world')
    const { Body: _body, ...meta } = got
    expect(meta).toEqual({
      AcceptRanges: 'bytes',
      LastModified: new Date('2026-03-01T12:00:00.000Z'),
      ContentLength: 11,
      ETag: out.ETag,
      CacheControl: 'no-cache',
      ContentType: 'text/plain',
      Metadata: { project: 'Anchor' },
      ServerSideEncryption: 'AES256',
    })
    expect(rawOf(world, 'dir/hello.txt').includes(Buffer.from('hello'))).toBe(false)
  })

  it('returns the checksum only when asked, and only for full-object reads', async () => {
    const world = worldWithBucket()
    await put(world, 'k', 'hello world', {
      checksum: { algorithm: 'CRC32', expected: () => 'DUoRhQ==' },
    })
    const full = await getObject({ Bucket: 'bkt', Key: 'k', ChecksumMode: 'ENABLED' }, world.ctx())
    expect([full.ChecksumCRC32, full.ChecksumType]).toEqual(['DUoRhQ==', 'FULL_OBJECT'])
    const ranged = await getObject(
      { Bucket: 'bkt', Key: 'k', ChecksumMode: 'ENABLED', Range: 'bytes=0-4' },
      world.ctx(),
    )
    expect(ranged.ChecksumCRC32).toBeUndefined()
    expect(await readText(ranged.Body)).toBe('hello')
    const plain = await headObject({ Bucket: 'bkt', Key: 'k' }, world.ctx())
    expect(plain.ChecksumCRC32).toBeUndefined()
  })

  it('stores nothing when a digest does not match, and leaves older data alone', async () => {
    const world = worldWithBucket()
    await put(world, 'k', 'first version')
    const crc = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'hello world', {
        checksum: { algorithm: 'CRC32', expected: () => 'AAAAAA==' },
      }),
    )
    expect([crc.code, crc.status, crc.message]).toEqual([
      'BadDigest',
      400,
      'The CRC32 you specified did not match the calculated checksum.',
    ])
    const sha = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'x', { checksum: { algorithm: 'SHA256', expected: () => 'AAAA' } }),
    )
    expect([sha.code, sha.message]).toEqual([
      'InvalidRequest',
      'Value for x-amz-checksum-sha256 header is invalid.',
    ])
    const wrongMd5 = toBase64(digestOf('MD5', Buffer.from('other')))
    const md5 = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'hello world', { ContentMD5: wrongMd5 }),
    )
    expect([md5.code, md5.message, md5.fields]).toEqual([
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
      {
        ExpectedDigest: wrongMd5,
        CalculatedDigest: toBase64(digestOf('MD5', Buffer.from('hello world'))),
      },
    ])
    const malformed = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'x', { ContentMD5: 'not-md5' }),
    )
    expect(malformed.code).toBe('InvalidDigest')
    const short = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'hello', { ContentLength: 10 }),
    )
    expect(short.code).toBe('IncompleteBody')
    const got = await getObject({ Bucket: 'bkt', Key: 'k' }, world.ctx())
    expect(await readText(got.Body)).toBe('first version')
    // A correct Content-MD5 is accepted.
    const ok = toBase64(digestOf('MD5', Buffer.from('hello world')))
    await expect(put(world, 'k', 'hello world', { ContentMD5: ok })).resolves.toMatchObject({
      ETag: `"${md5Hex('hello world')}"`,
    })
  })

  it('validates key length and storage class, and cancels bodies it will not read', async () => {
    const world = worldWithBucket()
    expect((await expectFailsUnchanged(world, () => put(world, 'é'.repeat(513), 'x'))).code).toBe(
      'KeyTooLongError',
    )
    const storage = await expectFailsUnchanged(world, () =>
      put(world, 'k', 'x', { StorageClass: 'FAST' }),
    )
    expect([storage.code, storage.fields]).toEqual([
      'InvalidStorageClass',
      { StorageClassRequested: 'FAST' },
    ])
    await put(world, 'cold', 'x', { StorageClass: 'GLACIER_IR' })
    expect((await headObject({ Bucket: 'bkt', Key: 'cold' }, world.ctx())).StorageClass).toBe(
      'GLACIER_IR',
    )
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true
      },
    })
    const error = await errorOf(() =>
      putObject({ Bucket: 'nope', Key: 'k', Body: body }, world.ctx()),
    )
    expect(error.code).toBe('NoSuchBucket')
    expect(cancelled).toBe(true)
  })

  it('does not resurrect a bucket deleted while its PUT was streaming', async () => {
    const world = worldWithBucket()
    let pulls = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1
        if (pulls === 1) {
          deleteBucket({ Bucket: 'bkt' }, world.ctx())
          controller.enqueue(new Uint8Array([1, 2, 3]))
        } else controller.close()
      },
    })
    const error = await errorOf(() =>
      putObject({ Bucket: 'bkt', Key: 'k', Body: body }, world.ctx()),
    )
    expect(error.code).toBe('NoSuchBucket')
    expect(world.state.buckets.size).toBe(0)
  })
})

describe('ranged and part reads', () => {
  const size = 600 * 1024 // three 256 KiB segments
  const big = Uint8Array.from({ length: size }, (_, i) => (i * 7 + (i >> 11)) & 0xff)

  async function bigWorld(): Promise<S3TestWorld> {
    const world = worldWithBucket()
    await putObject(
      { Bucket: 'bkt', Key: 'big', Body: bodyOf(big, 65_536), ContentLength: size },
      world.ctx(),
    )
    return world
  }

  it('returns exactly the bytes of ranges that cross segment boundaries', async () => {
    const world = await bigWorld()
    const cases: [string, number, number][] = [
      ['bytes=262140-262150', 262140, 262150],
      ['bytes=0-0', 0, 0],
      ['bytes=262144-524288', 262144, 524288],
      ['bytes=500000-', 500000, size - 1],
      ['bytes=-100', size - 100, size - 1],
      ['bytes=614000-999999', 614000, size - 1],
    ]
    for (const [header, start, end] of cases) {
      const got = await getObject({ Bucket: 'bkt', Key: 'big', Range: header }, world.ctx())
      expect(got.ContentLength).toBe(end - start + 1)
      expect(got.ContentRange).toBe(`bytes ${start}-${end}/${size}`)
      const bytes = Buffer.from(await readAll(got.Body))
      expect(bytes.equals(big.subarray(start, end + 1))).toBe(true)
    }
    const whole = await getObject({ Bucket: 'bkt', Key: 'big', Range: 'bytes=9-2' }, world.ctx())
    expect(whole.ContentRange).toBeUndefined()
    expect((await readAll(whole.Body)).length).toBe(size)
    const invalid = await errorOf(() =>
      getObject({ Bucket: 'bkt', Key: 'big', Range: `bytes=${size}-` }, world.ctx()),
    )
    expect([invalid.code, invalid.status, invalid.message, invalid.fields]).toEqual([
      'InvalidRange',
      416,
      'The requested range is not satisfiable',
      { RangeRequested: `bytes=${size}-`, ActualObjectSize: String(size) },
    ])
  })

  it('treats a single-part object as part 1 and refuses other parts', async () => {
    const world = await bigWorld()
    const part = await getObject({ Bucket: 'bkt', Key: 'big', PartNumber: 1 }, world.ctx())
    expect([part.ContentLength, part.ContentRange, part.PartsCount]).toEqual([
      size,
      `bytes 0-${size - 1}/${size}`,
      undefined,
    ])
    const second = await errorOf(() =>
      getObject({ Bucket: 'bkt', Key: 'big', PartNumber: 2 }, world.ctx()),
    )
    expect([second.code, second.status, second.message, second.fields]).toEqual([
      'InvalidPartNumber',
      416,
      'The requested partnumber is not satisfiable',
      { PartNumberRequested: '2', ActualPartCount: '1' },
    ])
    for (const n of [0, 10001]) {
      const bad = await errorOf(() =>
        getObject({ Bucket: 'bkt', Key: 'big', PartNumber: n }, world.ctx()),
      )
      expect([bad.code, bad.message, bad.fields]).toEqual([
        'InvalidArgument',
        'Part number must be an integer between 1 and 10000, inclusive',
        { ArgumentName: 'partNumber', ArgumentValue: String(n) },
      ])
    }
    const both = await errorOf(() =>
      getObject({ Bucket: 'bkt', Key: 'big', PartNumber: 1, Range: 'bytes=0-1' }, world.ctx()),
    )
    expect([both.code, both.message]).toEqual([
      'InvalidRequest',
      'Cannot specify both Range header and partNumber query parameter',
    ])
  })

  it('serves empty objects whole, and refuses byte ranges of them', async () => {
    const world = worldWithBucket()
    await put(world, 'empty', '')
    const got = await getObject({ Bucket: 'bkt', Key: 'empty', Range: 'bytes=-5' }, world.ctx())
    expect([got.ContentLength, got.ContentRange]).toEqual([0, undefined])
    expect(await readAll(got.Body)).toEqual(new Uint8Array(0))
    expect(
      (
        await errorOf(() =>
          getObject({ Bucket: 'bkt', Key: 'empty', Range: 'bytes=0-' }, world.ctx()),
        )
      ).code,
    ).toBe('InvalidRange')
  })
})

describe('conditional reads', () => {
  it('answers 412 and 304 before any byte or key is touched', async () => {
    const world = worldWithBucket()
    const { ETag } = await put(world, 'k', 'data', { ServerSideEncryption: 'aws:kms' })
    const decrypts = () => world.keys.calls.filter((c) => c.operation === 'Decrypt').length
    const failed = await errorOf(() =>
      getObject({ Bucket: 'bkt', Key: 'k', IfMatch: '"other"' }, world.ctx()),
    )
    expect([failed.code, failed.status, failed.fields]).toEqual([
      'PreconditionFailed',
      412,
      { Condition: 'If-Match' },
    ])
    const notModified = await errorOf(() =>
      headObject({ Bucket: 'bkt', Key: 'k', IfNoneMatch: ETag }, world.ctx()),
    )
    expect([notModified.code, notModified.status, notModified.headers.ETag]).toEqual([
      'NotModified',
      304,
      ETag,
    ])
    world.clock.advance(3_600_000)
    const since = await errorOf(() =>
      getObject(
        { Bucket: 'bkt', Key: 'k', IfModifiedSince: new Date('2026-03-01T12:30:00Z') },
        world.ctx(),
      ),
    )
    expect(since.status).toBe(304)
    expect(decrypts()).toBe(0)
    const ok = await getObject(
      { Bucket: 'bkt', Key: 'k', IfMatch: ETag, IfUnmodifiedSince: new Date('2020-01-01') },
      world.ctx(),
    )
    expect(await readText(ok.Body)).toBe('data')
  })
})
