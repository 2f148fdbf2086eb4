import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { beforeEach, describe, expect, it } from 'vitest'
import { useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { customerKey, SSE_C, sseC, sseCHeaders } from '../../support/sse-c.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws({ blockSseCOnNewBuckets: false })
const s3 = s3Client()
const key = customerKey(7)
const other = customerKey(8)

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'vault' }))
})

/** An S3 error response's status, code and message. */
async function s3Error(response: Response) {
  const text = await response.text()
  return {
    status: response.status,
    code: /<Code>(.*?)<\/Code>/.exec(text)?.[1],
    message: /<Message>(.*?)<\/Message>/s.exec(text)?.[1],
  }
}
const refused = (send: () => Promise<Response>) =>
  expectUnchanged(aws, async () => s3Error(await send()))

describe('presigned URLs with SSE-C (reference §1.3)', () => {
  beforeEach(async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'vault', Key: 'doc.txt', Body: 'presigned', ...sseC(key) }),
    )
  })

  const presignGet = () =>
    getSignedUrl(s3, new GetObjectCommand({ Bucket: 'vault', Key: 'doc.txt', ...sseC(key) }), {
      expiresIn: 300,
    })

  it('the presigner signs the SSE-C headers and keeps them out of the URL', async () => {
    const url = new URL(await presignGet())
    const signed = url.searchParams.get('X-Amz-SignedHeaders')?.split(';') ?? []
    expect(signed).toEqual(
      expect.arrayContaining([
        'x-amz-server-side-encryption-customer-algorithm',
        'x-amz-server-side-encryption-customer-key',
        'x-amz-server-side-encryption-customer-key-md5',
      ]),
    )
    expect(url.search).not.toContain(encodeURIComponent(key.b64))
  })

  it('a bare URL: 403 SignatureDoesNotMatch (signed headers missing)', async () => {
    const url = await presignGet()
    const err = await refused(() => fetch(url))
    expect([err.status, err.code]).toEqual([403, 'SignatureDoesNotMatch'])
  })

  it('with another key: 403 AccessDenied; with the right headers: the object', async () => {
    const url = await presignGet()
    const wrong = await refused(() => fetch(url, { headers: sseCHeaders(other) }))
    expect(wrong).toEqual({ status: 403, code: 'AccessDenied', message: SSE_C.wrongKey })
    const ok = await fetch(url, { headers: sseCHeaders(key) })
    expect([ok.status, await ok.text()]).toEqual([200, 'presigned'])
    expect(ok.headers.get('x-amz-server-side-encryption-customer-key-md5')).toBe(key.md5)
  })

  it('a presigned PUT with SSE-C stores the object under the key sent with it', async () => {
    // Without this the presigner hoists the CRC32 of an empty body into the URL (sdk-wire-facts).
    const uploader = s3Client('us-east-1', { requestChecksumCalculation: 'WHEN_REQUIRED' })
    const url = await getSignedUrl(
      uploader,
      new PutObjectCommand({ Bucket: 'vault', Key: 'up.txt', ...sseC(other) }),
      { expiresIn: 300 },
    )
    const put = await fetch(url, { method: 'PUT', body: 'uploaded', headers: sseCHeaders(other) })
    expect(put.status).toBe(200)
    expect(put.headers.get('x-amz-server-side-encryption-customer-algorithm')).toBe('AES256')
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'vault', Key: 'up.txt', ...sseC(other) }),
    )
    expect((await bodyBytes(got.Body)).toString()).toBe('uploaded')
  })
})

describe('POST Object with SSE-C form fields', () => {
  const fieldsOf = (k = key) => ({
    'x-amz-server-side-encryption-customer-algorithm': 'AES256',
    'x-amz-server-side-encryption-customer-key': k.b64,
    'x-amz-server-side-encryption-customer-key-MD5': k.md5,
  })
  async function post(fields: Record<string, string>, keyName = 'form.txt') {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- s3-presigned-post bundles its own copy of client-s3; only the config it reads matters
    const presigned = await createPresignedPost(s3, {
      Bucket: 'vault',
      Key: keyName,
      Fields: fields,
    })
    const form = new FormData()
    for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value)
    form.append('file', new Blob(['form body']), 'upload.txt')
    return fetch(presigned.url, { method: 'POST', body: form })
  }

  it('stores the file under the customer key and answers with the SSE-C headers', async () => {
    const response = await post(fieldsOf())
    expect(response.status).toBe(204)
    expect(response.headers.get('x-amz-server-side-encryption-customer-algorithm')).toBe('AES256')
    expect(response.headers.get('x-amz-server-side-encryption-customer-key-md5')).toBe(key.md5)
    expect(response.headers.get('x-amz-server-side-encryption')).toBeNull()
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'vault', Key: 'form.txt', ...sseC(key) }),
    )
    expect((await bodyBytes(got.Body)).toString()).toBe('form body')
  })

  it('refuses a wrong key MD5, a missing key, and a bucket that blocks SSE-C', async () => {
    const badMd5 = await refused(() =>
      post({ ...fieldsOf(), 'x-amz-server-side-encryption-customer-key-MD5': other.md5 }),
    )
    expect(badMd5).toEqual({ status: 400, code: 'InvalidArgument', message: SSE_C.badMd5 })
    const { 'x-amz-server-side-encryption-customer-key': _key, ...noKey } = fieldsOf()
    expect(await refused(() => post(noKey))).toEqual({
      status: 400,
      code: 'InvalidArgument',
      message: SSE_C.noKey,
    })
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
    expect(await refused(() => post(fieldsOf()))).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Access Denied',
    })
  })
})
