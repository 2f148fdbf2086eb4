import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { CreateKeyCommand } from '@aws-sdk/client-kms'
import { Readable } from 'node:stream'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'

const aws = useMockAws()
const s3 = s3Client()

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'data' }))
})

describe('objects through the real S3 client with default settings', () => {
  it('puts and gets a body, SSE-S3 by default, with the CRC32 the SDK validates', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'data', Key: 'a/b c+d.txt', Body: 'hello world' }),
    )
    expect(put.ServerSideEncryption).toBe('AES256')
    expect(put.ETag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"')
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'a/b c+d.txt' }))
    expect((await bodyBytes(got.Body)).toString()).toBe('hello world')
    expect(got.ChecksumCRC32).toBe('DUoRhQ==')
    expect(got.ServerSideEncryption).toBe('AES256')
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'data' }))
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['a/b c+d.txt'])
  })

  it('stores SSE-KMS objects under a fresh data key from KMS, with aws:s3:arn in the context', async () => {
    const { KeyMetadata } = await kmsClient().send(new CreateKeyCommand({}))
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'secret.txt',
        Body: 'classified',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KeyMetadata!.KeyId,
      }),
    )
    expect(put.SSEKMSKeyId).toBe(KeyMetadata!.Arn)
    const generate = aws.audit.events({
      eventSource: 'kms.amazonaws.com',
      eventName: 'GenerateDataKey',
    })
    expect(generate).toHaveLength(1)
    expect(generate[0]!.userIdentity.invokedBy).toBe('s3.amazonaws.com')
    expect(generate[0]!.requestParameters?.encryptionContext).toEqual({
      'aws:s3:arn': 'arn:aws:s3:::data/secret.txt',
    })
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'secret.txt' }))
    expect((await bodyBytes(got.Body)).toString()).toBe('classified')
    expect(
      aws.audit.events({ eventName: 'Decrypt', userIdentity: { invokedBy: 's3.amazonaws.com' } }),
    ).toHaveLength(1)
  })

  it('uses the AWS managed key alias/aws/s3 when SSE-KMS names no key', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'k',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
      }),
    )
    const managed = aws.kms.describeKey('alias/aws/s3')
    expect(managed.KeyManager).toBe('AWS')
    expect(put.SSEKMSKeyId).toBe(managed.Arn)
  })

  it('accepts aws-chunked bodies with trailing checksums (stream uploads)', async () => {
    const body = Buffer.alloc(100_000, 7)
    await s3.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'stream',
        Body: Readable.from([body.subarray(0, 65_536), body.subarray(65_536)]),
        ContentLength: body.length,
      }),
    )
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'stream', Range: 'bytes=65530-65545' }),
    )
    expect(await bodyBytes(got.Body)).toEqual(body.subarray(65_530, 65_546))
    expect(got.ContentRange).toBe('bytes 65530-65545/100000')
  })

  it('heads, deletes, and answers NoSuchKey afterwards', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'data', Key: 'gone', Body: 'x', Metadata: { owner: 'me' } }),
    )
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'gone' }))
    expect(head.ContentLength).toBe(1)
    expect(head.Metadata).toEqual({ owner: 'me' })
    await s3.send(new DeleteObjectCommand({ Bucket: 'data', Key: 'gone' }))
    const err = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'gone' })))
    expect(err.name).toBe('NoSuchKey')
    expect(err.message).toBe('The specified key does not exist.')
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('refuses a body that does not match its x-amz-content-sha256, storing nothing', async () => {
    const response = await fetch('https://data.s3.us-east-1.amazonaws.com/tampered', {
      method: 'PUT',
      body: 'tampered',
      headers: {
        'x-amz-content-sha256': 'a'.repeat(64),
        'x-amz-date': '20260601T120000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKID/20260601/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256, Signature=00',
      },
    })
    expect(response.status).toBe(400)
    const text = await response.text()
    expect(text).toContain('<Code>XAmzContentSHA256Mismatch</Code>')
    expect(text).toContain(
      `<ClientComputedContentSHA256>${'a'.repeat(64)}</ClientComputedContentSHA256>`,
    )
    const err = await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'tampered' })))
    expect(err.$metadata.httpStatusCode).toBe(404)
  })
})

describe('Expires is stored and returned exactly as sent (S3 does; the SDK e2e spec relies on it)', () => {
  /** PutObject with a raw `Expires` header, as a client that does not parse it sends it. */
  async function putWithExpires(Key: string, expires: string) {
    const command = new PutObjectCommand({ Bucket: 'data', Key, Body: 'x' })
    command.middlewareStack.add(
      (next) => async (args) => {
        ;(args.request as { headers: Record<string, string> }).headers.expires = expires
        return next(args)
      },
      { step: 'build' },
    )
    return s3.send(command)
  }

  it('an Expires that is no HTTP date: GET and HEAD return it, the SDK puts it in ExpiresString', async () => {
    await putWithExpires('odd', 'not a date, kept as is')
    const warn = console.warn
    console.warn = () => undefined // the SDK warns that the header does not parse as a date
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'odd' }))
      expect(got.ExpiresString).toBe('not a date, kept as is')
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- the member users still read
      expect(got.Expires).toBeUndefined()
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'odd' }))
      expect(head.ExpiresString).toBe('not a date, kept as is')
    } finally {
      console.warn = warn
    }
  })

  it('a valid date round-trips unchanged, in the form it was sent', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'dated',
        Body: 'x',
        Expires: new Date('2030-01-02T03:04:05Z'),
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'dated' }))
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the member users still read
    expect(got.Expires).toEqual(new Date('2030-01-02T03:04:05Z'))
    expect(got.ExpiresString).toBe('Wed, 02 Jan 2030 03:04:05 GMT')
    // A date with a zone offset: valid for Date.parse, returned as sent, not rewritten to GMT.
    await putWithExpires('offset', 'Wed, 02 Jan 2030 03:04:05 +0000')
    const warn = console.warn
    console.warn = () => undefined
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'offset' }))
      expect(head.ExpiresString).toBe('Wed, 02 Jan 2030 03:04:05 +0000')
    } finally {
      console.warn = warn
    }
  })
})
