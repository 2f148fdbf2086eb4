import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { env, median, report, rounds, startTarget, variantArg } from './shared.js'

/**
 * PutObject + GetObject of 4 KiB through the real S3 client, default settings, SSE-KMS with a
 * customer key and an encryption context. `mock`: s3-kms-mock (setupMockAws); `floor`: bare MSW
 * Map store; `sdk-mock`: the SDK alone with aws-sdk-client-mock canned outputs; `s3rver`: the
 * s3rver fake S3 server on 127.0.0.1. Every target gets the same requests.
 */
const variant = variantArg('mock', 'floor', 'sdk-mock', 's3rver')
const ops = env('BENCH_SMALL_OPS', 300)
const roundCount = env('BENCH_ROUNDS', 3)
const body = new Uint8Array(4096).fill(42)
const { s3, sse: extra, stop } = await startTarget(variant, { app: 'bench' })

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

const notes = {
  mock: 'SSE-KMS, customer key, encryption context',
  floor: 'bare MSW Map store',
  'sdk-mock': 'aws-sdk-client-mock canned outputs (no middleware, no transport)',
  s3rver: 's3rver on 127.0.0.1 (ignores SSE-KMS)',
}
const results = await rounds(
  roundCount,
  async () => {
    await pass(Math.min(100, ops))
  },
  () => pass(ops),
)
await stop()
report({
  case: `small-4KiB-${variant}`,
  metric: 'put+get ops/s',
  value: Math.round(median(results)),
  unit: 'ops/s',
  rounds: results.map(Math.round),
  note: notes[variant],
})
