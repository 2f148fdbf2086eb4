import {
  CreateBucketCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import net from 'node:net'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMockAws, type MockAws } from '../../src/index.js'
import { s3For, useServer } from '../server/support.js'
import { testCredentials } from '../support/kms.js'
import { expectUnchanged } from '../support/unchanged.js'
import { answerOf, s3On, signed } from './support.js'

/**
 * Issue #14: S3 bodies that are not object data (XML documents, forms) are bound to the signed
 * `x-amz-content-sha256` as object bodies are, and capped at S3's limits before the rest is read.
 */
const S3 = 'https://s3.us-east-1.amazonaws.com'
let world: MockAws
let s3: S3Client

beforeEach(async () => {
  world = createMockAws({ credentials: testCredentials })
  s3 = s3On(world)
  await s3.send(new CreateBucketCommand({ Bucket: 'docs' }))
  await s3.send(new PutObjectCommand({ Bucket: 'docs', Key: 'keep', Body: 'k' }))
  await s3.send(new PutObjectCommand({ Bucket: 'docs', Key: 'other', Body: 'o' }))
})

const md5 = (text: string) => createHash('md5').update(text).digest('base64')
const tagging = (value: string) =>
  `<Tagging><TagSet><Tag><Key>team</Key><Value>${value}</Value></Tag></TagSet></Tagging>`
const deletion = (key: string) => `<Delete><Object><Key>${key}</Key></Object></Delete>`
const cors = (origin: string) =>
  `<CORSConfiguration><CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`
const location = (region: string) =>
  `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`

/** A request signed (strict mode) for `body`, as a client would send it, sent with `sent`. */
async function swapped(
  path: string,
  method: string,
  body: string,
  sent: string,
  headers: Record<string, string> = {},
): Promise<Request> {
  const call = await signed({ url: `${S3}${path}`, method, service: 's3', headers, body })
  return new Request(`${S3}${path}`, { ...call.init, body: sent })
}

describe('XML bodies are bound to x-amz-content-sha256', () => {
  it.each([
    ['PutBucketTagging', '/docs?tagging', 'PUT', tagging('a'), tagging('b'), 204],
    ['PutBucketCors', '/docs?cors', 'PUT', cors('https://a.example'), cors('*'), 200],
    ['DeleteObjects', '/docs?delete', 'POST', deletion('other'), deletion('keep'), 200],
    ['CreateBucket', '/fresh', 'PUT', location('eu-west-1'), location('us-west-2'), 200],
    [
      'PutBucketVersioning',
      '/docs?versioning',
      'PUT',
      '<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>',
      '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>',
      200,
    ],
  ])(
    '%s with a swapped body is XAmzContentSHA256Mismatch; the signed one gets in',
    async (_, path, method, body, other, status) => {
      // Content-MD5 of the body sent, so only the SHA-256 binding can tell the swap.
      const bad = await swapped(path, method, body, other, { 'content-md5': md5(other) })
      const answer = await expectUnchanged(world, async () => answerOf(await world.handle(bad)))
      expect([answer.status, answer.code, answer.message?.replaceAll('&apos;', "'")]).toEqual([
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      ])
      expect(answer.text).toContain(
        `<S3ComputedContentSHA256>${createHash('sha256').update(other).digest('hex')}</S3ComputedContentSHA256>`,
      )
      const good = await swapped(path, method, body, body, { 'content-md5': md5(body) })
      expect((await world.handle(good)).status).toBe(status)
    },
  )

  it('CompleteMultipartUpload with a swapped part list changes nothing', async () => {
    const created = await world.handle(
      new Request(
        `${S3}/docs/big?uploads`,
        (await signed({ url: `${S3}/docs/big?uploads`, method: 'POST', service: 's3' })).init,
      ),
    )
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await created.text())?.[1] ?? ''
    const partUrl = `/docs/big?partNumber=1&uploadId=${uploadId}`
    const part = await world.handle(
      new Request(
        `${S3}${partUrl}`,
        (await signed({ url: `${S3}${partUrl}`, method: 'PUT', service: 's3', body: 'p' })).init,
      ),
    )
    const etag = part.headers.get('etag') ?? ''
    const complete = (n: number) =>
      `<CompleteMultipartUpload><Part><PartNumber>${String(n)}</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`
    const bad = await swapped(`/docs/big?uploadId=${uploadId}`, 'POST', complete(2), complete(1))
    const answer = await expectUnchanged(world, async () => answerOf(await world.handle(bad)))
    expect(answer.code).toBe('XAmzContentSHA256Mismatch')
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'docs' }))
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['keep', 'other'])
  })

  it('property: a tag set signed for one document and sent as another never gets in', async () => {
    const value = fc.stringMatching(/^[A-Za-z0-9 +\-=._:/@]{0,40}$/)
    await fc.assert(
      fc.asyncProperty(value, value, async (a, b) => {
        fc.pre(a !== b)
        const bad = await swapped('/docs?tagging', 'PUT', tagging(a), tagging(b))
        const answer = await answerOf(await world.handle(bad))
        expect([answer.status, answer.code]).toEqual([400, 'XAmzContentSHA256Mismatch'])
        const honest = await swapped('/docs?tagging', 'PUT', tagging(a), tagging(a))
        expect((await world.handle(honest)).status).toBe(204)
        const tags = await s3.send(new GetBucketTaggingCommand({ Bucket: 'docs' }))
        expect(tags.TagSet).toEqual([{ Key: 'team', Value: a }])
      }),
      { numRuns: 60 },
    )
  })
})

