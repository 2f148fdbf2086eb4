import {
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  NotFoundException,
} from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMockAws, type MockAws, type MockAwsOptions } from '../../../src/index.js'
import { createSdkRequestHandler } from '../../../src/transport/sdk-request-handler.js'
import { errorOf, testCredentials } from '../../support/kms.js'
import { bodyBytes } from '../../support/s3.js'

// No MSW server anywhere in this file: every request below can only reach the world through
// world.requestHandler (the fast lane), so nothing here depends on interception or sockets.

function lane(world: MockAws, extra: Partial<S3ClientConfig> = {}) {
  const config = {
    region: 'us-east-1',
    credentials: testCredentials,
    maxAttempts: 1,
    requestHandler: world.requestHandler,
  }
  return { s3: new S3Client({ ...config, ...extra }), kms: new KMSClient(config) }
}

function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size)
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff
  return out
}

const sha = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')

/** A node stream of `data` in `chunk`-byte pieces: the SDK sends it aws-chunked. */
const streamOf = (data: Buffer, chunk: number): Readable =>
  Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += chunk) yield data.subarray(at, at + chunk)
    })(),
  )

let world: MockAws
let s3: S3Client
let kms: KMSClient
let keyId: string

async function start(options: MockAwsOptions = {}): Promise<void> {
  world = createMockAws(options)
  ;({ s3, kms } = lane(world))
  await s3.send(new CreateBucketCommand({ Bucket: 'lane' }))
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'fast lane' }))
  keyId = KeyMetadata!.KeyId!
}

describe('world.requestHandler: SSE-KMS objects without MSW', () => {
  beforeEach(() => start())

  it('puts and gets with a customer key and encryption context, through the same audited path', async () => {
    const body = bytes(4096)
    const context = { app: 'fast-lane' }
    await s3.send(
      new PutObjectCommand({
        Bucket: 'lane',
        Key: 'doc.bin',
        Body: body,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyId,
        SSEKMSEncryptionContext: Buffer.from(JSON.stringify(context)).toString('base64'),
      }),
    )
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'lane', Key: 'doc.bin', ChecksumMode: 'ENABLED' }),
    )
    expect(got.ServerSideEncryption).toBe('aws:kms')
    expect(got.SSEKMSKeyId).toContain(keyId)
    expect(sha(await bodyBytes(got.Body))).toBe(sha(body))
    expect(world.s3.object('lane', 'doc.bin').describe()?.encryption).toMatchObject({
      type: 'SSE-KMS',
      encryptionContext: context,
    })
    expect(world.audit.events().map((e) => e.eventName)).toEqual([
      'CreateBucket',
      'CreateKey',
      'GenerateDataKey',
      'PutObject',
      'Decrypt',
      'GetObject',
    ])
    expect(world.audit.events({ eventName: 'GenerateDataKey' })[0]?.userIdentity).toMatchObject({
      invokedBy: 's3.amazonaws.com',
    })
  })

  it('refuses a body that does not match its x-amz-content-sha256, storing nothing', async () => {
    const tampering = lane(world).s3
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> }
        request.headers['x-amz-content-sha256'] = 'a'.repeat(64)
        return next(args)
      },
      { step: 'finalizeRequest', priority: 'low' },
    )
    const err = await errorOf(
      tampering.send(new PutObjectCommand({ Bucket: 'lane', Key: 'tampered', Body: 'tampered' })),
    )
    expect(err.name).toBe('XAmzContentSHA256Mismatch')
    expect(err.$metadata.httpStatusCode).toBe(400)
    const head = await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'lane', Key: 'tampered' })))
    expect(head.$metadata.httpStatusCode).toBe(404)
    expect(world.audit.events({ eventName: 'PutObject' })[0]?.errorCode).toBe(
      'XAmzContentSHA256Mismatch',
    )
  })

  it('streams an aws-chunked upload from a node Readable and reads it back with transformToString', async () => {
    const body = bytes(1024 * 1024 + 123, 7)
    await s3.send(
      new PutObjectCommand({
        Bucket: 'lane',
        Key: 'streamed.bin',
        Body: streamOf(body, 64 * 1024),
        ContentLength: body.length,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyId,
      }),
    )
    expect(world.s3.object('lane', 'streamed.bin').describe()?.size).toBe(body.length)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'lane', Key: 'streamed.bin' }))
    expect(got.ContentLength).toBe(body.length)
    expect(await got.Body!.transformToString('latin1')).toBe(body.toString('latin1'))
  })

  it('answers a range GET of an encrypted object with just those bytes', async () => {
    const body = bytes(200_000, 3)
    await s3.send(
      new PutObjectCommand({
        Bucket: 'lane',
        Key: 'ranged.bin',
        Body: body,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyId,
      }),
    )
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'lane', Key: 'ranged.bin', Range: 'bytes=70000-70099' }),
    )
    expect(got.$metadata.httpStatusCode).toBe(206)
    expect(got.ContentRange).toBe(`bytes 70000-70099/${String(body.length)}`)
    expect(Buffer.compare(await bodyBytes(got.Body), body.subarray(70000, 70100))).toBe(0)
  })

  it('gives GetObject a node Readable body that pipes', async () => {
    const body = bytes(300_000, 5)
    await s3.send(new PutObjectCommand({ Bucket: 'lane', Key: 'piped.bin', Body: body }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'lane', Key: 'piped.bin' }))
    expect(got.Body).toBeInstanceOf(Readable)
    const chunks: Buffer[] = []
    await pipeline(
      got.Body as Readable,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk)
          done()
        },
      }),
    )
    expect(sha(Buffer.concat(chunks))).toBe(sha(body))
  })

  it('keys and query values with reserved characters arrive as the SDK sent them', async () => {
    const keys = ['a b+c/ü(1)*.txt', "it's ~ok!", 'x=y&z?.bin']
    for (const key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: 'lane', Key: key, Body: key }))
      const got = await s3.send(new GetObjectCommand({ Bucket: 'lane', Key: key }))
      expect(await got.Body!.transformToString()).toBe(key)
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'lane', Prefix: 'a b+c/' }))
    expect(listed.Contents?.map((c) => c.Key)).toEqual([keys[0]])
  })

  it('answers concurrent requests independently', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => bytes(5000 + i, i))
    await Promise.all(
      bodies.map((Body, i) =>
        s3.send(
          new PutObjectCommand({
            Bucket: 'lane',
            Key: `c${String(i)}`,
            Body,
            ServerSideEncryption: 'aws:kms',
            SSEKMSKeyId: keyId,
          }),
        ),
      ),
    )
    const read = await Promise.all(
      bodies.map(async (_, i) =>
        bodyBytes(
          (await s3.send(new GetObjectCommand({ Bucket: 'lane', Key: `c${String(i)}` }))).Body,
        ),
      ),
    )
    expect(read.map(sha)).toEqual(bodies.map(sha))
  })
})

