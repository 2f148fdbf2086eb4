import { CreateKeyCommand, DisableKeyCommand } from '@aws-sdk/client-kms'
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  UploadPartCommand,
  type UploadPartCommandInput,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { crc32 } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { createHasher } from '../../../src/crypto/checksums.js'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws({ seed: 'multipart' })
const s3 = s3Client()
const kms = kmsClient()

const MiB = 1024 * 1024
const NO_SUCH_UPLOAD =
  'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.'

/** Deterministic, position-dependent bytes, so a misplaced slice shows. */
function data(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 7 + (i >> 12)) & 0xff
  return out
}
const md5 = (b: Uint8Array): Buffer => createHash('md5').update(b).digest()
const crc32Bytes = (b: Uint8Array): Buffer => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(crc32(b))
  return out
}
const crc32B64 = (b: Uint8Array): string => crc32Bytes(b).toString('base64')
/** S3's multipart ETag: MD5 of the binary part ETags, then the count. */
const multipartETag = (partETags: readonly string[]): string =>
  `"${md5(Buffer.concat(partETags.map((e) => Buffer.from(e.replace(/"/g, ''), 'hex')))).toString('hex')}-${partETags.length}"`
const compositeCrc32 = (parts: readonly Buffer[]): string =>
  `${crc32B64(Buffer.concat(parts.map(crc32Bytes)))}-${parts.length}`
const crc64nvme = (b: Uint8Array): string => {
  const hasher = createHasher('CRC64NVME')
  hasher.update(b)
  return Buffer.from(hasher.digest()).toString('base64')
}

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
})

async function create(extra: Partial<CreateMultipartUploadCommandInput> = {}, key = 'big.bin') {
  const out = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'data', Key: key, ...extra }),
  )
  return { ...out, UploadId: out.UploadId! }
}

function part(
  uploadId: string,
  partNumber: number,
  body: NonNullable<UploadPartCommandInput['Body']>,
  extra: Partial<UploadPartCommandInput> = {},
  key = 'big.bin',
) {
  return s3.send(
    new UploadPartCommand({
      Bucket: 'data',
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      Body: body,
      ...extra,
    }),
  )
}

function complete(uploadId: string, parts: CompletedPart[], key = 'big.bin') {
  return s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'data',
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts },
    }),
  )
}

/** Uploads `bodies` as parts 1..n and returns what Complete needs. */
async function uploadAll(uploadId: string, bodies: readonly Buffer[]): Promise<CompletedPart[]> {
  const parts: CompletedPart[] = []
  for (const [i, body] of bodies.entries()) {
    const out = await part(uploadId, i + 1, body)
    parts.push({ PartNumber: i + 1, ETag: out.ETag!, ChecksumCRC32: out.ChecksumCRC32! })
  }
  return parts
}

