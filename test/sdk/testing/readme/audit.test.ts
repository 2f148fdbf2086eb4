import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { expect, test } from '../../../../src/vitest.js'

test('every call is a CloudTrail-shaped event', async ({ aws }) => {
  await aws.load({ keys: [{ aliases: ['alias/logs'] }], buckets: [{ name: 'logs' }] })
  await new S3Client({}).send(
    new PutObjectCommand({
      Bucket: 'logs',
      Key: 'today.log',
      Body: '…',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/logs',
    }),
  )

  const [event] = aws.audit.events({
    eventSource: 'kms.amazonaws.com',
    eventName: 'GenerateDataKey',
    userIdentity: { invokedBy: 's3.amazonaws.com' }, // S3 called KMS for you
  })
  expect(event?.requestParameters).toEqual({
    keyId: 'alias/logs',
    keySpec: 'AES_256',
    encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::logs/today.log' },
  })
  expect(event?.resources[0]?.ARN).toBe(aws.kms.describeKey('alias/logs').Arn)
  expect(aws.audit.events((e) => e.errorCode !== undefined)).toEqual([])
})
