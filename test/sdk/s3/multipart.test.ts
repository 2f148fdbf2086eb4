import { DisableKeyCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { Readable } from 'node:stream'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { StoredBlob } from '../../../src/s3/blob-store.js'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import {
  compositeCrc32,
  crc32B64,
  crc64nvme,
  data,
  md5,
  MiB,
  multipartClient,
  multipartETag,
} from '../../support/multipart.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws({ seed: 'multipart' })
const s3 = s3Client()
const kms = kmsClient()
const { create, part, complete, uploadAll, newKey, s3KmsCalls } = multipartClient(s3, kms, aws)

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
})

describe('multipart upload, SSE-S3 (bucket default)', () => {
  it('creates, uploads plain and aws-chunked parts, completes one object of the parts in order', async () => {
    const bodies = [data(5 * MiB, 1), data(5 * MiB, 2), data(1000, 3)]
    const whole = Buffer.concat(bodies)
    const created = await create()
    expect(created.ServerSideEncryption).toBe('AES256')
    expect(created.ChecksumAlgorithm).toBeUndefined()

    const first = await part(created.UploadId, 1, bodies[0]!)
    expect(first.ETag).toBe(`"${md5(bodies[0]!).toString('hex')}"`)
    expect(first.ServerSideEncryption).toBe('AES256')
    expect(first.ChecksumCRC32).toBe(crc32B64(bodies[0]!))
    // A stream with a length goes aws-chunked with a trailing CRC32 (sdk-wire-facts §1a).
    const second = await part(
      created.UploadId,
      2,
      Readable.from([bodies[1]!.subarray(0, 3 * MiB), bodies[1]!.subarray(3 * MiB)]),
      { ContentLength: 5 * MiB },
    )
    expect(second.ChecksumCRC32).toBe(crc32B64(bodies[1]!))
    const third = await part(created.UploadId, 3, bodies[2]!)
    const etags = [first.ETag!, second.ETag!, third.ETag!]

    const done = await complete(
      created.UploadId,
      etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
    )
    expect(done.ETag).toBe(multipartETag(etags))
    expect(done.ServerSideEncryption).toBe('AES256')
    expect(done.Location).toBe('https://data.s3.us-east-1.amazonaws.com/big.bin')
    // No algorithm named at create: S3's default full-object CRC64NVME.
    expect(done.ChecksumCRC64NVME).toBe(crc64nvme(whole))
    expect(done.ChecksumType).toBe('FULL_OBJECT')

    // The SDK validates the full-object checksum it gets back.
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'big.bin' }))
    expect((await bodyBytes(got.Body)).equals(whole)).toBe(true)
    expect(got.ETag).toBe(done.ETag)
    expect(got.ContentLength).toBe(whole.length)
    expect(got.ChecksumCRC64NVME).toBe(crc64nvme(whole))
    expect(Buffer.from(aws.s3.rawObject('data', 'big.bin')).includes(bodies[2]!)).toBe(false)
  })

  it('answers partNumber reads with the part, its range and the part count', async () => {
    const bodies = [data(5 * MiB, 4), data(5 * MiB, 5), data(4321, 6)]
    const { UploadId } = await create()
    await complete(UploadId, await uploadAll(UploadId, bodies))
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'big.bin' }))
    expect(head.PartsCount).toBeUndefined()
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'big.bin', PartNumber: 2 }),
    )
    expect((await bodyBytes(got.Body)).equals(bodies[1]!)).toBe(true)
    expect(got.PartsCount).toBe(3)
    expect(got.ContentRange).toBe(`bytes ${5 * MiB}-${10 * MiB - 1}/${10 * MiB + 4321}`)
    expect(got.$metadata.httpStatusCode).toBe(206)
    const last = await s3.send(
      new HeadObjectCommand({ Bucket: 'data', Key: 'big.bin', PartNumber: 3 }),
    )
    expect(last.ContentLength).toBe(4321)
    expect(last.PartsCount).toBe(3)
  })

  it('serves ranges that cross part boundaries', async () => {
    const bodies = [data(5 * MiB, 7), data(5 * MiB, 8), data(3000, 9)]
    const whole = Buffer.concat(bodies)
    const { UploadId } = await create()
    await complete(UploadId, await uploadAll(UploadId, bodies))
    for (const [start, end] of [
      [5 * MiB - 10, 5 * MiB + 9],
      [5 * MiB - 1, 10 * MiB + 2],
      [10, 10 * MiB + 2999],
    ] as const) {
      const got = await s3.send(
        new GetObjectCommand({ Bucket: 'data', Key: 'big.bin', Range: `bytes=${start}-${end}` }),
      )
      expect((await bodyBytes(got.Body)).equals(whole.subarray(start, end + 1))).toBe(true)
      expect(got.ContentRange).toBe(`bytes ${start}-${end}/${whole.length}`)
    }
  })

  it('decrypts only the parts a range touches, each from its own offset', async () => {
    const { UploadId } = await create()
    await complete(
      UploadId,
      await uploadAll(UploadId, [data(5 * MiB, 24), data(5 * MiB, 25), data(10, 26)]),
    )
    const reads = vi.spyOn(StoredBlob.prototype, 'read')
    try {
      const inSecond = await s3.send(
        new GetObjectCommand({ Bucket: 'data', Key: 'big.bin', Range: 'bytes=5242900-5242909' }),
      )
      await bodyBytes(inSecond.Body)
      expect(reads.mock.calls.map((c) => [c[1], c[2]])).toEqual([[20, 29]])
      reads.mockClear()
      const across = await s3.send(
        new GetObjectCommand({ Bucket: 'data', Key: 'big.bin', Range: 'bytes=5242870-5242889' }),
      )
      await bodyBytes(across.Body)
      expect(reads.mock.calls.map((c) => [c[1], c[2]])).toEqual([
        [5 * MiB - 10, 5 * MiB - 1],
        [0, 9],
      ])
    } finally {
      reads.mockRestore()
    }
  })
})

