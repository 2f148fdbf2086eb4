import { ListAliasesCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import dns from 'node:dns'
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { startServer, type WorldFile } from '../../src/server.js'
import { CONTROL_HEADER } from '../../src/transport/control.js'
import { testCredentials } from '../support/kms.js'
import { bodyBytes } from '../support/s3.js'
import { kmsFor, localhostLookup, s3For, useServer } from './support.js'

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * A raw control request (with the control header unless `headers` says otherwise) and a chosen
 * Host header (fetch cannot set one, nor resolve *.localhost).
 */
function request(
  url: string,
  method = 'GET',
  host?: string,
  headers: Record<string, string> = { [CONTROL_HEADER]: '1' },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const all = { ...headers, ...(host === undefined ? {} : { host }) }
    const req = http.request(url, { method, lookup: localhostLookup, headers: all }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('control endpoints', () => {
  const server = useServer()

  it('health: GET answers 200 JSON, HEAD no body, other methods 405', async () => {
    const health = await request(server().healthUrl)
    expect(health.status).toBe(200)
    expect(health.headers['content-type']).toBe('application/json')
    expect(JSON.parse(health.body)).toEqual({ status: 'running', services: ['s3', 'kms'] })
    const head = await request(server().healthUrl, 'HEAD')
    expect([head.status, head.body]).toEqual([200, ''])
    const post = await request(server().healthUrl, 'POST')
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD'])
  })

  it('reset: POST empties keys, buckets and objects; GET is refused', async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'to-forget' }))
    expect(server().world.audit.events().length).toBeGreaterThan(0)
    expect((await request(server().resetUrl)).status).toBe(405)
    const reset = await request(server().resetUrl, 'POST')
    expect([reset.status, JSON.parse(reset.body)]).toEqual([200, { status: 'ok' }])
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([])
  })

  it('answers unknown control paths with 404 naming the real ones', async () => {
    const reply = await request(`${server().url}/_s3-kms-mock/nope`)
    expect(reply.status).toBe(404)
    expect(reply.body).toContain('/_s3-kms-mock/health')
  })

  it('never collides with S3: under a virtual-hosted bucket the same path is an object key', async () => {
    const s3 = s3For(server(), { addressing: 'virtual' })
    await s3.send(new CreateBucketCommand({ Bucket: 'keys-like-control' }))
    await s3.send(
      new PutObjectCommand({
        Bucket: 'keys-like-control',
        Key: '_s3-kms-mock/reset',
        Body: 'just an object',
      }),
    )
    const vhost = server().url.replace('127.0.0.1', 'keys-like-control.localhost')
    const post = await request(`${vhost}/_s3-kms-mock/reset`, 'POST')
    // An S3 POST without a sub-resource: not our reset, and the bucket is still there.
    expect(post.body).toContain('<Error>')
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'keys-like-control', Key: '_s3-kms-mock/reset' }),
    )
    expect((await bodyBytes(got.Body)).toString()).toBe('just an object')
  })

  it('reset without the control header is 403 naming the header, and resets nothing', async () => {
    const s3 = s3For(server())
    await s3.send(new CreateBucketCommand({ Bucket: 'survives' }))
    for (const headers of [
      {},
      { 'x-s3-kms-mock-control': '0' },
      { 'content-type': 'text/plain' },
    ]) {
      const refused = await request(server().resetUrl, 'POST', undefined, headers)
      expect(refused.status).toBe(403)
      expect(JSON.parse(refused.body)).toMatchObject({
        error: expect.stringContaining('"x-s3-kms-mock-control: 1"') as unknown,
      })
    }
    const unknown = await request(`${server().url}/_s3-kms-mock/nope`, 'GET', undefined, {})
    expect(unknown.status).toBe(403)
    const names = (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)
    expect(names).toContain('survives')
    // The health check stays open to plain probes (docker healthcheck, wait-for scripts).
    expect((await request(server().healthUrl, 'GET', undefined, {})).status).toBe(200)
  })

  it('refuses a Host that is not its own (DNS rebinding) with 403, touching nothing', async () => {
    const port = new URL(server().url).port
    await s3For(server()).send(new CreateBucketCommand({ Bucket: 'not-for-pages' }))
    const before = server().world.audit.events().length
    for (const [method, path] of [
      ['POST', '/_s3-kms-mock/reset'],
      ['GET', '/not-for-pages'],
      ['GET', '/_s3-kms-mock/health'],
    ] as const) {
      const reply = await request(`${server().url}${path}`, method, `rebind.evil.example:${port}`)
      expect(reply.status).toBe(403)
      expect(reply.body).toContain('--allow-host')
    }
    expect(server().world.audit.events()).toHaveLength(before)
    const names = (await s3For(server()).send(new ListBucketsCommand({}))).Buckets
    expect(names?.map((b) => b.Name)).toContain('not-for-pages')
    // Its own names all answer: localhost, bucket.localhost (there the path is an S3 key, whose
    // anonymous read is S3's AccessDenied), IP literals.
    for (const host of [`localhost:${port}`, `not-for-pages.localhost:${port}`, `[::1]:${port}`]) {
      const reply = await request(server().healthUrl, 'GET', host)
      expect(reply.body).not.toContain('--allow-host')
      expect(reply.status).toBe(host.startsWith('not-for-pages') ? 403 : 200)
    }
  })
})

