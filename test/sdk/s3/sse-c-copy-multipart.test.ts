import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../support/kms.js'
import { data, MiB } from '../../support/multipart.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { copySourceSseC, customerKey, expectS3Error, SSE_C, sseC } from '../../support/sse-c.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws({ blockSseCOnNewBuckets: false })
const s3 = s3Client()
const keyA = customerKey(5)
const keyB = customerKey(6)
const md5hex = (b: string | Buffer) => createHash('md5').update(b).digest('hex')
const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'src' }))
  await s3.send(new CreateBucketCommand({ Bucket: 'dst' }))
})

type CopyInput = ConstructorParameters<typeof CopyObjectCommand>[0]
const copy = (extra: Partial<CopyInput> = {}) =>
  s3.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'copy', CopySource: 'src/a', ...extra }))
const read = async (bucket: string, key: string, extra = {}) =>
  (
    await bodyBytes(
      (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }))).Body,
    )
  ).toString()

describe('CopyObject with SSE-C: source and destination keys are independent', () => {
  beforeEach(async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'src', Key: 'a', Body: 'test_data', ...sseC(keyA) }),
    )
  })

  it('SSE-C source (key A) to SSE-C destination (key B)', async () => {
    const out = await copy({ ...copySourceSseC(keyA), ...sseC(keyB) })
    expect([out.SSECustomerAlgorithm, out.SSECustomerKeyMD5, out.ServerSideEncryption]).toEqual([
      'AES256',
      keyB.md5,
      undefined,
    ])
    expect(out.CopyObjectResult?.ETag).not.toBe(`"${md5hex('test_data')}"`)
    expect(await read('dst', 'copy', sseC(keyB))).toBe('test_data')
    expect(await read('src', 'a', sseC(keyA))).toBe('test_data')
  })

  it('SSE-C source to a destination without SSE-C: SSE-S3, and the ETag is the MD5 again', async () => {
    const out = await copy(copySourceSseC(keyA))
    expect(out.ServerSideEncryption).toBe('AES256')
    expect(out.SSECustomerAlgorithm).toBeUndefined()
    expect(out.CopyObjectResult?.ETag).toBe(`"${md5hex('test_data')}"`)
    expect(await read('dst', 'copy')).toBe('test_data')
  })

  it('plain source to SSE-C destination', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'plain', Body: 'open' }))
    const out = await copy({ CopySource: 'src/plain', ...sseC(keyB) })
    expect(out.SSECustomerKeyMD5).toBe(keyB.md5)
    expect(await read('dst', 'copy', sseC(keyB))).toBe('open')
  })

  it('SSE-C source without the copy-source key: 400 InvalidRequest', async () => {
    expectS3Error(await refused(() => copy()), 'InvalidRequest', 400, SSE_C.keyRequired)
    // The destination key is not the source key.
    expectS3Error(await refused(() => copy(sseC(keyA))), 'InvalidRequest', 400, SSE_C.keyRequired)
  })

  it('SSE-C source with another key: 403 AccessDenied', async () => {
    const err = await refused(() => copy(copySourceSseC(keyB)))
    expectS3Error(err, 'AccessDenied', 403, 'Access Denied')
  })

  it('copy-source and copy-target key errors: bad algorithm, no algorithm', async () => {
    const bad = await refused(() =>
      copy({ ...copySourceSseC(keyA), CopySourceSSECustomerAlgorithm: 'AES128' }),
    )
    expectS3Error(bad, 'InvalidEncryptionAlgorithmError', 400, SSE_C.badAlgorithm, {
      ArgumentName: 'x-amz-server-side-encryption',
      ArgumentValue: 'AES128',
    })
    const noAlgorithm = await refused(() =>
      copy({ ...copySourceSseC(keyA), CopySourceSSECustomerAlgorithm: undefined }),
    )
    expectS3Error(noAlgorithm, 'InvalidArgument', 400, SSE_C.noAlgorithm)
    const badTarget = await refused(() =>
      copy({ ...copySourceSseC(keyA), ...sseC(keyB), SSECustomerAlgorithm: 'AES512' }),
    )
    expectS3Error(badTarget, 'InvalidEncryptionAlgorithmError', 400, SSE_C.badAlgorithm, {
      ArgumentName: 'x-amz-server-side-encryption',
      ArgumentValue: 'AES512',
    })
  })

  it('copy-source SSE-C headers on a source stored without SSE-C: 400 InvalidRequest', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'plain', Body: 'open' }))
    const err = await refused(() => copy({ CopySource: 'src/plain', ...copySourceSseC(keyA) }))
    expectS3Error(err, 'InvalidRequest', 400, SSE_C.notApplicable)
  })
})

/** Complete's raw response headers, to prove it sends no SSE-C pair (reference §1.2). */
function headersOf(client: S3Client): () => Record<string, string> {
  let last: Record<string, string> = {}
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args)
      last = (out.response as { headers: Record<string, string> }).headers
      return out
    },
    { step: 'deserialize', name: 'captureHeaders' },
  )
  return () => last
}

