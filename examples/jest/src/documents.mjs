import { Buffer } from 'node:buffer'
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'

const s3 = new S3Client({ region: 'us-east-1' })

/** Application code: saves a document under the documents key, with its owner in the context. */
export async function saveDocument(owner, name, text) {
  await s3.send(
    new PutObjectCommand({
      Bucket: 'documents',
      Key: `${owner}/${name}`,
      Body: text,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/documents',
      SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ owner })).toString('base64'),
    }),
  )
}

/** Reads a document back. */
export async function readDocument(owner, name) {
  const got = await s3.send(new GetObjectCommand({ Bucket: 'documents', Key: `${owner}/${name}` }))
  return got.Body.transformToString()
}
