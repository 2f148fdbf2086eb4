import { GetObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { env, median, report, rounds, startTarget } from './shared.js'

/**
 * A `lib-storage` multipart upload (8 MiB parts, 4 at a time) and a GetObject of the whole, default
 * 256 MiB. `mock`: SSE-KMS with default SDK settings (Expect: 100-continue on every part, answered
 * by our transport); `floor`: bare MSW Map store with `expectContinueHeader: false`.
 */
const variant = process.argv[2] === 'floor' ? 'floor' : 'mock'
const mib = env('BENCH_MULTIPART_MIB', 256)
const roundCount = env('BENCH_ROUNDS', 3)
const body = Buffer.alloc(mib * 1024 * 1024, 9)

const { s3, sse: extra, stop } = await startTarget(variant)

async function roundTrip(): Promise<number> {
  const started = performance.now()
  const upload = new Upload({
    client: s3,
    queueSize: 4,
    partSize: 8 * 1024 * 1024,
    params: { Bucket: 'bench', Key: 'multi', Body: body, ...extra },
  })
  await upload.done()
  const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'multi' }))
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
  case: `multipart-${mib}MiB-${variant}`,
  metric: 'upload+get MiB/s',
  value: Math.round(median(results)),
  unit: 'MiB/s',
  rounds: results.map(Math.round),
  note:
    variant === 'mock'
      ? 'SSE-KMS, lib-storage, default SDK settings'
      : 'bare MSW, expectContinueHeader:false',
})