describe('multipart upload with SSE-C', () => {
  const create = (extra = {}) =>
    s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'dst', Key: 'big', ...sseC(keyA), ...extra }),
    )
  const part = (uploadId: string, n: number, body: Buffer | string, extra = {}) =>
    s3.send(
      new UploadPartCommand({
        Bucket: 'dst',
        Key: 'big',
        UploadId: uploadId,
        PartNumber: n,
        Body: body,
        ...extra,
      }),
    )

  it('every part brings the create key; Complete needs none and answers without SSE-C headers', async () => {
    const created = await create()
    expect([created.SSECustomerAlgorithm, created.SSECustomerKeyMD5]).toEqual(['AES256', keyA.md5])
    const bodies = [data(5 * MiB, 1), data(1000, 2)]
    const parts = []
    for (const [i, body] of bodies.entries()) {
      const out = await part(created.UploadId!, i + 1, body, sseC(keyA))
      expect([out.SSECustomerAlgorithm, out.SSECustomerKeyMD5]).toEqual(['AES256', keyA.md5])
      expect(out.ETag).not.toBe(`"${md5hex(body)}"`)
      parts.push({ PartNumber: i + 1, ETag: out.ETag! })
    }
    const client = s3Client()
    const headers = headersOf(client)
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'dst',
        Key: 'big',
        UploadId: created.UploadId!,
        MultipartUpload: { Parts: parts },
      }),
    )
    expect(done.ServerSideEncryption).toBeUndefined()
    expect(headers()['x-amz-request-id']).toBeDefined()
    expect(Object.keys(headers()).filter((h) => h.includes('server-side-encryption'))).toEqual([])
    const whole = Buffer.concat(bodies)
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: 'dst',
        Key: 'big',
        ...sseC(keyA),
        Range: 'bytes=5242870-5242889',
      }),
    )
    expect((await bodyBytes(got.Body)).equals(whole.subarray(5242870, 5242890))).toBe(true)
    const err = await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'dst', Key: 'big' })))
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('a part without the key, with another key, or with a key on a plain upload: 400 InvalidRequest', async () => {
    const { UploadId } = await create()
    expectS3Error(
      await refused(() => part(UploadId!, 1, 'x')),
      'InvalidRequest',
      400,
      SSE_C.partNeedsKey,
    )
    expectS3Error(
      await refused(() => part(UploadId!, 1, 'x', sseC(keyB))),
      'InvalidRequest',
      400,
      SSE_C.partKeyMismatch,
    )
    const plain = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'dst', Key: 'big' }))
    expectS3Error(
      await refused(() => part(plain.UploadId!, 1, 'x', sseC(keyA))),
      'InvalidRequest',
      400,
      SSE_C.partNeedsKey,
    )
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'dst', Key: 'big', UploadId }))
  })

  it('the user guide: copy a large SSE-C object to a new key with UploadPartCopy in 5 MiB parts', async () => {
    const source = data(12 * MiB + 123, 9)
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'a', Body: source, ...sseC(keyA) }))
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'a', ...sseC(keyA) }))
    const size = head.ContentLength!
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'dst', Key: 'copy', ...sseC(keyB) }),
    )
    const parts = []
    const partSize = 5 * MiB
    for (let start = 0, n = 1; start < size; start += partSize, n++) {
      const end = Math.min(start + partSize, size) - 1
      const out = await s3.send(
        new UploadPartCopyCommand({
          Bucket: 'dst',
          Key: 'copy',
          UploadId,
          PartNumber: n,
          CopySource: 'src/a',
          CopySourceRange: `bytes=${start}-${end}`,
          ...copySourceSseC(keyA),
          ...sseC(keyB),
        }),
      )
      expect(out.SSECustomerKeyMD5).toBe(keyB.md5)
      parts.push({ PartNumber: n, ETag: out.CopyPartResult!.ETag! })
    }
    expect(parts).toHaveLength(3)
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'dst',
        Key: 'copy',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: 'dst', Key: 'copy', ...sseC(keyB) }))
    expect((await bodyBytes(got.Body)).equals(source)).toBe(true)
    expect(aws.s3.object('dst', 'copy').describe()?.encryption).toMatchObject({ keyMd5: keyB.md5 })
  })

  it('UploadPartCopy: the source needs its own key, the part the upload key', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'a', Body: 'part', ...sseC(keyA) }))
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'dst', Key: 'copy', ...sseC(keyB) }),
    )
    const copyPart = (extra: object) =>
      s3.send(
        new UploadPartCopyCommand({
          Bucket: 'dst',
          Key: 'copy',
          UploadId,
          PartNumber: 1,
          CopySource: 'src/a',
          ...extra,
        }),
      )
    expectS3Error(
      await refused(() => copyPart(sseC(keyB))),
      'InvalidRequest',
      400,
      SSE_C.keyRequired,
    )
    expectS3Error(
      await refused(() => copyPart({ ...sseC(keyB), ...copySourceSseC(keyB) })),
      'AccessDenied',
      403,
      'Access Denied',
    )
    expectS3Error(
      await refused(() => copyPart(copySourceSseC(keyA))),
      'InvalidRequest',
      400,
      SSE_C.partNeedsKey,
    )
    const ok = await copyPart({ ...sseC(keyB), ...copySourceSseC(keyA) })
    expect(ok.SSECustomerAlgorithm).toBe('AES256')
  })
})
