import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { expect, test } from '../../../../src/vitest.js'

const s3 = new S3Client({})

test('what was encrypted, under which key and context, and who decrypted it', async ({ aws }) => {
  await aws.load({
    keys: [{ aliases: ['alias/reports'] }],
    buckets: [{ name: 'reports', encryption: { type: 'SSE-KMS', key: 'alias/reports' } }],
  })
  await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'q1.csv', Body: 'Q1,100' }))
  await s3.send(
    new PutObjectCommand({
      Bucket: 'reports',
      Key: 'public.csv',
      Body: 'n/a',
      ServerSideEncryption: 'AES256',
    }),
  )
  await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'q1.csv' }))

  const q1 = aws.s3.object('reports', 'q1.csv')
  expect(q1).toBeEncryptedWithKms({ keyId: 'alias/reports' }) // key id, ARN, alias or alias ARN
  expect(q1).toHaveKmsCall('GenerateDataKey', {
    context: { 'aws:s3:arn': 'arn:aws:s3:::reports/q1.csv' },
  })
  expect(q1).toHaveBeenDecryptedBy('alias/reports')
  expect(aws.s3.object('reports', 'public.csv')).toBeEncryptedWithS3Managed()
  expect(aws.s3.object('reports', 'public.csv')).not.toHaveBeenDecryptedBy('alias/reports')
  expect(aws).toHaveKmsCall('Decrypt', { keyId: 'alias/reports' })
  expect(q1).not.toBeUnencrypted() // S3 encrypts every object at rest
})