describe('world.requestHandler: errors reach the SDK as AWS sends them', () => {
  beforeEach(() => start())

  it('S3 errors are typed exceptions with $metadata', async () => {
    const err = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'lane', Key: 'missing' })))
    expect(err).toBeInstanceOf(NoSuchKey)
    expect(err.$fault).toBe('client')
    expect(err.$metadata.httpStatusCode).toBe(404)
    const event = world.audit.events({ eventName: 'GetObject' })[0]
    expect((err.$metadata as { requestId?: string }).requestId).toBe(event?.requestID)
    expect(event?.errorCode).toBe('NoSuchKey')
  })

  it('HEAD errors (no body) are typed too', async () => {
    const err = await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'lane', Key: 'missing' })))
    expect(err).toBeInstanceOf(NotFound)
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('KMS errors are typed exceptions with $metadata', async () => {
    const err = await errorOf(
      kms.send(new DescribeKeyCommand({ KeyId: '00000000-0000-0000-0000-000000000000' })),
    )
    expect(err).toBeInstanceOf(NotFoundException)
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses a host the world does not answer instead of sending it to the network', async () => {
    const { s3: elsewhere } = lane(world, { endpoint: 'http://127.0.0.1:9', forcePathStyle: true })
    const err = await errorOf(elsewhere.send(new GetObjectCommand({ Bucket: 'lane', Key: 'x' })))
    expect(err.message).toMatch(
      /http:\/\/127\.0\.0\.1:9\/lane\/x\S* is not a host this world answers/,
    )
    expect(world.audit.events({ eventName: 'GetObject' })).toEqual([])
  })
})