describe('a server with allowHosts', () => {
  const server = useServer({ allowHosts: ['mock-aws'] })

  it('answers a listed Host (a container alias) as itself, path-style', async () => {
    const port = new URL(server().url).port
    // As a client in another container would see it: a name that resolves to the server.
    const alias = new S3Client({
      region: 'us-east-1',
      credentials: testCredentials,
      endpoint: `http://mock-aws:${port}`,
      forcePathStyle: true,
      requestHandler: new NodeHttpHandler({
        httpAgent: new http.Agent({
          lookup: (_host, options, callback) => {
            dns.lookup('127.0.0.1', options, callback)
          },
        }),
      }),
    })
    await alias.send(new CreateBucketCommand({ Bucket: 'aliased' }))
    await alias.send(new PutObjectCommand({ Bucket: 'aliased', Key: 'k', Body: 'via alias' }))
    const got = await s3For(server()).send(new GetObjectCommand({ Bucket: 'aliased', Key: 'k' }))
    expect((await bodyBytes(got.Body)).toString()).toBe('via alias')
    const health = await request(server().healthUrl, 'GET', `mock-aws:${port}`)
    expect(health.status).toBe(200)
    expect((await request(server().healthUrl, 'GET', `other-service:${port}`)).status).toBe(403)
  })
})

describe('startServer with a fixture', () => {
  const fixture: WorldFile = {
    keys: [{ ref: 'k', aliases: ['alias/fixture'] }],
    buckets: [
      {
        name: 'seeded',
        objects: [
          { key: 'hello.txt', body: 'from the fixture', encryption: { type: 'SSE-KMS', key: 'k' } },
        ],
      },
    ],
  }

  it('loads it before answering, and again after a reset', async () => {
    const server = await startServer({ fixture, seed: 'fixture' })
    try {
      const s3 = s3For(server)
      const read = async (): Promise<string> =>
        (
          await bodyBytes(
            (await s3.send(new GetObjectCommand({ Bucket: 'seeded', Key: 'hello.txt' }))).Body,
          )
        ).toString()
      expect(await read()).toBe('from the fixture')
      await s3.send(new CreateBucketCommand({ Bucket: 'extra' }))
      const aliasesBefore = await kmsFor(server).send(new ListAliasesCommand({}))
      expect((await request(server.resetUrl, 'POST')).status).toBe(200)
      expect(await read()).toBe('from the fixture')
      const names = (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)
      expect(names).toEqual(['seeded'])
      const aliasesAfter = await kmsFor(server).send(new ListAliasesCommand({}))
      // Same seed, same fixture: the same key ids after the reset.
      const targets = (list: typeof aliasesAfter): string[] | undefined =>
        list.Aliases?.map((a) => `${a.AliasName!} → ${a.TargetKeyId!}`)
      expect(targets(aliasesAfter)).toEqual(targets(aliasesBefore))
      expect(targets(aliasesAfter)).toHaveLength(1)
    } finally {
      await server.close()
    }
  })

  it('refuses an invalid fixture with a UsageError and leaves no port bound', async () => {
    const error = await startServer({
      fixture: { buckets: [{ name: 'Bad_Name' }] } as WorldFile,
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(error?.name).toBe('UsageError')
    expect(error?.message).toMatch(/^Failed to load world file/)
  })
})
