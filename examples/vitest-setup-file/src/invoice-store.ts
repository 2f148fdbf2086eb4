import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'

/**
 * Application code: it builds its own client with default settings and knows nothing of the
 * mock. Invoices go to the `invoices` bucket under the tenant's prefix, encrypted with the
 * invoices KMS key and the tenant in the encryption context.
 */
export async function storeInvoice(tenant: string, id: string, body: string): Promise<void> {
  const s3 = new S3Client({ region: 'us-east-1' })
  await s3.send(
    new PutObjectCommand({
      Bucket: 'invoices',
      Key: `${tenant}/${id}.txt`,
      Body: body,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/invoices',
      SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ tenant })).toString('base64'),
    }),
  )
}
