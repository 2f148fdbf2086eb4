/* global console, Buffer, fetch -- run by Node in .ci/oldest-sdk.sh */
// The seed scenarios through the oldest supported AWS SDK v3 (run by .ci/oldest-sdk.sh in a temp
// project where the packed s3-kms-mock sits beside @aws-sdk/client-s3@3.300.0): SSE-KMS put/get,
// SSE-C put/get, KMS encrypt/decrypt, a presigned URL. Plain node, no test runner: any failure
// throws and exits non-zero.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { setupMockAws } from 's3-kms-mock/node'

const require = createRequire(import.meta.url)
const versions = ['@aws-sdk/client-s3', '@aws-sdk/client-kms', '@aws-sdk/s3-request-presigner'].map(
  (name) => `${name}@${require(`${name}/package.json`).version}`,
)
console.log(`oldest-sdk: ${versions.join(', ')}`)

// An SDK this old cannot send BlockedEncryptionTypes, so SSE-C needs buckets as before April 2026.
const aws = setupMockAws({ blockSseCOnNewBuckets: false })
aws.listen({ onUnhandledRequest: 'error' })
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' }
const s3 = new S3Client({ region: 'us-east-1', credentials })
const kms = new KMSClient({ region: 'us-east-1', credentials })
const text = async (body) => Buffer.from(await body.transformToByteArray()).toString()

try {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  await s3.send(new CreateBucketCommand({ Bucket: 'seed' }))

  // SSE-KMS put/get.
  await s3.send(
    new PutObjectCommand({
      Bucket: 'seed',
      Key: 'kms.txt',
      Body: 'under kms',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KeyMetadata.Arn,
    }),
  )
  const kmsGot = await s3.send(new GetObjectCommand({ Bucket: 'seed', Key: 'kms.txt' }))
  assert.equal(await text(kmsGot.Body), 'under kms')
  assert.equal(kmsGot.ServerSideEncryption, 'aws:kms')
  assert.equal(kmsGot.SSEKMSKeyId, KeyMetadata.Arn)
  assert.equal(aws.s3.object('seed', 'kms.txt').describe()?.encryption.type, 'SSE-KMS')

  // SSE-C put/get; the wrong key is refused.
  const ssec = {
    SSECustomerAlgorithm: 'AES256',
    SSECustomerKey: '0123456789abcdef0123456789abcdef',
  }
  await s3.send(
    new PutObjectCommand({ Bucket: 'seed', Key: 'c.txt', Body: 'under sse-c', ...ssec }),
  )
  const cGot = await s3.send(new GetObjectCommand({ Bucket: 'seed', Key: 'c.txt', ...ssec }))
  assert.equal(await text(cGot.Body), 'under sse-c')
  assert.equal(cGot.SSECustomerAlgorithm, 'AES256')
  await assert.rejects(
    s3.send(
      new GetObjectCommand({
        Bucket: 'seed',
        Key: 'c.txt',
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: 'fedcba9876543210fedcba9876543210',
      }),
    ),
    (error) => error.$metadata?.httpStatusCode === 403,
  )

  // KMS encrypt/decrypt with an encryption context.
  const context = { tenant: 'acme' }
  const { CiphertextBlob } = await kms.send(
    new EncryptCommand({
      KeyId: KeyMetadata.KeyId,
      Plaintext: Buffer.from('secret'),
      EncryptionContext: context,
    }),
  )
  const { Plaintext } = await kms.send(
    new DecryptCommand({ CiphertextBlob, EncryptionContext: context }),
  )
  assert.equal(Buffer.from(Plaintext).toString(), 'secret')

  // A presigned GET, fetched with plain fetch.
  await s3.send(new PutObjectCommand({ Bucket: 'seed', Key: 'shared.txt', Body: 'presigned' }))
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'seed', Key: 'shared.txt' }), {
    expiresIn: 60,
  })
  const response = await fetch(url)
  assert.equal(response.status, 200)
  assert.equal(await response.text(), 'presigned')

  console.log('oldest-sdk: SSE-KMS, SSE-C, KMS encrypt/decrypt and presigned GET pass')
} finally {
  aws.close()
}
