import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { StoredBlob } from '../../../src/s3/blob-store.js'
import { errorOf, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { customerKey, expectS3Error, SSE_C, sseC, sseCHeaders } from '../../support/sse-c.js'
import { expectUnchanged } from '../../support/unchanged.js'

/** Buckets here predate the 2026 block (sse-c-writes.test.ts covers the block). */
const aws = useMockAws({ blockSseCOnNewBuckets: false })
const s3 = s3Client()
const key = customerKey(1)
const other = customerKey(2)
const md5hex = (data: string | Buffer) => createHash('md5').update(data).digest('hex')

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'vault' }))
})

const put = (k: string, body: string | Buffer, extra = {}) =>
  s3.send(new PutObjectCommand({ Bucket: 'vault', Key: k, Body: body, ...sseC(key), ...extra }))
const get = (k: string, extra = {}) =>
  s3.send(new GetObjectCommand({ Bucket: 'vault', Key: k, ...extra }))
const head = (k: string, extra = {}) =>
  s3.send(new HeadObjectCommand({ Bucket: 'vault', Key: k, ...extra }))
const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

describe('SSE-C: the user guide flow (put with a key, get, head, copy to a new key)', () => {
  it('stores the object under the customer key and reads it back with the same key', async () => {
    const out = await put('doc.txt', 'test_data')
    // Reference §1.2: the SSE-C pair, never x-amz-server-side-encryption.
    expect(out.SSECustomerAlgorithm).toBe('AES256')
    expect(out.SSECustomerKeyMD5).toBe(key.md5)
    expect(out.ServerSideEncryption).toBeUndefined()
    expect(out.ETag).not.toBe(`"${md5hex('test_data')}"`)

    const got = await get('doc.txt', sseC(key))
    expect((await bodyBytes(got.Body)).toString()).toBe('test_data')
    expect([got.SSECustomerAlgorithm, got.SSECustomerKeyMD5, got.ETag]).toEqual([
      'AES256',
      key.md5,
      out.ETag,
    ])
    expect(got.ServerSideEncryption).toBeUndefined()

    const meta = await head('doc.txt', sseC(key))
    expect([meta.SSECustomerAlgorithm, meta.SSECustomerKeyMD5, meta.ContentLength]).toEqual([
      'AES256',
      key.md5,
      9,
    ])
    expect(aws.s3.object('vault', 'doc.txt').describe()?.encryption).toEqual({
      type: 'SSE-C',
      algorithm: 'AES256',
      keyMd5: key.md5,
    })
    expect(Buffer.from(aws.s3.rawObject('vault', 'doc.txt')).includes('test_data')).toBe(false)
  })

  it('copies to a new customer key (the guide rotates the key with CopyObject in place)', async () => {
    await put('doc.txt', 'rotate me')
    const copied = await s3.send(
      new CopyObjectCommand({
        Bucket: 'vault',
        Key: 'doc.txt',
        CopySource: 'vault/doc.txt',
        CopySourceSSECustomerAlgorithm: 'AES256',
        CopySourceSSECustomerKey: key.b64,
        ...sseC(other),
      }),
    )
    expect([copied.SSECustomerAlgorithm, copied.SSECustomerKeyMD5]).toEqual(['AES256', other.md5])
    const err = await errorOf(get('doc.txt', sseC(key)))
    expectS3Error(err, 'AccessDenied', 403, SSE_C.wrongKey)
    expect((await bodyBytes((await get('doc.txt', sseC(other))).Body)).toString()).toBe('rotate me')
  })

  it('gives an ETag that is not the MD5 and differs between two PUTs of the same body', async () => {
    const first = await put('a', 'test_data')
    const second = await put('b', 'test_data')
    expect(first.ETag).not.toBe(second.ETag)
    expect([first.ETag, second.ETag]).not.toContain(`"${md5hex('test_data')}"`)
  })

  it('still computes and returns flexible checksums', async () => {
    const out = await put('sum', 'test_data', { ChecksumAlgorithm: 'CRC64NVME' })
    expect(out.ChecksumCRC64NVME).toBeDefined()
    const got = await head('sum', { ...sseC(key), ChecksumMode: 'ENABLED' })
    expect([got.ChecksumCRC64NVME, got.ChecksumType]).toEqual([
      out.ChecksumCRC64NVME,
      'FULL_OBJECT',
    ])
  })

  it('decrypts only the segments a range touches', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 7)
    for (let i = 0; i < body.length; i++) body[i] = (i * 13) & 0xff
    await put('big', body)
    const reads = vi.spyOn(StoredBlob.prototype, 'read')
    try {
      const got = await get('big', { ...sseC(key), Range: 'bytes=2000000-2000009' })
      expect((await bodyBytes(got.Body)).equals(body.subarray(2_000_000, 2_000_010))).toBe(true)
      expect(got.ContentRange).toBe(`bytes 2000000-2000009/${body.length}`)
      expect(reads.mock.calls.map((c) => [c[1], c[2]])).toEqual([[2_000_000, 2_000_009]])
    } finally {
      reads.mockRestore()
    }
  })

  it('keeps a key per version', async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'vault',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    const v1 = await put('v', 'one')
    const v2 = await put('v', 'two', sseC(other))
    expect((await bodyBytes((await get('v', sseC(other))).Body)).toString()).toBe('two')
    const old = await get('v', { ...sseC(key), VersionId: v1.VersionId })
    expect((await bodyBytes(old.Body)).toString()).toBe('one')
    const wrong = await errorOf(get('v', { ...sseC(other), VersionId: v1.VersionId }))
    expectS3Error(wrong, 'AccessDenied', 403, SSE_C.wrongKey)
    const latestWrong = await errorOf(get('v', sseC(key)))
    expectS3Error(latestWrong, 'AccessDenied', 403, SSE_C.wrongKey)
    expect(aws.s3.object('vault', 'v', v2.VersionId).describe()?.encryption).toMatchObject({
      keyMd5: other.md5,
    })
  })
})

