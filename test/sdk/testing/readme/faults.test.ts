import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { expect, test } from '../../../../src/vitest.js'

test('KMS throttling, as S3 reports it, once', async ({ aws }) => {
  await aws.load({
    keys: [{ aliases: ['alias/app'] }],
    buckets: [{ name: 'app', encryption: { type: 'SSE-KMS', key: 'alias/app' } }],
  })
  const fault = aws.faults.inject({
    service: 'kms',
    operation: 'GenerateDataKey',
    error: 'ThrottlingException', // or KMSInternalException, KeyUnavailableException, …
    times: 1, // or probability: 0.2; latencyMs: 500 for a slow KMS
  })
  const s3 = new S3Client({ maxAttempts: 1 })
  const put = () => s3.send(new PutObjectCommand({ Bucket: 'app', Key: 'a', Body: 'x' }))

  await expect(put()).rejects.toThrow(expect.objectContaining({ name: 'KMS.ThrottlingException' }))
  await put() // the rule is spent
  expect(fault.hits).toBe(1)
  expect(aws.audit.events({ injectedFault: { error: 'ThrottlingException' } })).toHaveLength(1)
})