describe('world.requestHandler with credentials: signatures are verified in full', () => {
  beforeEach(() => start({ credentials: [testCredentials] }))

  it('accepts the SDK signature of headers, path and query as it built them', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'lane', Key: 'a b+c/ü(1).txt', Body: 'signed' }))
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'lane', Prefix: 'a b+c/' }))
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['a b+c/ü(1).txt'])
  })

  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const forger = new S3Client({
      region: 'us-east-1',
      credentials: { ...testCredentials, secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
      requestHandler: world.requestHandler,
    })
    const err = await errorOf(forger.send(new GetObjectCommand({ Bucket: 'lane', Key: 'x' })))
    expect(err.name).toBe('SignatureDoesNotMatch')
    expect(err.$metadata.httpStatusCode).toBe(403)
  })
})

describe('world.requestHandler: abortSignal', () => {
  beforeEach(() => start())

  it('an already aborted signal fails with AbortError and nothing reaches the world', async () => {
    const before = world.audit.events().length
    const err = await errorOf(
      s3.send(new GetObjectCommand({ Bucket: 'lane', Key: 'x' }), {
        abortSignal: AbortSignal.abort(),
      }),
    )
    expect(err.name).toBe('AbortError')
    expect(world.audit.events()).toHaveLength(before)
  })

  it('aborting mid-upload fails the call and stores nothing', async () => {
    const controller = new AbortController()
    let sent = false
    // A body that delivers one chunk, then waits forever: the abort is the only way out.
    const body = new Readable({
      read() {
        if (sent) return
        sent = true
        this.push(bytes(64 * 1024))
        setImmediate(() => {
          controller.abort()
        })
      },
    })
    const err = await errorOf(
      s3.send(
        new PutObjectCommand({ Bucket: 'lane', Key: 'cut', Body: body, ContentLength: 1 << 20 }),
        { abortSignal: controller.signal },
      ),
    )
    expect(err.name).toBe('AbortError')
    // The world sees the body end where the SDK stopped and answers as S3 does to a short body.
    await vi.waitFor(() => {
      expect(world.audit.events({ eventName: 'PutObject' })).toHaveLength(1)
    })
    expect(world.audit.events({ eventName: 'PutObject' })[0]?.errorCode).toBe('IncompleteBody')
    expect(world.s3.object('lane', 'cut').exists()).toBe(false)
  })

  it('aborting while the body is read fails the read', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'lane', Key: 'big', Body: bytes(1 << 20) }))
    const controller = new AbortController()
    const got = await s3.send(new GetObjectCommand({ Bucket: 'lane', Key: 'big' }), {
      abortSignal: controller.signal,
    })
    const body = got.Body as Readable
    const reading = new Promise<void>((resolve, reject) => {
      body.once('data', () => {
        controller.abort()
      })
      body.on('end', resolve)
      body.on('error', reject)
    })
    const err = await errorOf(reading)
    expect(err.name).toBe('AbortError')
  })
})

describe('world.requestHandler: the Request the world is handed', () => {
  it('is a Fetch Request whose members all work, body included', async () => {
    const seen: { method: string; url: string; type: string | null; text: string }[] = []
    const handler = createSdkRequestHandler(
      () => true,
      async (request) => {
        expect(request).toBeInstanceOf(Request)
        expect(request.bodyUsed).toBe(false)
        expect(request.signal.aborted).toBe(false)
        // clone() and text() are not answered by the fast lane itself: they must still work,
        // and the body stays readable after a clone (as a recorder wrapping world.handle reads it).
        const copy = request.clone()
        const text = await new Response(request.body).text()
        expect(await copy.text()).toBe(text)
        seen.push({
          method: request.method,
          url: request.url,
          type: request.headers.get('Content-Type'),
          text,
        })
        return new Response(null, { status: 200 })
      },
    )
    const client = new S3Client({
      region: 'us-east-1',
      credentials: testCredentials,
      maxAttempts: 1,
      requestHandler: handler,
    })
    await client.send(
      new PutObjectCommand({ Bucket: 'b', Key: 'a b', Body: 'hello', ContentType: 'text/x' }),
    )
    await client.send(new HeadObjectCommand({ Bucket: 'b', Key: 'a b' }))
    expect(seen).toEqual([
      {
        method: 'PUT',
        url: 'https://s3.us-east-1.amazonaws.com/b/a%20b?x-id=PutObject',
        type: 'text/x',
        text: 'hello',
      },
      { method: 'HEAD', url: 'https://s3.us-east-1.amazonaws.com/b/a%20b', type: null, text: '' },
    ])
  })
})
