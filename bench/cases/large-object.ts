import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { env, median, report, rounds, startTarget } from './shared.js'

/**
 * One PutObject + GetObject of a large Buffer (default 64 MiB). `mock`: SSE-KMS with the SDK's
 * default settings (it sends Expect: 100-continue, which our transport answers); `floor`: bare MSW
 * with `expectContinueHeader: false` (nobody answers the header there).
 */
const variant = process.argv[2] === 'floor' ? 'floor' : 'mock'
const mib = env('BENCH_LARGE_MIB', 64)
const roundCount = env('BENCH_ROUNDS', 3)
const body = Buffer.alloc(mib * 1024 * 1024, 7)

const { s3, sse: extra, stop } = await startTarget(variant)

async function roundTrip(): Promise<number> {
  const started = performance.now()
  await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'big', Body: body, ...extra }))
  const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'big' }))
  const bytes = await got.Body?.transformToByteArray()
  if (bytes?.length !== body.length)
    throw new Error(`read ${bytes?.length} bytes, expected ${body.length}`)
  return (2 * mib) / ((performance.now() - started) / 1000)
}

const results = await rounds(
  roundCount,
  async () => {
    await roundTrip()
  },
  roundTrip,
)
stop()
report({
  case: `large-${mib}MiB-${variant}`,
  metric: 'put+get MiB/s',
  value: Math.round(median(results)),
  unit: 'MiB/s',
  rounds: results.map(Math.round),
  note:
    variant === 'mock' ? 'SSE-KMS, default SDK settings' : 'bare MSW, expectContinueHeader:false',
})