describe('SSE-C: reading without the right key', () => {
  beforeEach(async () => {
    await put('doc.txt', 'secret body')
  })

  it('GET without SSE-C headers: 400 InvalidRequest', async () => {
    const err = await refused(() => get('doc.txt'))
    expectS3Error(err, 'InvalidRequest', 400, SSE_C.keyRequired)
  })

  it('HEAD without SSE-C headers: 400 with no body', async () => {
    const err = await refused(() => head('doc.txt'))
    expect(err.$metadata.httpStatusCode).toBe(400)
    const raw = await fetch('https://vault.s3.us-east-1.amazonaws.com/doc.txt', {
      method: 'HEAD',
      headers: { authorization: FAKE_SIGV4, 'x-amz-date': '20260601T120000Z' },
    })
    expect(raw.status).toBe(400)
    expect(await raw.text()).toBe('')
  })

  it('GetObjectAttributes without SSE-C headers: 400 InvalidRequest; with the key: answers', async () => {
    const attrs = (extra = {}) =>
      s3.send(
        new GetObjectAttributesCommand({
          Bucket: 'vault',
          Key: 'doc.txt',
          ObjectAttributes: ['ObjectSize', 'ETag'],
          ...extra,
        }),
      )
    expectS3Error(await refused(() => attrs()), 'InvalidRequest', 400, SSE_C.keyRequired)
    expectS3Error(await refused(() => attrs(sseC(other))), 'AccessDenied', 403, SSE_C.wrongKey)
    expectS3Error(
      await refused(() => attrs({ ...sseC(key), SSECustomerAlgorithm: 'AES128' })),
      'InvalidEncryptionAlgorithmError',
      400,
      SSE_C.badAlgorithm,
      { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: 'AES128' },
    )
    expect((await attrs(sseC(key))).ObjectSize).toBe(11)
  })

  it('GET and HEAD with another well-formed key: 403 (HEAD without a body)', async () => {
    expectS3Error(
      await refused(() => get('doc.txt', sseC(other))),
      'AccessDenied',
      403,
      SSE_C.wrongKey,
    )
    const err = await refused(() => head('doc.txt', sseC(other)))
    expect(err.$metadata.httpStatusCode).toBe(403)
  })

  it('a key of the wrong length on a read is a wrong key (403), not a bad key (400)', async () => {
    // boto3's double-encoding case: the base64 text itself sent as the key (44 bytes).
    const doubled = Buffer.from(key.b64)
    const members = {
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKey: doubled.toString('base64'),
      SSECustomerKeyMD5: createHash('md5').update(doubled).digest('base64'),
    }
    expectS3Error(await refused(() => get('doc.txt', members)), 'AccessDenied', 403, SSE_C.wrongKey)
    expect((await refused(() => head('doc.txt', members))).$metadata.httpStatusCode).toBe(403)
  })

  it('a bad algorithm: 400 InvalidEncryptionAlgorithmError on GET, 400 without a body on HEAD', async () => {
    const bad = { ...sseC(key), SSECustomerAlgorithm: 'AES128' }
    expectS3Error(
      await refused(() => get('doc.txt', bad)),
      'InvalidEncryptionAlgorithmError',
      400,
      SSE_C.badAlgorithm,
      { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: 'AES128' },
    )
    expect((await refused(() => head('doc.txt', bad))).$metadata.httpStatusCode).toBe(400)
  })

  it('SSE-C headers on an object stored without SSE-C: 400 InvalidRequest', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'plain', Body: 'x' }))
    const err = await refused(() => get('plain', sseC(key)))
    expectS3Error(err, 'InvalidRequest', 400, SSE_C.notApplicable)
  })

  it('raw GET with the key headers but no MD5, or a wrong MD5: 400', async () => {
    const url = 'https://vault.s3.us-east-1.amazonaws.com/doc.txt'
    const base = { authorization: FAKE_SIGV4, 'x-amz-date': '20260601T120000Z' }
    const { 'x-amz-server-side-encryption-customer-key-md5': _md5, ...noMd5 } = sseCHeaders(key)
    const missing = await fetch(url, { headers: { ...base, ...noMd5 } })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain(`<Message>${SSE_C.noMd5}</Message>`)
    const wrong = await fetch(url, {
      headers: {
        ...base,
        ...sseCHeaders(key),
        'x-amz-server-side-encryption-customer-key-md5': other.md5,
      },
    })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain(`<Message>${SSE_C.badMd5}</Message>`)
    const right = await fetch(url, { headers: { ...base, ...sseCHeaders(key) } })
    expect([right.status, await right.text()]).toEqual([200, 'secret body'])
    expect(right.headers.get('x-amz-server-side-encryption-customer-key-md5')).toBe(key.md5)
  })
})

const FAKE_SIGV4 =
  'AWS4-HMAC-SHA256 Credential=AKID/20260601/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00'
