import { Upload } from '@aws-sdk/lib-storage'
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
 * A `lib-storage` multipart upload (8 MiB parts, 4 at a time) and a streamed GetObject of the
 * whole, default 256 MiB. `mock`: SSE-KMS, `mock-sse-c`: SSE-C, both with default SDK settings
 * (Expect: 100-continue on every part, answered by our transport); `floor`: bare MSW Map store
 * with `expectContinueHeader: false`. The object is deleted after each round (untimed). The note
 * gives upload and get MiB/s apart and peak RSS ÷ object size.
 */
const variant = largeVariant()
const mib = env('BENCH_MULTIPART_MIB', 256)
const roundCount = env('BENCH_ROUNDS', 3)
const fill = 9
const body = Buffer.alloc(mib * 1024 * 1024, fill)

const target = await startTarget(variant === 'floor' ? 'floor' : 'mock')
const { s3 } = target
const write = variant === 'mock-sse-c' ? await sseC(s3) : target.sse
const read = variant === 'mock-sse-c' ? write : {}
const log = roundLog(mib)

const roundTrip = (): Promise<number> =>
  log.round(
    () =>
      new Upload({
        client: s3,
        queueSize: 4,
        partSize: 8 * 1024 * 1024,
        params: { Bucket: 'bench', Key: 'multi', Body: body, ...write },
      }).done(),
    () => streamedGet(s3, 'multi', read, { length: body.length, fill }),
    () => removeObject(s3, 'multi'),
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
  mock: 'SSE-KMS, lib-storage, default SDK settings',
  'mock-sse-c': 'SSE-C, lib-storage, default SDK settings',
  floor: 'bare MSW, expectContinueHeader:false',
}[variant]
report({
  case: `multipart-${String(mib)}MiB-${variant}`,
  metric: 'upload+get MiB/s',
  value: Math.round(median(results)),
  unit: 'MiB/s',
  rounds: results.map(Math.round),
  extra: log.extra(),
  note: `${what}; upload ${String(log.putMiBs())} / get ${String(log.getMiBs())} MiB/s; peak RSS ${String(rssMultiple(mib))} × object`,
})
