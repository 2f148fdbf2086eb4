import { aws } from 's3-kms-mock/vitest-setup'
import { beforeEach, expect, test } from 'vitest'
import { storeInvoice } from '../src/invoice-store.js'

// The setup file answers every S3 and KMS request in-process (and gives the SDK dummy
// credentials and a region when the environment has none): nothing reaches AWS.
beforeEach(async () => {
  await aws.load({
    keys: [{ ref: 'invoices', aliases: ['alias/invoices'] }],
    buckets: [{ name: 'invoices' }],
  })
})

test('invoices are encrypted under the invoices key, with the tenant in the context', async () => {
  await storeInvoice('acme', '42', 'total: 42.00 EUR')

  const invoice = aws.s3.object('invoices', 'acme/42.txt')
  expect(invoice).toBeEncryptedWithKms({ keyId: 'alias/invoices', context: { tenant: 'acme' } })
  expect(aws).toHaveKmsCall('GenerateDataKey', { keyId: 'alias/invoices' })
  // The bytes at rest are ciphertext.
  expect(Buffer.from(invoice.raw()).includes('total')).toBe(false)
})

test('each test starts from an empty world plus what beforeEach loads', () => {
  expect(aws.s3.keys('invoices')).toEqual([])
})