async function newKey(): Promise<{ id: string; arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  return { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
}

const s3KmsCalls = (eventName: string) =>
  aws.audit.events({
    eventSource: 'kms.amazonaws.com',
    eventName,
    userIdentity: { invokedBy: 's3.amazonaws.com' },
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
    const started = performance.now()
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
    const result = await upload.done()
    // Each 5 MiB part is sent with Expect: 100-continue; answered, so no 6 s stall per part.
    expect(performance.now() - started).toBeLessThan(5000)
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

describe('Complete refuses what S3 refuses, changing nothing', () => {
  async function twoParts() {
    const { UploadId } = await create()
    const parts = await uploadAll(UploadId, [data(5 * MiB, 17), data(10, 18)])
    return { UploadId, parts }
  }
  const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

  it('parts out of order: InvalidPartOrder', async () => {
    const { UploadId, parts } = await twoParts()
    const err = await refused(() => complete(UploadId, [parts[1]!, parts[0]!]))
    expect(err.name).toBe('InvalidPartOrder')
    expect(err.message).toBe(
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
    )
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('an unknown part or another ETag: InvalidPart', async () => {
    const { UploadId, parts } = await twoParts()
    const message =
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."
    const unknown = await refused(() =>
      complete(UploadId, [parts[0]!, { ...parts[1]!, PartNumber: 3 }]),
    )
    expect(unknown.name).toBe('InvalidPart')
    expect(unknown.message).toBe(message)
    const otherTag = await refused(() =>
      complete(UploadId, [{ ...parts[0]!, ETag: `"${'0'.repeat(32)}"` }, parts[1]!]),
    )
    expect(otherTag.name).toBe('InvalidPart')
    expect(otherTag.$metadata.httpStatusCode).toBe(400)
  })

  it('a non-last part under 5 MiB: EntityTooSmall', async () => {
    const { UploadId } = await create()
    const parts = await uploadAll(UploadId, [data(5 * MiB - 1, 19), data(10, 20)])
    const err = await refused(() => complete(UploadId, parts))
    expect(err.name).toBe('EntityTooSmall')
    expect(err.message).toBe('Your proposed upload is smaller than the minimum allowed size')
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('no parts: MalformedXML', async () => {
    const { UploadId } = await twoParts()
    const err = await refused(() => complete(UploadId, []))
    expect(err.name).toBe('MalformedXML')
    expect(err.message).toBe(
      'The XML you provided was not well-formed or did not validate against our published schema',
    )
  })

  it('an upload id S3 never gave out: NoSuchUpload (404)', async () => {
    await twoParts()
    const err = await refused(() => complete('not-an-upload', [{ PartNumber: 1, ETag: '"x"' }]))
    expect(err.name).toBe('NoSuchUpload')
    expect(err.message).toBe(NO_SUCH_UPLOAD)
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('a completed upload is gone: later parts get NoSuchUpload', async () => {
    const { UploadId, parts } = await twoParts()
    await complete(UploadId, parts)
    const err = await refused(() => part(UploadId, 3, 'late'))
    expect(err.name).toBe('NoSuchUpload')
  })
})

describe('part requests S3 refuses', () => {
  const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

  it('a part number outside 1..10000: InvalidArgument', async () => {
    const { UploadId } = await create()
    const err = await refused(() => part(UploadId, 10_001, 'x'))
    expect(err.name).toBe('InvalidArgument')
    expect(err.message).toBe('Part number must be an integer between 1 and 10000, inclusive')
  })

  it('SSE-C headers on an upload created without SSE-C: InvalidRequest', async () => {
    const { UploadId } = await create()
    const err = await refused(() =>
      part(UploadId, 1, 'x', { SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'k'.repeat(32) }),
    )
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
    )
  })

  it('a part of another algorithm than a COMPOSITE upload named: InvalidRequest', async () => {
    const { UploadId } = await create({ ChecksumAlgorithm: 'SHA256' })
    // The SDK computes its default CRC32 for the part.
    const err = await refused(() => part(UploadId, 1, 'x'))
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      'Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32',
    )
  })

  it('SSE-KMS create with a disabled key: KMS.DisabledException, no upload', async () => {
    const key = await newKey()
    await kms.send(new DisableKeyCommand({ KeyId: key.id }))
    const err = await refused(() =>
      create({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.id }),
    )
    expect(err.name).toBe('KMS.DisabledException')
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'data' }))
    expect(listed.Uploads).toBeUndefined()
  })
})

describe('AbortMultipartUpload', () => {
  it('removes the upload and its parts; later requests get NoSuchUpload', async () => {
    const { UploadId } = await create()
    await part(UploadId, 1, 'doomed')
    const aborted = await s3.send(
      new AbortMultipartUploadCommand({ Bucket: 'data', Key: 'big.bin', UploadId }),
    )
    expect(aborted.$metadata.httpStatusCode).toBe(204)
    for (const send of [
      () => part(UploadId, 2, 'late'),
      () => s3.send(new ListPartsCommand({ Bucket: 'data', Key: 'big.bin', UploadId })),
      () => s3.send(new AbortMultipartUploadCommand({ Bucket: 'data', Key: 'big.bin', UploadId })),
    ]) {
      const err = await expectUnchanged(aws, () => errorOf(send()))
      expect(err.name).toBe('NoSuchUpload')
      expect(err.$metadata.httpStatusCode).toBe(404)
    }
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'data' }))
    expect(listed.Uploads).toBeUndefined()
  })

  it('an upload belongs to its key: another key cannot name it', async () => {
    const { UploadId } = await create()
    const err = await expectUnchanged(aws, () =>
      errorOf(s3.send(new AbortMultipartUploadCommand({ Bucket: 'data', Key: 'other', UploadId }))),
    )
    expect(err.name).toBe('NoSuchUpload')
  })

  it('uploads vanish on reset, and seeded worlds repeat upload ids', async () => {
    const { UploadId } = await create()
    aws.reset()
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'data' }))
    expect(listed.Uploads).toBeUndefined()
    expect((await errorOf(part(UploadId, 1, 'x'))).name).toBe('NoSuchUpload')
    // The same requests after a reset draw the same ids (the random source is re-seeded).
    aws.reset()
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
    expect((await create()).UploadId).toBe(UploadId)
  })
})

