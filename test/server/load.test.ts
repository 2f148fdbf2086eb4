import { CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { createHash } from 'node:crypto'
import https from 'node:https'
import { describe, expect, it } from 'vitest'
import { testCredentials } from '../support/kms.js'
import { bodyBytes } from '../support/s3.js'
import { kmsFor, pattern, s3For, useServer } from './support.js'

/**
 * Load (issue 5): many concurrent clients, each on its own connection, doing mixed SSE-KMS,
 * SSE-S3 and SSE-C put/head/get. Bounded in count, not in time; asserts zero errors and no lost
 * or altered object. Figures are printed for bench/RESULTS.md, never asserted.
 */
const CLIENTS = 200
const OBJECTS_PER_CLIENT = 5 // × put + head + get = 15 requests per client
const BUCKET = 'load'
const WARM_UP = 'warm-up'

type Mode = 'SSE-KMS' | 'SSE-S3' | 'SSE-C'
const MODES: readonly Mode[] = ['SSE-KMS', 'SSE-S3', 'SSE-C']

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

describe('server under load (https, so SSE-C is allowed)', () => {
  const server = useServer({ https: true })

  it(`${CLIENTS} concurrent clients × ${OBJECTS_PER_CLIENT} objects: no errors, nothing lost`, async () => {
    const admin = s3For(server())
    const { KeyMetadata } = await kmsFor(server()).send(new CreateKeyCommand({}))
    const keyArn = KeyMetadata!.Arn!
    await admin.send(new CreateBucketCommand({ Bucket: BUCKET }))
    await admin.send(new CreateBucketCommand({ Bucket: WARM_UP }))
    await admin.send(
      new PutBucketEncryptionCommand({
        Bucket: BUCKET,
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

    const latencies: number[] = []
    const errors: unknown[] = []
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const start = performance.now()
      try {
        return await call()
      } finally {
        latencies.push(performance.now() - start)
      }
    }

    // Each client's first PutObject/HeadObject/GetObject builds that command's SDK middleware and
    // serde (tens of ms of CPU, in this same process): measured, they made the first round look
    // like a 13 s server stall. So every client does one untimed round first; then all go at once.
    let go: () => void = () => undefined
    const starting = new Promise<void>((resolve) => (go = resolve))
    let warm = 0
    let allWarm: () => void = () => undefined
    const warmedUp = new Promise<void>((resolve) => (allWarm = resolve))

    const runClient = async (c: number): Promise<void> => {
      // One connection per client: 200 sockets, kept alive across its requests.
      const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: server().ca! })
      const s3 = new S3Client({
        region: 'us-east-1',
        credentials: testCredentials,
        endpoint: server().url,
        forcePathStyle: true,
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
      })
      try {
        await s3.send(new PutObjectCommand({ Bucket: WARM_UP, Key: `c${c}`, Body: 'warm' }))
        await s3.send(new HeadObjectCommand({ Bucket: WARM_UP, Key: `c${c}` }))
        const warmBody = await s3.send(new GetObjectCommand({ Bucket: WARM_UP, Key: `c${c}` }))
        await bodyBytes(warmBody.Body)
        if (++warm === CLIENTS) allWarm()
        await starting
        for (let i = 0; i < OBJECTS_PER_CLIENT; i++) {
          const mode = MODES[(c + i) % MODES.length]!
          const key = `c${c}/o${i}`
          const body = pattern(1024 + ((c * 7919 + i * 104729) % (32 * 1024)), c * 100 + i + 1)
          const customerKey = pattern(32, c + 1).toString('base64')
          const encryption =
            mode === 'SSE-KMS'
              ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: keyArn }
              : mode === 'SSE-C'
                ? { SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey }
                : { ServerSideEncryption: 'AES256' as const }
          const read = mode === 'SSE-C' ? encryption : {}
          try {
            await timed(() =>
              s3.send(
                new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...encryption }),
              ),
            )
            const head = await timed(() =>
              s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ...read })),
            )
            expect(head.ContentLength).toBe(body.length)
            const got = await timed(async () => {
              const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ...read }))
              return bodyBytes(out.Body)
            })
            expect(got.equals(body)).toBe(true)
          } catch (error) {
            errors.push(error)
          }
        }
      } finally {
        s3.destroy()
        agent.destroy()
      }
    }

    const clients = Promise.all(Array.from({ length: CLIENTS }, (_, c) => runClient(c)))
    await warmedUp
    const started = performance.now()
    go()
    await clients
    const seconds = (performance.now() - started) / 1000

    expect(errors).toEqual([])
    const listed: string[] = []
    let token: string | undefined
    do {
      const page = await admin.send(
        new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }),
      )
      listed.push(...(page.Contents ?? []).map((o) => o.Key!))
      token = page.NextContinuationToken
    } while (token !== undefined)
    expect(listed).toHaveLength(CLIENTS * OBJECTS_PER_CLIENT)
    const kinds = new Map<string, number>()
    for (const key of listed) {
      const type = server().world.s3.object(BUCKET, key).describe()?.encryption.type ?? 'none'
      kinds.set(type, (kinds.get(type) ?? 0) + 1)
    }
    expect([...kinds.keys()].sort()).toEqual(['SSE-C', 'SSE-KMS', 'SSE-S3'])

    const sorted = [...latencies].sort((a, b) => a - b)
    const digest = createHash('sha256').update(listed.sort().join('\n')).digest('hex').slice(0, 12)
    console.log(
      `[load] ${CLIENTS} clients, ${latencies.length} requests in ${seconds.toFixed(2)} s: ` +
        `${(latencies.length / seconds).toFixed(0)} req/s, p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${percentile(sorted, 100).toFixed(1)} ms; ` +
        `errors ${errors.length}; objects ${listed.length} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}; keys ${digest})`,
    )
  }, 180_000)
})