describe('multipart upload in a versioned bucket', () => {
  it('completes a new version, and copies parts from a named source version', async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'data',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    const old = await s3.send(
      new PutObjectCommand({ Bucket: 'data', Key: 'src', Body: 'version one' }),
    )
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'src', Body: 'version two' }))
    const { UploadId } = await create()
    const copied = await s3.send(
      new UploadPartCopyCommand({
        Bucket: 'data',
        Key: 'big.bin',
        UploadId,
        PartNumber: 1,
        CopySource: `data/src?versionId=${old.VersionId!}`,
      }),
    )
    expect(copied.CopySourceVersionId).toBe(old.VersionId)
    const done = await complete(UploadId, [{ PartNumber: 1, ETag: copied.CopyPartResult!.ETag! }])
    expect(done.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/)
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'big.bin', VersionId: done.VersionId! }),
    )
    expect((await bodyBytes(got.Body)).toString()).toBe('version one')
  })
})

describe('multipart upload, SSE-KMS', () => {
  it('uses one data key per upload: one GenerateDataKey at create, Decrypt per part, none at Complete', async () => {
    const key = await newKey()
    const bodies = [data(5 * MiB, 10), data(2000, 11)]
    const created = await create({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.id })
    expect(created.ServerSideEncryption).toBe('aws:kms')
    expect(created.SSEKMSKeyId).toBe(key.arn)
    const generate = s3KmsCalls('GenerateDataKey')
    expect(generate).toHaveLength(1)
    expect(generate[0]!.requestParameters?.encryptionContext).toEqual({
      'aws:s3:arn': 'arn:aws:s3:::data/big.bin',
    })

    const outs = []
    for (const [i, body] of bodies.entries()) {
      const out = await part(created.UploadId, i + 1, body)
      expect(out.ServerSideEncryption).toBe('aws:kms')
      expect(out.SSEKMSKeyId).toBe(key.arn)
      // SSE-KMS part ETags are not the part's MD5 (boto/boto#3750).
      expect(out.ETag).not.toBe(`"${md5(body).toString('hex')}"`)
      outs.push(out)
    }
    expect(s3KmsCalls('Decrypt')).toHaveLength(2)
    const done = await complete(
      created.UploadId,
      outs.map((o, i) => ({ PartNumber: i + 1, ETag: o.ETag! })),
    )
    expect(done.ServerSideEncryption).toBe('aws:kms')
    expect(done.SSEKMSKeyId).toBe(key.arn)
    expect(done.ETag).toBe(multipartETag(outs.map((o) => o.ETag!)))
    expect(s3KmsCalls('GenerateDataKey')).toHaveLength(1)
    expect(s3KmsCalls('Decrypt')).toHaveLength(2)

    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'big.bin' }))
    expect((await bodyBytes(got.Body)).equals(Buffer.concat(bodies))).toBe(true)
    expect(got.SSEKMSKeyId).toBe(key.arn)
    expect(s3KmsCalls('Decrypt')).toHaveLength(3)
    expect(aws.s3.object('data', 'big.bin').describe()?.encryption).toMatchObject({
      type: 'SSE-KMS',
      keyArn: key.arn,
    })
  })

  it('echoes the bucket key and names the bucket in the context when one is used', async () => {
    const key = await newKey()
    const created = await create({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: key.arn,
      BucketKeyEnabled: true,
    })
    expect(created.BucketKeyEnabled).toBe(true)
    expect(s3KmsCalls('GenerateDataKey')[0]!.requestParameters?.encryptionContext).toEqual({
      'aws:s3:arn': 'arn:aws:s3:::data',
    })
    const out = await part(created.UploadId, 1, 'tail')
    expect(out.BucketKeyEnabled).toBe(true)
    const done = await complete(created.UploadId, [{ PartNumber: 1, ETag: out.ETag! }])
    expect(done.BucketKeyEnabled).toBe(true)
  })

  it('takes SSE-KMS from the bucket default when the create names no encryption', async () => {
    const key = await newKey()
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'data',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: key.id,
              },
            },
          ],
        },
      }),
    )
    const created = await create()
    expect(created.ServerSideEncryption).toBe('aws:kms')
    expect(created.SSEKMSKeyId).toBe(key.arn)
    const out = await part(created.UploadId, 1, 'only part')
    const done = await complete(created.UploadId, [{ PartNumber: 1, ETag: out.ETag! }])
    expect(done.SSEKMSKeyId).toBe(key.arn)
  })

  it('lib-storage Upload of 12+ MiB (default settings, 5 MiB parts): composite CRC32, equal bytes', async () => {
    const key = await newKey()
    const body = data(12 * MiB + 12345, 12)
    const upload = new Upload({
      client: s3,
      params: {
        Bucket: 'data',
        Key: 'lib/storage.bin',
        Body: body,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.id,
      },
    })
    // Each 5 MiB part is sent with Expect: 100-continue; setupMockAws answers it in-process
    // (test/sdk/transport/expect-continue.test.ts proves the mechanism; speed is for bench/).
    const result = await upload.done()
    const parts = [
      body.subarray(0, 5 * MiB),
      body.subarray(5 * MiB, 10 * MiB),
      body.subarray(10 * MiB),
    ]
    expect(result.ETag).toMatch(/^"[0-9a-f]{32}-3"$/)
    expect(result.ChecksumCRC32).toBe(compositeCrc32(parts))
    expect(result.ChecksumType).toBe('COMPOSITE')
    expect(result.ServerSideEncryption).toBe('aws:kms')
    expect(s3KmsCalls('GenerateDataKey')).toHaveLength(1)
    expect(s3KmsCalls('Decrypt')).toHaveLength(3)

    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'lib/storage.bin', ChecksumMode: 'ENABLED' }),
    )
    expect((await bodyBytes(got.Body)).equals(body)).toBe(true)
    // A composite value `…-3` is not validated by the SDK; it comes back as COMPOSITE.
    expect(got.ChecksumCRC32).toBe(compositeCrc32(parts))
    expect(got.ChecksumType).toBe('COMPOSITE')
    // A part read returns that part's own CRC32, which the SDK does validate.
    const second = await s3.send(
      new GetObjectCommand({
        Bucket: 'data',
        Key: 'lib/storage.bin',
        PartNumber: 2,
        ChecksumMode: 'ENABLED',
      }),
    )
    expect((await bodyBytes(second.Body)).equals(parts[1]!)).toBe(true)
    expect(second.ChecksumCRC32).toBe(crc32B64(parts[1]!))
  })

  it('fails part writes with the KMS error once the key is disabled, keeping earlier parts', async () => {
    const key = await newKey()
    const { UploadId } = await create({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.id })
    await part(UploadId, 1, 'kept')
    await kms.send(new DisableKeyCommand({ KeyId: key.id }))
    const err = await expectUnchanged(aws, () => errorOf(part(UploadId, 2, 'refused')))
    expect(err.name).toBe('KMS.DisabledException')
    expect(err.message).toBe(`${key.arn} is disabled.`)
    expect(err.$metadata.httpStatusCode).toBe(400)
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'data', Key: 'big.bin', UploadId }))
    expect(listed.Parts?.map((p) => p.PartNumber)).toEqual([1])
  })
})

