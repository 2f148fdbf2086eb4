import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { createMockAws } from '../../../../src/index.js'
import { expect } from '../../../../src/vitest.js'
import { afterEach, test } from 'vitest'

// No MSW server and no listen(): the client you build answers from the world in-process.
const aws = createMockAws()
const s3 = new S3Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' },
  requestHandler: aws.requestHandler,
})
afterEach(() => {
  aws.reset()
})

test('the fast lane runs the same S3 and KMS: SSE-KMS, audit, errors', async () => {
  await aws.load({ keys: [{ aliases: ['alias/app'] }], buckets: [{ name: 'app' }] })
  await s3.send(
    new PutObjectCommand({
      Bucket: 'app',
      Key: 'a.txt',
      Body: 'hello',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/app',
    }),
  )
  const got = await s3.send(new GetObjectCommand({ Bucket: 'app', Key: 'a.txt' }))
  expect(await got.Body?.transformToString()).toBe('hello')
  expect(aws.s3.object('app', 'a.txt')).toBeEncryptedWithKms({ keyId: 'alias/app' })
  expect(aws).toHaveKmsCall('Decrypt', { keyId: 'alias/app' })
  await expect(
    s3.send(new GetObjectCommand({ Bucket: 'app', Key: 'b.txt' })),
  ).rejects.toBeInstanceOf(NoSuchKey)
})
