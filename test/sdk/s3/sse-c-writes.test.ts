import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import {
  customerKey,
  expectS3Error,
  SSE_C,
  sseC,
  tamperingClient,
  unblockSseC,
} from '../../support/sse-c.js'
import { expectUnchanged } from '../../support/unchanged.js'

/** The default world: new buckets block SSE-C writes, as AWS does since April 2026. */
const aws = useMockAws({ endpoints: ['http://localhost:4566'] })
const s3 = s3Client()
const key = customerKey(3)
const ARG = { ArgumentName: 'x-amz-server-side-encryption' }

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'vault' }))
})

type PutInput = ConstructorParameters<typeof PutObjectCommand>[0]
const put = (extra: Partial<PutInput> = {}, client = s3) =>
  client.send(
    new PutObjectCommand({ Bucket: 'vault', Key: 'doc.txt', Body: 'body', ...sseC(key), ...extra }),
  )
const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

describe('SSE-C writes are blocked on new buckets (2026 default)', () => {
  it('reports the block in GetBucketEncryption', async () => {
    const got = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'vault' }))
    expect(got.ServerSideEncryptionConfiguration?.Rules?.[0]?.BlockedEncryptionTypes).toEqual({
      EncryptionType: ['SSE-C'],
    })
  })

  it('answers 403 AccessDenied on PUT, Copy (destination) and CreateMultipartUpload, before any key check', async () => {
    expectS3Error(await refused(() => put()), 'AccessDenied', 403, 'Access Denied')
    // A malformed key does not matter: the block comes first (ministackorg/ministack#1439).
    expectS3Error(
      await refused(() => put({ SSECustomerKey: 'short' })),
      'AccessDenied',
      403,
      'Access Denied',
    )
    await s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'plain', Body: 'x' }))
    const copy = await refused(() =>
      s3.send(
        new CopyObjectCommand({
          Bucket: 'vault',
          Key: 'copy',
          CopySource: 'vault/plain',
          ...sseC(key),
        }),
      ),
    )
    expectS3Error(copy, 'AccessDenied', 403, 'Access Denied')
    const create = await refused(() =>
      s3.send(new CreateMultipartUploadCommand({ Bucket: 'vault', Key: 'mpu', ...sseC(key) })),
    )
    expectS3Error(create, 'AccessDenied', 403, 'Access Denied')
  })

  it('unblocks with BlockedEncryptionTypes NONE; blocking again keeps existing objects readable', async () => {
    await unblockSseC(s3, 'vault')
    expect((await put()).SSECustomerKeyMD5).toBe(key.md5)
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'vault',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
            },
          ],
        },
      }),
    )
    expect((await refused(() => put({ Key: 'new' }))).$metadata.httpStatusCode).toBe(403)
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'vault', Key: 'doc.txt', ...sseC(key) }),
    )
    expect((await bodyBytes(got.Body)).toString()).toBe('body')
    // Reading an SSE-C source to write a plain copy is not an SSE-C write.
    const copied = await s3.send(
      new CopyObjectCommand({
        Bucket: 'vault',
        Key: 'plain-copy',
        CopySource: 'vault/doc.txt',
        CopySourceSSECustomerAlgorithm: 'AES256',
        CopySourceSSECustomerKey: key.b64,
      }),
    )
    expect(copied.ServerSideEncryption).toBe('AES256')
  })
})

describe('SSE-C write errors (reference §1.1), each leaving the world unchanged', () => {
  beforeEach(async () => {
    await unblockSseC(s3, 'vault')
  })

  it('key without algorithm: InvalidArgument', async () => {
    const err = await refused(() => put({ SSECustomerAlgorithm: undefined }))
    expectS3Error(err, 'InvalidArgument', 400, SSE_C.noAlgorithm, {
      ...ARG,
      ArgumentValue: undefined,
    })
  })

  it('algorithm without key: InvalidArgument', async () => {
    const err = await refused(() => put({ SSECustomerKey: undefined }))
    expectS3Error(err, 'InvalidArgument', 400, SSE_C.noKey, ARG)
  })

  it('an algorithm other than AES256: InvalidEncryptionAlgorithmError', async () => {
    const err = await refused(() => put({ SSECustomerAlgorithm: 'aws:kms' }))
    expectS3Error(err, 'InvalidEncryptionAlgorithmError', 400, SSE_C.badAlgorithm, {
      ...ARG,
      ArgumentValue: 'aws:kms',
    })
  })

  it('a key that is not 256 bits: InvalidArgument (the SDK sends it, with its MD5)', async () => {
    for (const bad of ['short', Buffer.alloc(31, 1).toString('base64')]) {
      const err = await refused(() => put({ SSECustomerKey: bad }))
      expectS3Error(err, 'InvalidArgument', 400, SSE_C.badKey, ARG)
    }
  })

  it('a key MD5 that does not match: InvalidArgument naming x-amz-server-side-encryption', async () => {
    const client = tamperingClient({
      'x-amz-server-side-encryption-customer-key-md5': customerKey(4).md5,
    })
    const err = await refused(() => put({}, client))
    expectS3Error(err, 'InvalidArgument', 400, SSE_C.badMd5, ARG)
  })

  it('no key MD5: InvalidArgument', async () => {
    const client = tamperingClient({ 'x-amz-server-side-encryption-customer-key-md5': undefined })
    const err = await refused(() => put({}, client))
    expectS3Error(err, 'InvalidArgument', 400, SSE_C.noMd5, {
      ArgumentName: undefined,
      ArgumentValue: undefined,
    })
  })

  it('SSE-C together with x-amz-server-side-encryption: on PUT and on the copy target', async () => {
    for (const sse of ['AES256', 'aws:kms'] as const) {
      const err = await refused(() => put({ ServerSideEncryption: sse }))
      expectS3Error(err, 'InvalidArgument', 400, SSE_C.incompatible, {
        ...ARG,
        ArgumentValue: sse,
      })
    }
    await s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'plain', Body: 'x' }))
    const err = await refused(() =>
      s3.send(
        new CopyObjectCommand({
          Bucket: 'vault',
          Key: 'copy',
          CopySource: 'vault/plain',
          ServerSideEncryption: 'AES256',
          ...sseC(key),
        }),
      ),
    )
    expectS3Error(err, 'InvalidArgument', 400, SSE_C.incompatible, {
      ...ARG,
      ArgumentValue: 'AES256',
    })
  })

  it('plain http: InvalidRequest, on writes and reads', async () => {
    await put()
    const local = s3Client('us-east-1', {
      endpoint: 'http://localhost:4566',
      forcePathStyle: true,
    })
    const err = await refused(() => put({ Key: 'http.txt' }, local))
    expectS3Error(err, 'InvalidRequest', 400, SSE_C.insecure)
    const read = await refused(() =>
      local.send(new GetObjectCommand({ Bucket: 'vault', Key: 'doc.txt', ...sseC(key) })),
    )
    expectS3Error(read, 'InvalidRequest', 400, SSE_C.insecure)
    // Without SSE-C, plain http is fine.
    await local.send(new PutObjectCommand({ Bucket: 'vault', Key: 'ok.txt', Body: 'x' }))
  })

  it('a bucket default of SSE-KMS does not apply to an SSE-C request', async () => {
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'vault',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' },
              BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
            },
          ],
        },
      }),
    )
    const out = await put()
    expect([out.ServerSideEncryption, out.SSECustomerKeyMD5]).toEqual([undefined, key.md5])
    expect(aws.audit.events({ eventSource: 'kms.amazonaws.com' })).toEqual([])
  })
})
