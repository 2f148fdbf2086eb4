import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ManualClock } from '../../../../src/index.js'
import { setupMockAws } from '../../../../src/node.js'
import { expect, test } from 'vitest'

const s3 = new S3Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
})

test('a seed makes ids, data keys, IVs and ciphertexts the same on every run', async () => {
  const run = async (): Promise<string> => {
    const aws = setupMockAws({ seed: 'invoices', clock: new ManualClock('2026-01-01T00:00:00Z') })
    aws.listen()
    try {
      await aws.load({ keys: [{ aliases: ['alias/k'] }], buckets: [{ name: 'seeded' }] })
      const put = new PutObjectCommand({
        Bucket: 'seeded',
        Key: 'a',
        Body: 'x',
        SSEKMSKeyId: 'alias/k',
        ServerSideEncryption: 'aws:kms',
      })
      const { VersionId, ETag } = await s3.send(put)
      const bytes = Buffer.from(aws.s3.rawObject('seeded', 'a')).toString('hex')
      return `${aws.kms.describeKey('alias/k').KeyId} ${VersionId} ${ETag} ${bytes}`
    } finally {
      aws.close()
    }
  }
  expect(await run()).toBe(await run())
})
