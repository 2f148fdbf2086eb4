import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { expect, test } from 'vitest'
import {
  contractPassed,
  defineScenario,
  formatReport,
  inProcessTarget,
  runContract,
  scenarios,
} from '../../../../src/contract.js'

// Your own scenario, written once: the same code runs against AWS with `--target aws`.
const reportsUseBucketKeys = defineScenario({
  name: 'reports-use-bucket-keys',
  description: 'reports are stored under SSE-KMS with a bucket key',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    const Key = t.key('report.csv')
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key,
        Body: 'id,total',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.arn,
        BucketKeyEnabled: true,
      }),
    )
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key }))
    t.check('encryption', head.ServerSideEncryption, 'aws:kms')
    t.check('key', head.SSEKMSKeyId, key.arn)
    t.check('bucket key', head.BucketKeyEnabled, true)
  },
})

test('the mock agrees with our scenario and the shipped SSE-KMS ones', async () => {
  const results = await runContract({
    targets: [inProcessTarget()],
    scenarios: [reportsUseBucketKeys, ...scenarios.filter((s) => s.name.startsWith('sse-kms-'))],
  })
  expect(contractPassed(results), formatReport(results)).toBe(true)
})
