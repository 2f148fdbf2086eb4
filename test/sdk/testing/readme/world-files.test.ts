import { expect, test } from '../../../../src/vitest.js'

test('a world file sets up keys, aliases, buckets and objects', async ({ aws }) => {
  await aws.load('fixtures/invoices.json') // a path, a file URL or the parsed object

  expect(aws.s3.object('invoices', 'acme/2026-01.txt')).toBeEncryptedWithKms({
    keyId: 'alias/invoices',
    context: { tenant: 'acme' },
  })
  await expect(aws.load({ buckets: [{ name: 'Not_A_Bucket' }] })).rejects.toThrow(
    '$.buckets[0].name "Not_A_Bucket" does not match',
  )
})
