import { CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/index.js'
import { setupMockAws } from '../../../src/node.js'
import { errorOf, testCredentials } from '../../support/kms.js'
import { bodyBytes } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const clock = new ManualClock('2026-06-01T12:00:00Z')
const aws = setupMockAws({ clock, credentials: testCredentials })
beforeAll(() => {
  aws.listen({ onUnhandledRequest: 'error' })
})
afterAll(() => {
  aws.close()
})

// The SDK signs with the real time; the world's clock follows it so signatures stay fresh.
const s3 = new S3Client({
  region: 'us-east-1',
  credentials: testCredentials,
  maxAttempts: 1,
  systemClockOffset: 0,
})

beforeEach(async () => {
  aws.reset()
  clock.set(Date.now())
  await s3.send(new CreateBucketCommand({ Bucket: 'shared' }))
})

describe('presigned URLs used with plain fetch', () => {
  it('GET returns the object; the same URL is refused once expired', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'report.csv', Body: 'a,b\n1,2\n' }))
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'shared', Key: 'report.csv' }),
      { expiresIn: 60 },
    )
    const ok = await fetch(url)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('a,b\n1,2\n')

    clock.advance(61_000)
    const expired = await fetch(url)
    expect(expired.status).toBe(403)
    const body = await expired.text()
    expect(body).toContain('<Code>AccessDenied</Code>')
    expect(body).toContain('<Message>Request has expired</Message>')
    expect(body).toContain('<X-Amz-Expires>60</X-Amz-Expires>')
  })

  it('PUT from a default client stores the body: query checksums are signed, not verified (as S3)', async () => {
    // The default presigner puts the empty body's CRC32 in PUT URLs (sdk-wire-facts §1c); S3
    // ignores checksums in a presigned query, and the SDK's own e2e test of this flow passes
    // against S3. The signature (verified in full here: `credentials` is set) still covers them.
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'shared', Key: 'up.txt' }), {
      expiresIn: 60,
    })
    expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==')
    const put = await fetch(url, { method: 'PUT', body: 'uploaded via URL' })
    expect(put.status).toBe(200)
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'shared', Key: 'up.txt', ChecksumMode: 'ENABLED' }),
    )
    expect((await bodyBytes(got.Body)).toString()).toBe('uploaded via URL')
    // The stored object carries no checksum the URL named: the default CRC64NVME of its body.
    expect(got.ChecksumCRC32).toBeUndefined()
  })

  it('a query checksum is still signed: changing it breaks the signature, storing nothing', async () => {
    const url = new URL(
      await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'shared', Key: 'bad.txt' }), {
        expiresIn: 60,
      }),
    )
    url.searchParams.set('x-amz-checksum-crc32', 'DUoRhQ==')
    const put = await expectUnchanged(aws, () => fetch(url, { method: 'PUT', body: 'hello world' }))
    expect(put.status).toBe(403)
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
  })

  it('a checksum header on a presigned PUT is verified: a wrong one is BadDigest', async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'shared', Key: 'h.txt' }), {
      expiresIn: 60,
    })
    const put = await expectUnchanged(aws, () =>
      fetch(url, {
        method: 'PUT',
        body: 'not empty',
        headers: { 'x-amz-checksum-sha256': Buffer.alloc(32).toString('base64') },
      }),
    )
    expect(put.status).toBe(400)
    expect(await put.text()).toContain('<Code>BadDigest</Code>')
    const missing = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'shared', Key: 'h.txt' })))
    expect(missing.name).toBe('NoSuchKey')
  })

  it('refuses a URL whose signed SSE headers are not sent with it', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'shared',
        Key: 'kms.txt',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
      }),
    )
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: 'shared', Key: 'kms.txt', ServerSideEncryption: 'aws:kms' }),
      { expiresIn: 60 },
    )
    const put = await fetch(url, { method: 'PUT', body: '' })
    expect(put.status).toBe(403)
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
  })
})

describe('signature verification with credentials configured (SPEC §5.5)', () => {
  it('refuses S3 requests signed with the wrong secret', async () => {
    const forger = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: testCredentials.accessKeyId, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    })
    const err = await errorOf(
      forger.send(new PutObjectCommand({ Bucket: 'shared', Key: 'k', Body: 'x' })),
    )
    expect(err.name).toBe('SignatureDoesNotMatch')
    expect(err.$metadata.httpStatusCode).toBe(403)
  })

  it('refuses unknown access keys', async () => {
    const stranger = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' },
      maxAttempts: 1,
    })
    const err = await errorOf(stranger.send(new GetObjectCommand({ Bucket: 'shared', Key: 'k' })))
    expect(err.name).toBe('InvalidAccessKeyId')
  })

  it('refuses KMS requests with KMS error codes', async () => {
    const forger = new KMSClient({
      region: 'us-east-1',
      credentials: { accessKeyId: testCredentials.accessKeyId, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    })
    expect((await errorOf(forger.send(new CreateKeyCommand({})))).name).toBe(
      'InvalidSignatureException',
    )
    const stranger = new KMSClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'y' },
      maxAttempts: 1,
    })
    expect((await errorOf(stranger.send(new ListKeysCommand({})))).name).toBe(
      'UnrecognizedClientException',
    )
    const honest = new KMSClient({
      region: 'us-east-1',
      credentials: testCredentials,
      maxAttempts: 1,
    })
    expect((await honest.send(new CreateKeyCommand({}))).KeyMetadata?.KeyState).toBe('Enabled')
  })

  it('refuses anonymous requests to a private bucket', async () => {
    const response = await fetch('https://shared.s3.us-east-1.amazonaws.com/anything')
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('<Code>AccessDenied</Code>')
  })
})
