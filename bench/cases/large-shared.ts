import { randomBytes } from 'node:crypto'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
} from '@aws-sdk/client-s3'
import type { S3Client } from '@aws-sdk/client-s3'
import { median } from './shared.js'

/**
 * What the large-object cases (large-object.ts, multipart.ts) share: the variant, the SSE members
 * of each variant, a streamed GetObject, the clean-up between rounds and the per-round log.
 *
 * Variants: `mock` (SSE-KMS under a customer key), `mock-sse-c` (SSE-C), `floor` (bare MSW).
 */
export type LargeVariant = 'mock' | 'mock-sse-c' | 'floor'

export function largeVariant(): LargeVariant {
  const given = process.argv[2] ?? 'mock'
  if (given === 'mock' || given === 'mock-sse-c' || given === 'floor') return given
  throw new Error(`unknown variant ${given}; this case knows mock, mock-sse-c, floor`)
}

/**
 * SSE-C request members (a fresh 256-bit key; the SDK adds the key's MD5 itself), after
 * unblocking SSE-C on the bench bucket: new buckets refuse SSE-C writes by default, as on AWS
 * since 2026 (blocking-unblocking-s3-c-encryption-gpb).
 */
export async function sseC(
  s3: S3Client,
): Promise<{ SSECustomerAlgorithm: 'AES256'; SSECustomerKey: string }> {
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'bench',
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
  return { SSECustomerAlgorithm: 'AES256', SSECustomerKey: randomBytes(32).toString('base64') }
}

/**
 * Reads an object as an application streaming it would (to a file, a hash, a socket): chunk by
 * chunk, nothing kept. `transformToByteArray()` would hold the whole body twice (the SDK's chunks
 * and their concatenation) in both the mock and the floor, which measures the reader, not us.
 */
export async function streamedGet(
  s3: S3Client,
  key: string,
  read: Record<string, string>,
  expected: { length: number; fill: number },
): Promise<void> {
  const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key, ...read }))
  let length = 0
  let wrong = 0
  for await (const chunk of got.Body as AsyncIterable<Uint8Array>) {
    length += chunk.length
    if (chunk[0] !== expected.fill || chunk[chunk.length - 1] !== expected.fill) wrong += 1
  }
  if (length !== expected.length || wrong > 0) {
    throw new Error(`read ${length} bytes (${wrong} bad chunks), expected ${expected.length}`)
  }
}

/**
 * Deletes the round's object (not timed), as a suite's reset between tests would: each round then
 * starts from the same state, and peak RSS is one object's worth of store, not the previous
 * round's version plus the new one.
 */
export async function removeObject(s3: S3Client, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: 'bench', Key: key }))
}

/**
 * What one round cost this process besides wall time: CPU ms (user + system, all threads) and MiB
 * of memory touched for the first time (minor page faults × 4 KiB). On a VM whose page faults
 * trap to the hypervisor (this project's, 2026-12: ~3 ms CPU per fresh MiB against ~0.2 on bare
 * metal) a case that copies whole bodies into fresh allocations is bound by its faults, not by
 * its work; the figure shows which one a MiB/s measures.
 */
function roundCost(): () => { cpuMs: number; faultedMiB: number } {
  const cpu = process.cpuUsage()
  const faults = process.resourceUsage().minorPageFault
  return () => {
    const spent = process.cpuUsage(cpu)
    return {
      cpuMs: (spent.user + spent.system) / 1000,
      faultedMiB: ((process.resourceUsage().minorPageFault - faults) * 4) / 1024,
    }
  }
}

/**
 * The rounds of a large-object case: each one writes `mib` MiB, reads them back and cleans up
 * (untimed, but inside its CPU and fault cost). Keeps put and get MiB/s apart and the cost of
 * each round; the summaries leave out the first round (the warm-up).
 */
export function roundLog(mib: number) {
  const phases = {
    put: [] as number[],
    get: [] as number[],
    cpuMs: [] as number[],
    faultedMiB: [] as number[],
  }
  const afterWarmUp = (values: number[]): number => Math.round(median(values.slice(1)))
  return {
    /** One round; its put+get MiB/s. */
    async round(
      write: () => Promise<unknown>,
      read: () => Promise<unknown>,
      cleanUp: () => Promise<unknown>,
    ): Promise<number> {
      const cost = roundCost()
      const started = performance.now()
      await write()
      const stored = performance.now()
      await read()
      const done = performance.now()
      await cleanUp()
      const { cpuMs, faultedMiB } = cost()
      phases.cpuMs.push(cpuMs)
      phases.faultedMiB.push(faultedMiB)
      phases.put.push(mib / ((stored - started) / 1000))
      phases.get.push(mib / ((done - stored) / 1000))
      return (2 * mib) / ((done - started) / 1000)
    },
    putMiBs: () => afterWarmUp(phases.put),
    getMiBs: () => afterWarmUp(phases.get),
    extra: () => ({
      cpuMsPerRound: afterWarmUp(phases.cpuMs),
      faultedMiBPerRound: afterWarmUp(phases.faultedMiB),
    }),
  }
}

/** Peak RSS of this process over the object size, e.g. 2.4 (the target: ≤ 2 + 150/size). */
export function rssMultiple(objectMiB: number): number {
  const peakMiB = process.resourceUsage().maxRSS / 1024
  return Math.round((peakMiB / objectMiB) * 100) / 100
}
