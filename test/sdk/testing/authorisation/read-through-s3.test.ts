import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms'
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
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
        arn: 'arn:aws:iam::123456789012:role/reporting',
        accessKeyId: 'AKIAREPORTING0000001',
        secretAccessKey: 'reporting-secret',
        // The role may read invoices; nothing in its own policy mentions KMS.
        policy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::invoices/*' },
          ],
        },
      },
    ],
  },
})

// Any principal of the account may use the key, but only through S3 in us-east-1.
const keyPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Admins',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:role/pipeline' },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'ThroughS3Only',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': 's3.us-east-1.amazonaws.com',
          'kms:CallerAccount': '123456789012',
        },
      },
    },
  ],
}

test('reporting reads invoices through S3 but cannot decrypt with the key itself', async ({
  aws,
}) => {
  await aws.load({ buckets: [{ name: 'invoices' }] })
  const pipeline = aws.as('role/pipeline').config
  const key = await new KMSClient(pipeline).send(
    new CreateKeyCommand({ Policy: JSON.stringify(keyPolicy) }),
  )
  await new S3Client(pipeline).send(
    new PutObjectCommand({
      Bucket: 'invoices',
      Key: 'acme/42.txt',
      Body: 'total 42.00 EUR',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: key.KeyMetadata!.Arn!,
    }),
  )

  const reporting = aws.as('role/reporting').config
  const invoice = await new S3Client(reporting).send(
    new GetObjectCommand({ Bucket: 'invoices', Key: 'acme/42.txt' }),
  )
  expect(await invoice.Body!.transformToString()).toBe('total 42.00 EUR')

  // The same key, called directly: the ViaService condition does not hold, so KMS refuses.
  const secret = await new KMSClient(pipeline).send(
    new EncryptCommand({ KeyId: key.KeyMetadata!.Arn!, Plaintext: Buffer.from('db password') }),
  )
  await expect(
    new KMSClient(reporting).send(new DecryptCommand({ CiphertextBlob: secret.CiphertextBlob })),
  ).rejects.toThrow('because no resource-based policy allows the kms:Decrypt action')
  expect(aws).toHaveDeniedKmsCall('Decrypt', { principal: 'role/reporting', reason: 'key policy' })
})
