import { CreateBucketCommand, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { http, HttpResponse } from 'msw'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { setupMockAwsWorker } from '../../src/browser.js'

/**
 * Per-request time of a presigned PUT from the page (bench/browser.ts runs this file): through
 * s3-kms-mock/browser (relay, CORS preflight, real encryption) and through a bare handler on
 * the same MSW worker that keeps the bytes in a Map, in the same run. Prints `BENCH {json}`.
 */
const aws = setupMockAwsWorker()
beforeAll(() => aws.start())
afterAll(() => aws.stop())

/** Rounds per size, from bench/browser/vitest.config.ts (`--smoke` takes fewer). */
declare const __BENCH_ROUNDS__: { small: number; large: number }

const sizes = [
  { label: '4 KiB', bytes: 4 * 1024, rounds: __BENCH_ROUNDS__.small },
  { label: '8 MiB', bytes: 8 * 1024 * 1024, rounds: __BENCH_ROUNDS__.large },
]

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

test('presigned PUT per request: s3-kms-mock/browser beside a bare setupWorker handler', async () => {
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
    requestHandler: aws.requestHandler,
  })
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: 'bench',
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }] },
    }),
  )
  const bare = new Map<string, Uint8Array>()
  aws.worker.use(
    http.put('https://bare.example/*', async ({ request }) => {
      bare.set(request.url, new Uint8Array(await request.arrayBuffer()))
      return new HttpResponse(null, { status: 200 })
    }),
  )
  for (const size of sizes) {
    const body = new Uint8Array(size.bytes).fill(0x61)
    const time = async (url: string): Promise<number> => {
      const started = performance.now()
      const response = await fetch(url, { method: 'PUT', body })
      expect(response.status).toBe(200)
      return performance.now() - started
    }
    const urls = await Promise.all(
      Array.from({ length: size.rounds + 1 }, (_, i) =>
        getSignedUrl(s3, new PutObjectCommand({ Bucket: 'bench', Key: `k${String(i)}` })),
      ),
    )
    // One warm-up each, then alternate so both see the same machine load.
    await time(urls[0]!)
    await time('https://bare.example/warm')
    const mock: number[] = []
    const floor: number[] = []
    for (let i = 1; i <= size.rounds; i++) {
      mock.push(await time(urls[i]!))
      floor.push(await time(`https://bare.example/${String(i)}`))
    }
    expect(await aws.s3.object('bench', `k${String(size.rounds)}`).exists()).toBe(true)
    console.log(
      `BENCH ${JSON.stringify({ size: size.label, rounds: size.rounds, mockMs: median(mock), bareMs: median(floor) })}`,
    )
    await aws.reset()
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: 'bench',
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }] },
      }),
    )
  }
})
