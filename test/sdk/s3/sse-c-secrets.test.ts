import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stateSnapshot } from '../../support/state-snapshot.js'
import { useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import {
  copySourceSseC,
  customerKey,
  type CustomerKey,
  sseC,
  sseCHeaders,
  tamperingClient,
} from '../../support/sse-c.js'

/**
 * SPEC §5.6: no SSE-C key appears in any error, audit event, log line, object description or
 * `world.inspect()`. Every SSE-C path runs here, successes and failures, and everything the world
 * and the SDK can show afterwards is scanned for the keys' bytes (raw, base64, hex).
 */
const aws = useMockAws({ blockSseCOnNewBuckets: false })
const s3 = s3Client()
const keys = [customerKey(11), customerKey(12)] as const
const [key, other] = keys

const shown: string[] = []
const logged: unknown[] = []

beforeEach(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args)
    })
  }
  await s3.send(new CreateBucketCommand({ Bucket: 'vault' }))
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: 'vault',
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  )
})
afterEach(() => {
  vi.restoreAllMocks()
})

/**
 * Runs a call that may fail and keeps what S3 answered: code, message and every field of the error
 * body (the SDK copies them onto the exception). `$response` is left out: it is the SDK's own
 * client-side HTTP objects, which hold the request the SDK sent, key included.
 */
async function attempt(call: () => Promise<unknown>): Promise<void> {
  try {
    await call()
  } catch (error) {
    const { $response: _client, ...answer } = error as Record<string, unknown>
    shown.push(
      inspect({ ...answer, name: (error as Error).name, message: (error as Error).message }),
    )
  }
}
async function raw(url: string, init: RequestInit): Promise<void> {
  const response = await fetch(url, init)
  const headers: string[] = []
  response.headers.forEach((value, name) => headers.push(`${name}: ${value}`))
  shown.push(await response.text(), headers.join('\n'))
}

function needles(k: CustomerKey): [string, Buffer][] {
  return [
    ['raw', k.raw],
    ['base64', Buffer.from(k.b64)],
    ['base64url', Buffer.from(k.raw.toString('base64url'))],
    ['hex', Buffer.from(k.raw.toString('hex'))],
  ]
}

