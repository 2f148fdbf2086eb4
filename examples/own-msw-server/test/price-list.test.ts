import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createMockAws } from 's3-kms-mock'
import { expect } from 's3-kms-mock/vitest'
import { afterAll, afterEach, beforeAll, test } from 'vitest'
import { archiveRates } from '../src/price-list.js'

// With your own server, the SDK's credentials are yours to provide (any values do).
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY ??= 'example-secret'

// Your MSW server, with the mock's handlers next to your own: the mock answers only AWS's S3
// and KMS hosts; everything else is yours.
const aws = createMockAws({ region: 'eu-west-1' })
const server = setupServer(
  ...aws.handlers,
  http.get('https://rates.example.com/today', () => HttpResponse.json({ EUR: 1, USD: 1.08 })),
)
beforeAll(() => {
  // msw 2 reads onUnhandledRequest, msw 3 onUnhandledFrame (it ignores the old name): with both,
  // this file works on either.
  const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const
  server.listen(strict)
})
afterEach(() => {
  aws.reset()
})
afterAll(() => {
  server.close()
})

test('rates from the partner API are archived with the bucket default encryption', async () => {
  await aws.load({
    keys: [{ ref: 'archive', aliases: ['alias/archive'] }],
    buckets: [{ name: 'rates-archive', encryption: { type: 'SSE-KMS', key: 'archive' } }],
  })
  expect(await archiveRates()).toBe(2)
  expect(aws.s3.object('rates-archive', 'today.json')).toBeEncryptedWithKms({
    keyId: 'alias/archive',
  })
  expect(aws.audit.events({ eventName: 'PutObject' })).toHaveLength(1)
})
