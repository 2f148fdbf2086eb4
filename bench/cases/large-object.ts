import { PutObjectCommand } from '@aws-sdk/client-s3'
import { env, median, report, rounds, startTarget } from './shared.js'
import {
  largeVariant,
  removeObject,
  roundCost,
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
const phases = {
  put: [] as number[],
  get: [] as number[],
  cpuMs: [] as number[],
  faultedMiB: [] as number[],
}

async function roundTrip(): Promise<number> {
  const cost = roundCost()
  const started = performance.now()
  await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'big', Body: body, ...write }))
  const stored = performance.now()
  await streamedGet(s3, 'big', read, { length: body.length, fill })
  const done = performance.now()
  await removeObject(s3, 'big')
  const { cpuMs, faultedMiB } = cost()
  phases.cpuMs.push(cpuMs)
  phases.faultedMiB.push(faultedMiB)
  phases.put.push(mib / ((stored - started) / 1000))
  phases.get.push(mib / ((done - stored) / 1000))
  return (2 * mib) / ((done - started) / 1000)
}

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
  extra: {
    cpuMsPerRound: Math.round(median(phases.cpuMs.slice(1))),
    faultedMiBPerRound: Math.round(median(phases.faultedMiB.slice(1))),
  },
  note: `${what}; put ${String(Math.round(median(phases.put.slice(1))))} / get ${String(Math.round(median(phases.get.slice(1))))} MiB/s; peak RSS ${String(rssMultiple(mib))} × object`,
})
