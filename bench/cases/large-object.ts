import { PutObjectCommand } from '@aws-sdk/client-s3'
import { env, median, report, rounds, startTarget } from './shared.js'
import {
  largeVariant,
  removeObject,
  roundLog,
  rssMultiple,
  sseC,
  streamedGet,
} from './large-shared.js'

/**
 * One PutObject + GetObject of a large Buffer (default 64 MiB), the GET read as a stream.
 * `mock`: SSE-KMS, `mock-sse-c`: SSE-C, both with the SDK's default settings (it sends
 * Expect: 100-continue, which our transport answers); `floor`: bare MSW with
 * `expectContinueHeader: false` (nobody answers the header there). The object is deleted after
 * each round (untimed). The note gives put and get MiB/s apart and peak RSS ÷ object size.
 */
const variant = largeVariant()
const mib = env('BENCH_LARGE_MIB', 64)
const roundCount = env('BENCH_ROUNDS', 3)
const fill = 7
const body = Buffer.alloc(mib * 1024 * 1024, fill)

const target = await startTarget(variant === 'floor' ? 'floor' : 'mock')
const { s3 } = target
const write = variant === 'mock-sse-c' ? await sseC(s3) : target.sse
const read = variant === 'mock-sse-c' ? write : {}
const log = roundLog(mib)

const roundTrip = (): Promise<number> =>
  log.round(
    () => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'big', Body: body, ...write })),
    () => streamedGet(s3, 'big', read, { length: body.length, fill }),
    () => removeObject(s3, 'big'),
  )

const results = await rounds(
  roundCount,
  async () => {
    await roundTrip()
  },
  roundTrip,
)
await target.stop()
const what = {
  mock: 'SSE-KMS, default SDK settings',
  'mock-sse-c': 'SSE-C, default SDK settings',
  floor: 'bare MSW, expectContinueHeader:false',
}[variant]
report({
  case: `large-${String(mib)}MiB-${variant}`,
  metric: 'put+get MiB/s',
  value: Math.round(median(results)),
  unit: 'MiB/s',
  rounds: results.map(Math.round),
  extra: log.extra(),
  note: `${what}; put ${String(log.putMiBs())} / get ${String(log.getMiBs())} MiB/s; peak RSS ${String(rssMultiple(mib))} × object`,
})
