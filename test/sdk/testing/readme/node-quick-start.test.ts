import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { setupMockAws } from '../../../../src/node.js'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'

// Your application code: the tenant's invoice under the key it is given.
async function storeInvoice(s3: S3Client, keyArn: string): Promise<void> {
  const context = Buffer.from(JSON.stringify({ tenant: 'acme' })).toString('base64')
  await s3.send(
    new PutObjectCommand({
      Bucket: 'invoices',
      Key: 'acme/42.pdf',
      Body: '%PDF-1.7 total 42.00 EUR',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
      SSEKMSEncryptionContext: context,
    }),
  )
}

// Outside the vitest entry points, the SDK's credentials are yours to provide (any values do).
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY ??= 'example-secret'

const aws = setupMockAws()
beforeAll(() => {
  aws.listen()
})
afterEach(() => {
  aws.reset()
})
afterAll(() => {
  aws.close()
})

test('invoices are stored under our KMS key, with the tenant in the context', async () => {
  const kms = new KMSClient({ region: 'us-east-1' })
  const s3 = new S3Client({ region: 'us-east-1' })
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  await s3.send(new CreateBucketCommand({ Bucket: 'invoices' }))

  await storeInvoice(s3, KeyMetadata!.Arn!)

  const stored = aws.s3.object('invoices', 'acme/42.pdf').describe()
  expect(stored?.encryption).toMatchObject({
    type: 'SSE-KMS',
    keyArn: KeyMetadata!.Arn,
    encryptionContext: { tenant: 'acme', 'aws:s3:arn': 'arn:aws:s3:::invoices/acme/42.pdf' },
  })
  expect(Buffer.from(aws.s3.rawObject('invoices', 'acme/42.pdf')).includes('PDF')).toBe(false)
})
