import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { expect, test } from '../../../../src/vitest.js'

// Your application code: its own client, default settings, nothing pointed at the mock.
async function storeInvoice(tenant: string, id: string, pdf: string): Promise<void> {
  const s3 = new S3Client({})
  await s3.send(
    new PutObjectCommand({
      Bucket: 'invoices',
      Key: `${tenant}/${id}.pdf`,
      Body: pdf,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/invoices',
      SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ tenant })).toString('base64'),
    }),
  )
}

test('invoices are encrypted under alias/invoices, with the tenant in the context', async ({
  aws,
}) => {
  await aws.load({ keys: [{ aliases: ['alias/invoices'] }], buckets: [{ name: 'invoices' }] })

  await storeInvoice('acme', '42', '%PDF-1.7 total 42.00 EUR')

  const invoice = aws.s3.object('invoices', 'acme/42.pdf')
  expect(invoice).toBeEncryptedWithKms({ keyId: 'alias/invoices', context: { tenant: 'acme' } })
  expect(Buffer.from(invoice.raw()).includes('PDF')).toBe(false) // ciphertext at rest
})
