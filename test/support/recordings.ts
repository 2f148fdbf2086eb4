import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  GenerateDataKeyCommand,
  KMSClient,
} from '@aws-sdk/client-kms'
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { createSdkRequestHandler } from '../../src/transport/sdk-request-handler.js'
import { createMockAws } from '../../src/world/create-world.js'
import { captureExchanges } from '../../src/contract/recordings/capture.js'
import type { RawExchange, Recording } from '../../src/contract/recordings/format.js'
import { redactExchange } from '../../src/contract/recordings/normalize/redact.js'
import { RECORDING_FORMAT } from '../../src/contract/recordings/format.js'

/**
 * Test support (test/support: never shipped): one short scenario run by the real SDK
 * clients against a fresh in-process world, with every exchange captured — what a replay does.
 * Two calls give two runs that differ in everything that legitimately differs (key ids, request
 * ids, dates, upload and version ids) and nothing else.
 */
export const SSE_C_KEY = Buffer.alloc(32, 0x5c).toString('base64')
export const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN'

export async function runSample(
  run: string,
): Promise<{ raw: RawExchange[]; recording: Recording; keyId: string }> {
  const world = createMockAws()
  const capture = captureExchanges((request) => world.handle(request))
  const requestHandler = createSdkRequestHandler((url) => world.owns(url), capture.handle)
  const config = {
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/EXAMPLEKEY',
      sessionToken: SESSION_TOKEN,
    },
    maxAttempts: 1,
    requestHandler,
  }
  const s3 = new S3Client(config)
  const kms = new KMSClient(config)
  const bucket = `sample-${run}`
  const key = `${run}/object`
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'sample' }))
  const keyId = KeyMetadata?.KeyId ?? ''
  await kms.send(new DescribeKeyCommand({ KeyId: keyId }))
  const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))
  await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }))
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  )
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: 'sample body',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyId,
      SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ purpose: 'sample' })).toString(
        'base64',
      ),
    }),
  )
  await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  await got.Body?.transformToString()
  await s3
    .send(new GetObjectCommand({ Bucket: bucket, Key: `${run}/missing` }))
    .catch(() => undefined)
  // SSE-C: refused on a new bucket (the 2026 block), so the error exchange carries the key headers.
  await s3
    .send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${run}/sse-c`,
        Body: 'x',
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: SSE_C_KEY,
      }),
    )
    .catch(() => undefined)
  const upload = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: `${run}/multipart` }),
  )
  await s3.send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: `${run}/multipart`,
      UploadId: upload.UploadId,
      PartNumber: 1,
      Body: 'part one',
    }),
  )
  await s3.send(
    new AbortMultipartUploadCommand({
      Bucket: bucket,
      Key: `${run}/multipart`,
      UploadId: upload.UploadId,
    }),
  )
  const raw = await capture.take()
  return {
    raw,
    keyId,
    recording: {
      format: RECORDING_FORMAT,
      target: 'in-process',
      scenario: 'sample',
      vocabulary: { '<run>': run },
      exchanges: raw.map(redactExchange),
    },
  }
}
