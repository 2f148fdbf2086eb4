import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { createMockAws, type MockAws } from '../../src/index.js'
import { client, credentials, env, median, report, round } from './shared.js'

/**
 * `reset()` of a world holding 10,000 objects (issue #7 target: < 1 ms). The world is filled
 * through the real S3 client on the fast lane (`world.requestHandler`): three buckets, a third of
 * the objects SSE-KMS under a customer key with an encryption context, a third SSE-S3 by bucket
 * default, a third SSE-S3 by request, so the world also holds 10,000+ audit events. Each round
 * fills a world and times one `reset()`; a warm-up round on a small world comes first.
 * `extra.gcAfterMs`: the full GC that follows (run with --expose-gc), where the dropped state is
 * actually freed; V8 does that work later and incrementally in a real suite.
 */
const objects = env('BENCH_RESET_OBJECTS', 10_000)
// Each round refills 10,000 objects (~10 s): at most 3 rounds, whatever BENCH_ROUNDS says.
const roundCount = Math.min(3, env('BENCH_ROUNDS', 3))
const body = new Uint8Array(1024).fill(5)
const gc = (globalThis as { gc?: () => void }).gc

async function fill(world: MockAws, count: number): Promise<void> {
  const s3 = client({ requestHandler: world.requestHandler })
  const kms = new KMSClient({
    region: 'us-east-1',
    credentials,
    requestHandler: world.requestHandler,
  })
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'reset bench' }))
  const buckets = ['reset-kms', 'reset-default', 'reset-s3']
  for (const Bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket }))
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'reset-default',
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
  )
  const context = Buffer.from(JSON.stringify({ app: 'bench' })).toString('base64')
  const put = (i: number): Promise<unknown> => {
    const Bucket = buckets[i % 3] ?? 'reset-s3'
    const sse =
      i % 3 === 0
        ? {
            ServerSideEncryption: 'aws:kms' as const,
            SSEKMSKeyId: KeyMetadata?.KeyId,
            SSEKMSEncryptionContext: context,
          }
        : i % 3 === 2
          ? { ServerSideEncryption: 'AES256' as const }
          : {}
    return s3.send(
      new PutObjectCommand({ Bucket, Key: `objects/${String(i)}`, Body: body, ...sse }),
    )
  }
  // 20 in flight: the fast lane has no socket, so this only overlaps the SDK's awaits.
  for (let i = 0; i < count; i += 20) {
    const batch: Promise<unknown>[] = []
    for (let j = i; j < Math.min(count, i + 20); j++) batch.push(put(j))
    await Promise.all(batch)
  }
  const held = world.s3.buckets().reduce((n, b) => n + world.s3.keys(b).length, 0)
  if (held !== count)
    throw new Error(`world holds ${String(held)} objects, expected ${String(count)}`)
}

interface Round {
  resetMs: number
  gcAfterMs: number
  fillS: number
}

async function oneRound(count: number): Promise<Round> {
  const world = createMockAws()
  const started = performance.now()
  await fill(world, count)
  const fillS = (performance.now() - started) / 1000
  gc?.()
  const before = performance.now()
  world.reset()
  const resetMs = performance.now() - before
  if (world.s3.buckets().length !== 0) throw new Error('reset left buckets behind')
  const gcStart = performance.now()
  gc?.()
  return { resetMs, gcAfterMs: gc === undefined ? Number.NaN : performance.now() - gcStart, fillS }
}

await oneRound(Math.min(1000, objects))
const results: Round[] = []
for (let i = 0; i < roundCount; i++) results.push(await oneRound(objects))
report({
  case: `reset-${String(objects)}-objects`,
  metric: 'reset() ms',
  value: round(median(results.map((r) => r.resetMs))),
  unit: 'ms',
  rounds: results.map((r) => round(r.resetMs)),
  note: `world of ${String(objects)} objects (1 KiB, SSE-KMS / SSE-S3), filled on the fast lane`,
  extra: {
    gcAfterMs: round(median(results.map((r) => r.gcAfterMs))),
    fillObjectsPerS: Math.round(objects / median(results.map((r) => r.fillS))),
  },
})
