import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { Readable } from 'node:stream'
import { createMockAws, type SdkRequestHandler } from '../../src/index.js'
import type { SdkHttpRequest } from '../../src/transport/sdk-request-handler.js'
import { client, credentials, env, median, report, rounds } from './shared.js'

/**
 * The fast lane: PutObject + GetObject of 4 KiB through the real S3 client with
 * `requestHandler: world.requestHandler` (no MSW, no sockets), SSE-KMS with a customer key and an
 * encryption context. `floor`: an SDK `requestHandler` that answers from a Map, with no
 * interception, no crypto and no checks, so the ratio isolates what the world itself costs.
 */
const variant = process.argv[2] === 'floor' ? 'floor' : 'mock'
const ops = env('BENCH_SMALL_OPS', 300)
const roundCount = env('BENCH_ROUNDS', 3)
const body = new Uint8Array(4096).fill(42)

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0)
  if (typeof body === 'string') return Buffer.from(body)
  if (body instanceof Uint8Array) return body
  if (!(body instanceof Readable)) throw new TypeError('unexpected body type')
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The floor: a Map behind the SDK's requestHandler seam, answering PUT and GET only. */
function mapHandler(): SdkRequestHandler {
  const store = new Map<string, Uint8Array>()
  const empty = (): Readable => Readable.from([])
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkHttpRequest) {
      const key = `${request.hostname}${request.path}`
      if (request.method === 'PUT') {
        store.set(key, await bodyBytes(request.body))
        return { response: { statusCode: 200, headers: { etag: '"map"' }, body: empty() } }
      }
      const stored = store.get(key)
      if (stored === undefined) {
        return { response: { statusCode: 404, headers: {}, body: empty() } }
      }
      return {
        response: {
          statusCode: 200,
          headers: { 'content-length': String(stored.length) },
          body: Readable.from([Buffer.from(stored)]),
        },
      }
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  }
}

async function start(): Promise<{ s3: S3Client; extra: object }> {
  if (variant === 'floor') return { s3: client({ requestHandler: mapHandler() }), extra: {} }
  const aws = createMockAws()
  const s3 = client({ requestHandler: aws.requestHandler })
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
  const kms = new KMSClient({
    region: 'us-east-1',
    credentials,
    requestHandler: aws.requestHandler,
  })
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  return {
    s3,
    extra: {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KeyMetadata?.KeyId,
      SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ app: 'bench' })).toString('base64'),
    },
  }
}

const { s3, extra } = await start()

async function pass(n: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < n; i++) {
    await s3.send(
      new PutObjectCommand({ Bucket: 'bench', Key: `k${i % 50}`, Body: body, ...extra }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `k${i % 50}` }))
    await got.Body?.transformToByteArray()
  }
  return (n * 2) / ((performance.now() - started) / 1000)
}

const results = await rounds(
  roundCount,
  async () => {
    await pass(Math.min(100, ops))
  },
  () => pass(ops),
)
report({
  case: `fast-lane-4KiB-${variant}`,
  metric: 'put+get ops/s',
  value: Math.round(median(results)),
  unit: 'ops/s',
  rounds: results.map(Math.round),
  note:
    variant === 'mock'
      ? 'world.requestHandler, SSE-KMS, customer key, encryption context'
      : 'SDK requestHandler over a Map',
})
