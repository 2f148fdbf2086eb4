import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { expect, test } from '../../../../src/vitest.js'

test("S3's own SlowDown, twice, on uploads to invoices/: the SDK's retries get through", async ({
  aws,
}) => {
  await aws.load({ buckets: [{ name: 'app' }] })
  aws.faults.inject({
    service: 's3',
    bucket: 'app',
    keyPrefix: 'invoices/',
    error: 'SlowDown', // or InternalError, ServiceUnavailable, RequestTimeout, NoSuchKey, …
    times: 2,
  })
  const s3 = new S3Client({}) // default retries: three attempts
  const put = await s3.send(new PutObjectCommand({ Bucket: 'app', Key: 'invoices/1', Body: 'x' }))

  expect(put.$metadata.attempts).toBe(3)
  expect(aws.audit.events({ eventName: 'PutObject' }).map((e) => e.errorCode)).toEqual([
    'SlowDown',
    'SlowDown',
    undefined,
  ])
})