describe('no SSE-C key anywhere (SPEC §5.6)', () => {
  it('scans errors, audit events, logs, describe(), inspect() and state after every SSE-C path', async () => {
    const tampered = tamperingClient({
      'x-amz-server-side-encryption-customer-key-md5': other.md5,
    })
    const put = (k: string, extra = {}) =>
      s3.send(new PutObjectCommand({ Bucket: 'vault', Key: k, Body: 'secret', ...extra }))
    // Successes.
    await put('a', sseC(key))
    await put('a', sseC(other))
    await s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'a', ...sseC(other) }))
    await s3.send(new HeadObjectCommand({ Bucket: 'vault', Key: 'a', ...sseC(other) }))
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'vault',
        Key: 'b',
        CopySource: 'vault/a',
        ...copySourceSseC(other),
        ...sseC(key),
      }),
    )
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'vault', Key: 'm', ...sseC(key) }),
    )
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket: 'vault',
        Key: 'm',
        UploadId,
        PartNumber: 1,
        Body: 'part',
        ...sseC(key),
      }),
    )
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'vault',
        Key: 'm',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag! }] },
      }),
    )
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- s3-presigned-post bundles its own copy of client-s3
    const form = await createPresignedPost(s3, {
      Bucket: 'vault',
      Key: 'form',
      Fields: Object.fromEntries(Object.entries(sseCHeaders(key))),
    })
    const body = new FormData()
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value)
    body.append('file', new Blob(['form']), 'f.txt')
    await raw(form.url, { method: 'POST', body })
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'vault', Key: 'b', ...sseC(key) }),
    )
    await raw(url, { headers: sseCHeaders(key) })

    // Failures: wrong key, missing MD5 / bad MD5, bad length, wrong part key, wrong copy key.
    await attempt(() => s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'a', ...sseC(key) })))
    await attempt(() => s3.send(new HeadObjectCommand({ Bucket: 'vault', Key: 'a', ...sseC(key) })))
    await attempt(() =>
      s3.send(
        new GetObjectAttributesCommand({
          Bucket: 'vault',
          Key: 'a',
          ObjectAttributes: ['ETag'],
          ...sseC(key),
        }),
      ),
    )
    await attempt(() => put('bad', { ...sseC(key), SSECustomerKey: key.b64.slice(0, 40) }))
    await attempt(() =>
      tampered.send(new PutObjectCommand({ Bucket: 'vault', Key: 'x', Body: 'x', ...sseC(key) })),
    )
    await attempt(() => put('both', { ...sseC(key), ServerSideEncryption: 'AES256' }))
    await attempt(() =>
      s3.send(
        new CopyObjectCommand({
          Bucket: 'vault',
          Key: 'c',
          CopySource: 'vault/a',
          ...copySourceSseC(key),
        }),
      ),
    )
    const second = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'vault', Key: 'n', ...sseC(key) }),
    )
    await attempt(() =>
      s3.send(
        new UploadPartCommand({
          Bucket: 'vault',
          Key: 'n',
          UploadId: second.UploadId,
          PartNumber: 1,
          Body: 'part',
          ...sseC(other),
        }),
      ),
    )
    await attempt(() =>
      s3.send(
        new UploadPartCopyCommand({
          Bucket: 'vault',
          Key: 'n',
          UploadId: second.UploadId,
          PartNumber: 1,
          CopySource: 'vault/a',
          ...copySourceSseC(key),
          ...sseC(key),
        }),
      ),
    )
    const signed = {
      'x-amz-date': '20260601T120000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKID/20260601/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
    }
    const objectUrl = 'https://vault.s3.us-east-1.amazonaws.com/a'
    await raw(objectUrl, {
      headers: {
        ...signed,
        ...sseCHeaders(key),
        'x-amz-server-side-encryption-customer-key-md5': other.md5,
      },
    })
    await raw(objectUrl, { headers: { ...signed, ...sseCHeaders(key) } })
    await raw(objectUrl, { method: 'HEAD', headers: { ...signed, ...sseCHeaders(key) } })
    await raw(objectUrl, {
      method: 'PUT',
      body: 'x',
      headers: {
        ...signed,
        ...sseCHeaders(key),
        'x-amz-server-side-encryption-customer-key': key.b64.slice(4),
      },
    })
    expect(shown.length).toBeGreaterThan(10)

    const events = aws.audit.events({ eventSource: 's3.amazonaws.com' })
    expect(events.length).toBeGreaterThan(20)
    const described = ['a', 'b', 'm', 'form'].map((k) => aws.s3.object('vault', k).describe())
    expect(described.every((d) => d?.encryption.type === 'SSE-C')).toBe(true)
    const haystacks: Record<string, string> = {
      errors: shown.join('\n'),
      audit: JSON.stringify(events) + inspect(events, { depth: null }),
      logs: inspect(logged, { depth: null }),
      describe: JSON.stringify(described) + inspect(described, { depth: null }),
      inspect: aws.inspect(),
      state: stateSnapshot(aws),
    }
    const contains = (text: string, needle: Buffer) =>
      Buffer.from(text, 'utf8').includes(needle) || Buffer.from(text, 'latin1').includes(needle)
    // The scan itself finds a key where one is, in every form.
    for (const [, needle] of needles(key)) {
      expect(contains(`sSECustomerKey: ${needle.toString('latin1')}.`, needle)).toBe(true)
    }
    for (const k of keys) {
      for (const [form, needle] of needles(k)) {
        for (const [where, text] of Object.entries(haystacks)) {
          expect(contains(text, needle), `${form} key found in ${where}`).toBe(false)
        }
      }
    }
  })
})