const KIB = 1024
/** `doc` grown to `bytes` with whitespace between its elements, which parsers drop. */
const padded = (doc: string, bytes: number) =>
  doc.replace('><', `>${' '.repeat(Math.max(0, bytes - doc.length))}<`)

describe('non-object S3 bodies are capped at S3 limits, in-process', () => {
  it.each([
    ['PutBucketCors (64 KB)', '/docs?cors', cors('*'), 64 * KIB, 200],
    ['PutBucketTagging', '/docs?tagging', tagging('x'), 64 * KIB, 204],
    ['CreateBucket', '/fresh', location('eu-west-1'), 64 * KIB, 200],
    [
      'PutBucketVersioning',
      '/docs?versioning',
      '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>',
      64 * KIB,
      200,
    ],
  ])('%s one byte over the cap is MaxMessageLengthExceeded', async (_, path, doc, cap, status) => {
    const body = padded(doc, cap + 1)
    const call = await signed({ url: `${S3}${path}`, method: 'PUT', service: 's3', body })
    const answer = await expectUnchanged(world, async () =>
      answerOf(await world.handle(new Request(`${S3}${path}`, call.init))),
    )
    expect([answer.status, answer.code, answer.message]).toEqual([
      400,
      'MaxMessageLengthExceeded',
      'Your request was too big.',
    ])
    const fits = padded(doc, cap)
    const ok = await signed({ url: `${S3}${path}`, method: 'PUT', service: 's3', body: fits })
    expect((await world.handle(new Request(`${S3}${path}`, ok.init))).status).toBe(status)
  })

  const form = (fields: Record<string, string>, file: string) => {
    const data = new FormData()
    for (const [name, value] of Object.entries(fields)) data.append(name, value)
    data.append('file', new Blob([file]), 'f.txt')
    return data
  }

  it('a POST form whose fields before the file pass 20 KB is MaxPostPreDataLengthExceeded', async () => {
    // Encoded to bytes first, as a socket delivers it: Node 24's undici keeps enqueuing into a
    // FormData body stream that the mock cancelled, an unhandled ERR_INVALID_STATE in undici.
    const big = new Response(
      form({ key: 'posted', 'x-amz-meta-pad': 'p'.repeat(21 * KIB) }, 'body'),
    )
    const init = {
      method: 'POST',
      headers: { 'content-type': big.headers.get('content-type') ?? '' },
      body: new Uint8Array(await big.arrayBuffer()),
    }
    const answer = await expectUnchanged(world, async () =>
      answerOf(await world.handle(new Request(`${S3}/docs`, init))),
    )
    expect([answer.status, answer.code, answer.message]).toEqual([
      400,
      'MaxPostPreDataLengthExceeded',
      'Your POST request fields preceeding the upload file was too large.',
    ])
    expect(answer.text).toContain('<MaxPostPreDataLengthBytes>20480</MaxPostPreDataLengthBytes>')
    // The same fields after the file are ignored, as S3 ignores them: the cap does not apply.
    const after = new FormData()
    after.append('key', 'posted')
    after.append('file', new Blob(['body']), 'f.txt')
    after.append('x-amz-meta-pad', 'p'.repeat(21 * KIB))
    const reply = await answerOf(
      await world.handle(new Request(`${S3}/docs`, { method: 'POST', body: after })),
    )
    expect(reply.code).not.toBe('MaxPostPreDataLengthExceeded')
  })
})

/** Opens a raw socket to the server; resolves with what it sent once it closes the connection. */
function rawExchange(url: string, head: string[], trickle: string): Promise<string> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write([...head, '', ''].join('\r\n'))
      const timer = setInterval(() => socket.write(trickle), 20)
      socket.once('close', () => {
        clearInterval(timer)
      })
    })
    let received = ''
    socket.on('data', (c: Buffer) => (received += c.toString()))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve(received)
      else reject(error)
    })
    socket.on('close', () => {
      resolve(received)
    })
  })
}

describe('server mode refuses an oversized declared body at once', () => {
  const server = useServer()

  it.each([
    [
      'a 400 MB tagging document',
      'PUT',
      '/cap?tagging',
      'application/xml',
      '400000000',
      'MaxMessageLengthExceeded',
    ],
    [
      'a 6 GB POST form',
      'POST',
      '/cap',
      'multipart/form-data; boundary=b',
      String(6 * 1024 ** 3),
      'EntityTooLarge',
    ],
  ])(
    '%s gets 400 before the rest arrives; others are still answered',
    async (_, method, path, type, length, code) => {
      const client = s3For(server())
      await client.send(new CreateBucketCommand({ Bucket: 'cap' })).catch(() => undefined)
      const reply = await rawExchange(
        server().url,
        [
          `${method} ${path} HTTP/1.1`,
          `Host: 127.0.0.1:${new URL(server().url).port}`,
          `Content-Type: ${type}`,
          `Content-Length: ${length}`,
        ],
        'x'.repeat(1024),
      )
      expect(reply).toMatch(/^HTTP\/1\.1 400/)
      expect(reply).toContain(`<Code>${code}</Code>`)
      const buckets = await client.send(new ListBucketsCommand({}))
      expect(buckets.Buckets?.map((b) => b.Name)).toEqual(['cap'])
    },
  )
})