describe('listing uploads and parts', () => {
  it('ListParts pages by max-parts and part-number-marker', async () => {
    const { UploadId } = await create({ StorageClass: 'STANDARD_IA' })
    const bodies = [data(10, 21), data(20, 22), data(30, 23)]
    const uploaded = await uploadAll(UploadId, bodies)
    const page1 = await s3.send(
      new ListPartsCommand({ Bucket: 'data', Key: 'big.bin', UploadId, MaxParts: 2 }),
    )
    expect(page1.IsTruncated).toBe(true)
    expect(page1.MaxParts).toBe(2)
    expect(page1.NextPartNumberMarker).toBe('2')
    expect(page1.StorageClass).toBe('STANDARD_IA')
    expect(page1.Initiator?.ID).toMatch(/^[0-9a-f]{64}$/)
    expect(page1.Owner?.ID).toBe(page1.Initiator?.ID)
    expect(page1.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag, p.ChecksumCRC32])).toEqual([
      [1, 10, uploaded[0]!.ETag, crc32B64(bodies[0]!)],
      [2, 20, uploaded[1]!.ETag, crc32B64(bodies[1]!)],
    ])
    expect(page1.Parts?.[0]?.LastModified).toBeInstanceOf(Date)
    const page2 = await s3.send(
      new ListPartsCommand({
        Bucket: 'data',
        Key: 'big.bin',
        UploadId,
        MaxParts: 2,
        PartNumberMarker: page1.NextPartNumberMarker,
      }),
    )
    expect(page2.IsTruncated).toBe(false)
    expect(page2.PartNumberMarker).toBe('2')
    expect(page2.Parts?.map((p) => p.PartNumber)).toEqual([3])
  })

  it('ListMultipartUploads: prefix, delimiter and key/upload-id markers', async () => {
    const ids: Record<string, string> = {}
    for (const key of ['b', 'a/1', 'c', 'a/2']) ids[key] = (await create({}, key)).UploadId
    const secondC = (await create({ ChecksumAlgorithm: 'CRC32' }, 'c')).UploadId

    const all = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'data' }))
    expect(all.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([
      ['a/1', ids['a/1']],
      ['a/2', ids['a/2']],
      ['b', ids.b],
      ['c', ids.c],
      ['c', secondC],
    ])
    expect(all.Uploads?.[4]?.ChecksumAlgorithm).toBe('CRC32')
    expect(all.Uploads?.[0]?.Initiated).toBeInstanceOf(Date)

    const prefixed = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: 'data', Prefix: 'a/' }),
    )
    expect(prefixed.Uploads?.map((u) => u.Key)).toEqual(['a/1', 'a/2'])
    const rolled = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: 'data', Delimiter: '/' }),
    )
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/'])
    expect(rolled.Uploads?.map((u) => u.Key)).toEqual(['b', 'c', 'c'])

    const seen: string[] = []
    let markers: { KeyMarker?: string; UploadIdMarker?: string } = {}
    for (let page = 0; page < 5; page++) {
      const out = await s3.send(
        new ListMultipartUploadsCommand({ Bucket: 'data', MaxUploads: 2, ...markers }),
      )
      seen.push(...(out.Uploads ?? []).map((u) => u.UploadId!))
      if (out.IsTruncated !== true) break
      markers = { KeyMarker: out.NextKeyMarker!, UploadIdMarker: out.NextUploadIdMarker! }
    }
    expect(seen).toEqual(all.Uploads?.map((u) => u.UploadId))
  })
})
