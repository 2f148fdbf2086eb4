import { createHash } from 'node:crypto'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createMockAws } from '../../../src/index.js'
import { listenWorld } from '../../../src/node.js'
import { testCredentials } from '../../support/kms.js'

/**
 * `listenWorld` is the one MSW set-up (setupMockAws, the fixtures and the contract suite's
 * in-process target use it): a world made with createMockAws answers the real SDK through it,
 * a 3 MiB upload included (the SDK sends `Expect: 100-continue` from 2 MiB, which it answers).
 */
const aws = createMockAws()
const exchanges: string[] = []
let listening: ReturnType<typeof listenWorld>
beforeAll(() => {
  listening = listenWorld(
    {
      owns: (url) => aws.owns(url),
      handle: (request) => {
        exchanges.push(request.method)
        return aws.handle(request)
      },
    },
    { onUnhandledRequest: 'error' },
  )
})
afterAll(() => {
  listening.close()
})

it('answers the SDK through MSW, large bodies included, from the wrapped handle', async () => {
  const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
  await s3.send(new CreateBucketCommand({ Bucket: 'listened' }))
  const body = Buffer.alloc(3 * 1024 * 1024, 7)
  await s3.send(new PutObjectCommand({ Bucket: 'listened', Key: 'big', Body: body }))
  const got = await s3.send(new GetObjectCommand({ Bucket: 'listened', Key: 'big' }))
  const bytes = await got.Body?.transformToByteArray()
  expect(
    createHash('sha256')
      .update(bytes ?? new Uint8Array())
      .digest('hex'),
  ).toBe(createHash('sha256').update(body).digest('hex'))
  expect(exchanges).toEqual(['PUT', 'PUT', 'GET'])
  expect(aws.audit.events({ eventName: 'PutObject' })).toHaveLength(1)
  s3.destroy()
})
