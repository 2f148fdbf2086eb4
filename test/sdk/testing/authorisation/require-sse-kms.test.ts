import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { expect, test as base } from '../../../../src/vitest.js'

const test = base.extend({
  awsOptions: {
    principals: [
      {
        arn: 'arn:aws:iam::123456789012:role/pipeline',
        accessKeyId: 'AKIAPIPELINE00000001',
        secretAccessKey: 'pipeline-secret',
      },
      {
        arn: 'arn:aws:iam::123456789012:role/migration',
        accessKeyId: 'AKIAMIGRATION0000001',
        secretAccessKey: 'migration-secret',
      },
    ],
  },
})

/** Uploads must name the invoices key, except from the migration role. */
const policyFor = (keyArn: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RequireInvoicesKey',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::invoices/*',
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn },
        ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/migration' },
      },
    },
  ],
})

test('uploads need SSE-KMS with the invoices key, except from the migration role', async ({
  aws,
}) => {
  await aws.load({ buckets: [{ name: 'invoices' }] })
  const pipeline = aws.as('role/pipeline').config
  const key = await new KMSClient(pipeline).send(new CreateKeyCommand({}))
  const keyArn = key.KeyMetadata!.Arn!
  const s3 = new S3Client(pipeline)
  await s3.send(
    new PutBucketPolicyCommand({ Bucket: 'invoices', Policy: JSON.stringify(policyFor(keyArn)) }),
  )

  await s3.send(
    new PutObjectCommand({
      Bucket: 'invoices',
      Key: 'acme/1.pdf',
      Body: '%PDF',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
    }),
  )
  expect(aws.s3.object('invoices', 'acme/1.pdf')).toBeEncryptedWithKms({ keyId: keyArn })

  await expect(
    s3.send(new PutObjectCommand({ Bucket: 'invoices', Key: 'acme/2.pdf', Body: '%PDF' })),
  ).rejects.toThrow('with an explicit deny in a resource-based policy')
  expect(aws).toHaveDeniedS3Call('PutObject', {
    principal: 'role/pipeline',
    reason: 'bucket policy',
    explicit: true,
  })

  await new S3Client(aws.as('role/migration').config).send(
    new PutObjectCommand({ Bucket: 'invoices', Key: 'legacy/3.pdf', Body: '%PDF' }),
  )
  expect(aws.s3.object('invoices', 'legacy/3.pdf')).toBeEncryptedWithS3Managed()
})
