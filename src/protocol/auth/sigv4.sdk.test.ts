import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import * as s3 from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { ManualClock } from '../../core/clock.js'
import { SignatureDoesNotMatch } from '../../s3/errors.js'
import { verifySigV4 } from './sigv4.js'

// Requests signed by the real SDK, captured before they leave, then verified and tampered with.
describe('what @aws-sdk/client-s3 signs', () => {
  const credentials = { accessKeyId: 'AKIDSDK', secretAccessKey: 'sdk-secret' }
  const captured: Request[] = []
  const handler = {
    handle: (request: {
      method: string
      protocol: string
      hostname: string
      port?: number
      path: string
      query: Record<string, string | string[] | null>
      headers: Record<string, string>
      body?: unknown
    }) => {
      const search = Object.entries(request.query)
        .flatMap(([k, v]) =>
          v === null
            ? [encodeURIComponent(k)]
            : (Array.isArray(v) ? v : [v]).map(
                (x) =>
                  `${encodeURIComponent(k)}=${encodeURIComponent(x).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
              ),
        )
        .join('&')
      const port = request.port === undefined ? '' : `:${request.port}`
      captured.push(
        new Request(
          `${request.protocol}//${request.hostname}${port}${request.path}${search ? `?${search}` : ''}`,
          {
            method: request.method,
            headers: request.headers,
          },
        ),
      )
      return Promise.reject(new Error('captured'))
    },
  }
  const client = (options: Partial<s3.S3ClientConfig> = {}) =>
    new s3.S3Client({
      region: 'eu-west-1',
      credentials,
      maxAttempts: 1,
      requestHandler: handler,
      ...options,
    })
  const clock = {
    now: () =>
      new Date(
        Date.parse(
          captured[0]?.headers
            .get('x-amz-date')
            ?.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z') ?? '',
        ),
      ),
  }

  const Bucket = 'bucket1'
  const Key = "dir/a b+c~!'()*ü.txt"
  it.each([
    [
      'PutObject',
      (c: s3.S3Client) =>
        c.send(
          new s3.PutObjectCommand({
            Bucket,
            Key,
            Body: 'hello world',
            Metadata: { note: ' spaced  value ' },
          }),
        ),
    ],
    [
      'GetObject',
      (c: s3.S3Client) =>
        c.send(new s3.GetObjectCommand({ Bucket, Key, Range: 'bytes=0-1', VersionId: 'v+1/2' })),
    ],
    [
      'CreateMultipartUpload',
      (c: s3.S3Client) =>
        c.send(
          new s3.CreateMultipartUploadCommand({
            Bucket,
            Key,
            SSECustomerAlgorithm: 'AES256',
            SSECustomerKey: '0123456789abcdef0123456789abcdef',
          }),
        ),
    ],
    [
      'ListObjectsV2',
      (c: s3.S3Client) =>
        c.send(new s3.ListObjectsV2Command({ Bucket, Prefix: 'a b/', StartAfter: 'x=y&z' })),
    ],
    [
      'DeleteObjects',
      (c: s3.S3Client) =>
        c.send(new s3.DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key }] } })),
    ],
  ] as const)('%s verifies, and fails once tampered', async (_name, command) => {
    captured.length = 0
    await expect(command(client())).rejects.toThrow('captured')
    const request = captured[0]
    if (request === undefined) throw new Error('nothing captured')
    await expect(
      verifySigV4(request, { clock, credentials: [credentials] }),
    ).resolves.toMatchObject({ auth: { kind: 'header' } })
    const moved = new Request(
      `${request.url}${request.url.includes('?') ? '&' : '?'}tamper=1`,
      request,
    )
    await expect(verifySigV4(moved, { clock, credentials: [credentials] })).rejects.toThrow(
      SignatureDoesNotMatch,
    )
    await expect(
      verifySigV4(request, { clock, credentials: [{ ...credentials, secretAccessKey: 'other' }] }),
    ).rejects.toThrow(SignatureDoesNotMatch)
  })

  it('presigned URLs from getSignedUrl verify; SSE-C ones need their headers', async () => {
    const sdk = new s3.S3Client({ region: 'eu-west-1', credentials })
    const key = Buffer.alloc(32, 7)
    const url = await getSignedUrl(
      sdk,
      new s3.GetObjectCommand({
        Bucket,
        Key,
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: key.toString('base64'),
      }),
      { expiresIn: 300 },
    )
    const query = new URL(url).searchParams
    expect(query.get('X-Amz-SignedHeaders')).toContain('x-amz-server-side-encryption-customer-key')
    const signedAt = query.get('X-Amz-Date') ?? ''
    const at = Date.parse(
      signedAt.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
    )
    const now = new ManualClock(at + 1000)
    const sse = {
      'x-amz-server-side-encryption-customer-algorithm': 'AES256',
      'x-amz-server-side-encryption-customer-key': key.toString('base64'),
      'x-amz-server-side-encryption-customer-key-md5': createHash('md5')
        .update(key)
        .digest('base64'),
    }
    await expect(verifySigV4(new Request(url), { clock: now })).rejects.toThrow(
      SignatureDoesNotMatch,
    )
    await expect(
      verifySigV4(new Request(url, { headers: sse }), { clock: now, credentials: [credentials] }),
    ).resolves.toMatchObject({
      auth: { kind: 'presigned', expires: 300 },
    })
    await expect(
      verifySigV4(
        new Request(url, {
          headers: { ...sse, 'x-amz-server-side-encryption-customer-key-md5': 'AAAA' },
        }),
        {
          clock: now,
          credentials: [credentials],
        },
      ),
    ).rejects.toThrow(SignatureDoesNotMatch)
    now.advance(300_000)
    await expect(
      verifySigV4(new Request(url, { headers: sse }), { clock: now }),
    ).rejects.toMatchObject({
      code: 'AccessDenied',
      fields: { 'X-Amz-Expires': '300' },
    })
  })

  it('presigned PutObject with its checksum query verifies', async () => {
    const sdk = new s3.S3Client({ region: 'eu-west-1', credentials })
    const url = await getSignedUrl(sdk, new s3.PutObjectCommand({ Bucket, Key }), { expiresIn: 60 })
    const signedAt = new URL(url).searchParams.get('X-Amz-Date') ?? ''
    const at = Date.parse(
      signedAt.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
    )
    await expect(
      verifySigV4(new Request(url, { method: 'PUT', body: 'x' }), {
        clock: new ManualClock(at),
        credentials: [credentials],
      }),
    ).resolves.toMatchObject({ auth: { kind: 'presigned' } })
  })
})
