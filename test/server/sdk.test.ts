import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  NotFoundException,
} from '@aws-sdk/client-kms'
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { errorOf } from '../support/kms.js'
import { bodyBytes } from '../support/s3.js'
import { kmsFor, pattern, s3For, useServer } from './support.js'

const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64')
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe.each([
  { scheme: 'http', https: false },
  { scheme: 'https', https: true },
])('server mode over $scheme, through the real SDK clients', ({ scheme, https }) => {
  const server = useServer({ https })
  afterEach(() => {
    server().world.reset()
  })

  it('reaches the world with the scheme the client used (SSE-C and aws:SecureTransport depend on it)', () => {
    const { url, world, endpoints } = server()
    expect(url).toMatch(new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+$`))
    expect(endpoints).toEqual(expect.arrayContaining([url, url.replace('127.0.0.1', 'localhost')]))
    const other = scheme === 'http' ? 'https' : 'http'
    expect(world.owns(url)).toBe(true)
    expect(world.owns(`${url.replace('127.0.0.1', 'bucket1.localhost')}/key`)).toBe(true)
    expect(world.owns(url.replace(scheme, other))).toBe(false)
  })

  it('serves KMS on the same port: aliases, Encrypt/Decrypt with context, GenerateDataKey, modeled errors', async () => {
    const kms = kmsFor(server())
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'server key' }))
    await kms.send(
      new CreateAliasCommand({ AliasName: 'alias/server', TargetKeyId: KeyMetadata!.KeyId! }),
    )
    const context = { tenant: 'acme' }
    const encrypted = await kms.send(
      new EncryptCommand({
        KeyId: 'alias/server',
        Plaintext: Buffer.from('over the wire'),
        EncryptionContext: context,
      }),
    )
    const decrypted = await kms.send(
      new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob!, EncryptionContext: context }),
    )
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('over the wire')
    expect(decrypted.KeyId).toBe(KeyMetadata!.Arn)
    const dataKey = await kms.send(
      new GenerateDataKeyCommand({ KeyId: 'alias/server', KeySpec: 'AES_256' }),
    )
    expect(dataKey.Plaintext).toHaveLength(32)
    const missing = await errorOf(
      kms.send(new EncryptCommand({ KeyId: 'alias/none', Plaintext: Buffer.from('x') })),
    )
    expect(missing).toBeInstanceOf(NotFoundException)
    expect(missing.$metadata.httpStatusCode).toBe(400)
  })

  describe.each(['path', 'virtual'] as const)('%s-style S3', (addressing) => {
    let keyArn: string

    // Per test: the afterEach reset empties the world.
    async function setup(): Promise<{ s3: ReturnType<typeof s3For> }> {
      const s3 = s3For(server(), { addressing })
      const { KeyMetadata } = await kmsFor(server()).send(new CreateKeyCommand({}))
      keyArn = KeyMetadata!.Arn!
      await s3.send(new CreateBucketCommand({ Bucket: 'server-bucket' }))
      return { s3 }
    }

    it('SSE-KMS with an encryption context: headers back, plaintext back, ciphertext at rest', async () => {
      const { s3 } = await setup()
      const context = b64json({ department: 'finance' })
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: 'server-bucket',
          Key: 'dir/report one.txt',
          Body: 'quarterly numbers',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: keyArn,
          SSEKMSEncryptionContext: context,
        }),
      )
      expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: 'server-bucket', Key: 'dir/report one.txt' }),
      )
      expect(head).toMatchObject({
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyArn,
        ContentLength: 17,
      })
      const got = await s3.send(
        new GetObjectCommand({ Bucket: 'server-bucket', Key: 'dir/report one.txt' }),
      )
      expect((await bodyBytes(got.Body)).toString()).toBe('quarterly numbers')
      expect(
        server().world.s3.object('server-bucket', 'dir/report one.txt').describe()?.encryption,
      ).toMatchObject({
        keyArn,
        encryptionContext: {
          department: 'finance',
          'aws:s3:arn': 'arn:aws:s3:::server-bucket/dir/report one.txt',
        },
      })
      const raw = Buffer.from(server().world.s3.rawObject('server-bucket', 'dir/report one.txt'))
      expect(raw.includes(Buffer.from('quarterly numbers'))).toBe(false)
    })

    it('bucket default SSE-S3, copy to SSE-KMS, and S3 errors as modeled exceptions', async () => {
      const { s3 } = await setup()
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: 'server-bucket',
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
          },
        }),
      )
      const put = await s3.send(
        new PutObjectCommand({ Bucket: 'server-bucket', Key: 'plain', Body: 'default encrypted' }),
      )
      expect(put.ServerSideEncryption).toBe('AES256')
      const copy = await s3.send(
        new CopyObjectCommand({
          Bucket: 'server-bucket',
          Key: 'copied',
          CopySource: 'server-bucket/plain',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: keyArn,
        }),
      )
      expect(copy).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
      const got = await s3.send(new GetObjectCommand({ Bucket: 'server-bucket', Key: 'copied' }))
      expect((await bodyBytes(got.Body)).toString()).toBe('default encrypted')
      const missing = await errorOf(
        s3.send(new GetObjectCommand({ Bucket: 'server-bucket', Key: 'nope' })),
      )
      expect(missing).toBeInstanceOf(NoSuchKey)
      expect(missing.$metadata.httpStatusCode).toBe(404)
      const head = await errorOf(
        s3.send(new HeadObjectCommand({ Bucket: 'server-bucket', Key: 'nope' })),
      )
      expect([head.name, head.$metadata.httpStatusCode]).toEqual(['NotFound', 404])
    })

    it('streams a 24 MiB body up as aws-chunked (chunked transfer) and back down, unchanged', async () => {
      const { s3 } = await setup()
      const data = pattern(24 * 1024 * 1024, 7)
      const chunks = (function* () {
        for (let at = 0; at < data.length; at += 1024 * 1024)
          yield data.subarray(at, at + 1024 * 1024)
      })()
      await s3.send(
        new PutObjectCommand({
          Bucket: 'server-bucket',
          Key: 'big',
          Body: Readable.from(chunks),
          ContentLength: data.length,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: keyArn,
        }),
      )
      const got = await s3.send(new GetObjectCommand({ Bucket: 'server-bucket', Key: 'big' }))
      expect(got.ContentLength).toBe(data.length)
      const hash = createHash('sha256')
      for await (const chunk of got.Body as Readable) hash.update(chunk as Buffer)
      expect(hash.digest('hex')).toBe(sha256(data))
    })

    it('multipart upload with lib-storage (3 parts, SSE-KMS), read back whole and by range', async () => {
      const { s3 } = await setup()
      const data = pattern(12 * 1024 * 1024 + 123, 3)
      await new Upload({
        client: s3,
        partSize: 5 * 1024 * 1024,
        params: {
          Bucket: 'server-bucket',
          Key: 'parts',
          Body: Readable.from([data]),
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: keyArn,
        },
      }).done()
      const got = await s3.send(new GetObjectCommand({ Bucket: 'server-bucket', Key: 'parts' }))
      expect(sha256(await bodyBytes(got.Body))).toBe(sha256(data))
      const range = await s3.send(
        new GetObjectCommand({
          Bucket: 'server-bucket',
          Key: 'parts',
          Range: 'bytes=5242000-5243000',
        }),
      )
      expect(await bodyBytes(range.Body)).toEqual(data.subarray(5242000, 5243001))
    })
  })

  it(`a bucket policy denying aws:SecureTransport false ${https ? 'lets https through' : 'refuses plain http'}`, async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'tls-only' }))
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'tls-only',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::tls-only/*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        }),
      }),
    )
    const put = s3.send(new PutObjectCommand({ Bucket: 'tls-only', Key: 'k', Body: 'x' }))
    if (https) {
      expect((await put).ETag).toBeDefined()
    } else {
      const denied = await errorOf(put)
      expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
    }
  })

  it(`SSE-C over ${scheme}: ${https ? 'put, head and get with the same key; a wrong key is refused' : 'refused as AWS refuses it without TLS'}`, async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'ssec-bucket' }))
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'ssec-bucket',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
            },
          ],
        },
      }),
    )
    const key = pattern(32, 9)
    const ssec = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64') }
    const send = s3.send(
      new PutObjectCommand({ Bucket: 'ssec-bucket', Key: 'c', Body: 'customer keyed', ...ssec }),
    )
    if (!https) {
      // AWS refuses SSE-C over plain http (reference/aws-sse-error-contract.md).
      const refused = await errorOf(send)
      expect([refused.name, refused.$metadata.httpStatusCode]).toEqual(['InvalidRequest', 400])
      expect(refused.message).toBe(
        'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.',
      )
      return
    }
    expect(await send).toMatchObject({ SSECustomerAlgorithm: 'AES256' })
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'ssec-bucket', Key: 'c', ...ssec }))
    expect(head.ContentLength).toBe(14)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'ssec-bucket', Key: 'c', ...ssec }))
    expect((await bodyBytes(got.Body)).toString()).toBe('customer keyed')
    const wrong = await errorOf(
      s3.send(
        new GetObjectCommand({
          Bucket: 'ssec-bucket',
          Key: 'c',
          SSECustomerAlgorithm: 'AES256',
          SSECustomerKey: pattern(32, 10).toString('base64'),
        }),
      ),
    )
    expect(wrong.$metadata.httpStatusCode).toBe(403)
  })
})
