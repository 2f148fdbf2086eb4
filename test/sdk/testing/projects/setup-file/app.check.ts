import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { expect, test } from 'vitest'
import { aws } from '../../../../../src/vitest-setup.js'

// Application code: its own clients with default endpoints, nothing pointed at the mock.
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
const s3 = new S3Client({ region: 'us-east-1', credentials })
const kms = new KMSClient({ region: 'us-east-1', credentials })

async function storeInvoice(keyId: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: 'invoices' }))
  await s3.send(
    new PutObjectCommand({
      Bucket: 'invoices',
      Key: 'acme/42.txt',
      Body: 'total: 42',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyId,
    }),
  )
}

test('application clients are answered by the setup file world', async () => {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  await storeInvoice(KeyMetadata!.KeyId!)
  const got = await s3.send(new GetObjectCommand({ Bucket: 'invoices', Key: 'acme/42.txt' }))
  expect(await got.Body!.transformToString()).toBe('total: 42')
  expect(aws.s3.object('invoices', 'acme/42.txt')).toBeEncryptedWithKms({
    keyId: KeyMetadata!.Arn!,
  })
})

test('a client with no configuration at all is answered too', async () => {
  // No region, no credentials: the setup file provides dummy ones when the environment has none.
  const bare = new S3Client({})
  await bare.send(new CreateBucketCommand({ Bucket: 'bare-client' }))
  expect(aws.s3.buckets()).toEqual(['bare-client'])
})

test('the world is emptied after each test', async () => {
  const { Buckets } = await s3.send(new ListBucketsCommand({}))
  expect(Buckets).toEqual([])
  expect(aws.kms.keys()).toEqual([])
})