describe('checksum modes', () => {
  it('FULL_OBJECT CRC32: the whole object CRC combined from the parts, validated by the SDK', async () => {
    const bodies = [data(5 * MiB, 13), data(777, 14)]
    const whole = Buffer.concat(bodies)
    const created = await create({ ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' })
    expect(created.ChecksumAlgorithm).toBe('CRC32')
    expect(created.ChecksumType).toBe('FULL_OBJECT')
    const done = await complete(created.UploadId, await uploadAll(created.UploadId, bodies))
    expect(done.ChecksumCRC32).toBe(crc32B64(whole))
    expect(done.ChecksumType).toBe('FULL_OBJECT')
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'big.bin' }))
    expect(got.ChecksumCRC32).toBe(crc32B64(whole))
    expect(got.ChecksumType).toBe('FULL_OBJECT')
    expect((await bodyBytes(got.Body)).equals(whole)).toBe(true)
  })

  it('CRC64NVME defaults to FULL_OBJECT and refuses COMPOSITE', async () => {
    const created = await create({ ChecksumAlgorithm: 'CRC64NVME' })
    expect(created.ChecksumType).toBe('FULL_OBJECT')
    const err = await expectUnchanged(aws, () =>
      errorOf(create({ ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' })),
    )
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.',
    )
  })

  it('COMPOSITE uploads need each part checksum in Complete, and the stored one', async () => {
    const created = await create({ ChecksumAlgorithm: 'CRC32' })
    expect(created.ChecksumType).toBe('COMPOSITE')
    const [only] = await uploadAll(created.UploadId, [data(100, 15)])
    const missing = await expectUnchanged(aws, () =>
      errorOf(complete(created.UploadId, [{ PartNumber: 1, ETag: only!.ETag! }])),
    )
    expect(missing.name).toBe('InvalidRequest')
    expect(missing.message).toBe(
      'The upload was created using a crc32 checksum. The complete request must include the checksum for each part. It was missing for part 1 in the request.',
    )
    const wrong = await expectUnchanged(aws, () =>
      errorOf(
        complete(created.UploadId, [{ ...only!, ChecksumCRC32: crc32B64(Buffer.from('no')) }]),
      ),
    )
    expect(wrong.name).toBe('InvalidPart')
    expect(wrong.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses a part whose checksum does not match, adding nothing', async () => {
    const { UploadId } = await create()
    const err = await expectUnchanged(aws, () =>
      errorOf(part(UploadId, 1, 'payload', { ChecksumCRC32: crc32B64(Buffer.from('other')) })),
    )
    expect(err.name).toBe('BadDigest')
    expect(err.message).toBe('The CRC32 you specified did not match the calculated checksum.')
  })
})

describe('UploadPartCopy', () => {
  it('copies ranges of an SSE-KMS source into an SSE-S3 upload, re-encrypted under the upload key', async () => {
    const key = await newKey()
    const source = data(6 * MiB + 100, 16)
    await s3.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'source.bin',
        Body: source,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.id,
      }),
    )
    const created = await create({ ServerSideEncryption: 'AES256' }, 'copy.bin')
    const decryptsBefore = s3KmsCalls('Decrypt').length
    const copyPart = (n: number, range: string) =>
      s3.send(
        new UploadPartCopyCommand({
          Bucket: 'data',
          Key: 'copy.bin',
          UploadId: created.UploadId,
          PartNumber: n,
          CopySource: 'data/source.bin',
          CopySourceRange: range,
        }),
      )
    const first = await copyPart(1, `bytes=0-${5 * MiB - 1}`)
    const second = await copyPart(2, `bytes=${5 * MiB}-${source.length - 1}`)
    expect(first.ServerSideEncryption).toBe('AES256')
    expect(first.CopyPartResult?.ETag).toBe(`"${md5(source.subarray(0, 5 * MiB)).toString('hex')}"`)
    expect(first.CopyPartResult?.LastModified).toBeInstanceOf(Date)
    expect(s3KmsCalls('Decrypt').length - decryptsBefore).toBe(2)

    const done = await complete(
      created.UploadId,
      [first, second].map((o, i) => ({ PartNumber: i + 1, ETag: o.CopyPartResult!.ETag! })),
      'copy.bin',
    )
    expect(done.ServerSideEncryption).toBe('AES256')
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'copy.bin' }))
    expect((await bodyBytes(got.Body)).equals(source)).toBe(true)
    expect(got.ServerSideEncryption).toBe('AES256')
  })

  it('applies copy-source conditions and the strict range rules', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'src', Body: 'ten bytes!' }))
    const { UploadId } = await create()
    const copy = (extra: object) =>
      s3.send(
        new UploadPartCopyCommand({
          Bucket: 'data',
          Key: 'big.bin',
          UploadId,
          PartNumber: 1,
          CopySource: 'data/src',
          ...extra,
        }),
      )
    const precondition = await expectUnchanged(aws, () =>
      errorOf(copy({ CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"' })),
    )
    expect(precondition.name).toBe('PreconditionFailed')
    expect(precondition.$metadata.httpStatusCode).toBe(412)
    const outside = await expectUnchanged(aws, () =>
      errorOf(copy({ CopySourceRange: 'bytes=5-10' })),
    )
    expect(outside.name).toBe('InvalidArgument')
    expect(outside.message).toBe('Range specified is not valid for source object of size: 10')
    const malformed = await expectUnchanged(aws, () =>
      errorOf(copy({ CopySourceRange: 'bytes=5-' })),
    )
    expect(malformed.message).toBe(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
    )
    const ok = await copy({ CopySourceRange: 'bytes=2-5' })
    const done = await complete(UploadId, [{ PartNumber: 1, ETag: ok.CopyPartResult!.ETag! }])
    expect(done.ETag).toBe(multipartETag([ok.CopyPartResult!.ETag!]))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'big.bin' }))
    expect((await bodyBytes(got.Body)).toString()).toBe('n by')
  })
})
