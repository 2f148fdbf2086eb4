import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { expect, test } from '../../../../src/vitest.js'

const s3 = new S3Client({}) // one client shared by every test, as in an application

test.concurrent('each test has its own world…', async ({ aws }) => {
  await s3.send(new CreateBucketCommand({ Bucket: 'same-name' }))
  expect(aws.s3.buckets()).toEqual(['same-name'])
})

test.concurrent('…even when tests run at the same time', async ({ aws }) => {
  await s3.send(new CreateBucketCommand({ Bucket: 'same-name' })) // no BucketAlreadyOwnedByYou
  const { Buckets } = await s3.send(new ListBucketsCommand({}))
  expect(Buckets?.map((b) => b.Name)).toEqual(['same-name'])
  expect(aws.audit.events({ eventName: 'CreateBucket' })).toHaveLength(1)
})

const inEurope = test.extend({ awsOptions: { region: 'eu-west-1', seed: 'my-seed' } })

inEurope('worlds take the options of createMockAws', ({ aws }) => {
  expect(aws.region).toBe('eu-west-1')
})
