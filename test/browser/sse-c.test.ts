import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { describe } from 'vitest'
import { expect, test as base } from '../../src/vitest-browser.js'
import { bucketFor, containsBytes, pageRule, pageS3, utf8 } from './support.js'

// Buckets created before April 2026 accept SSE-C without PutBucketEncryption (SPEC §4.2).
const test = base.extend({ awsOptions: { blockSseCOnNewBuckets: false } })

const customerKey = 'k'.repeat(32)
const sseC = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey } as const

const rules = [
  pageRule({
    AllowedMethods: ['PUT', 'GET'],
    AllowedHeaders: ['*'],
    ExposeHeaders: [
      'ETag',
      'x-amz-server-side-encryption-customer-algorithm',
      'x-amz-server-side-encryption-customer-key-MD5',
    ],
  }),
]

describe('SSE-C from the page', () => {
  test('the browser SDK puts and gets with a customer key over https', async ({ aws }) => {
    await bucketFor(aws, 'vault', rules)
    // The page's client: default https endpoint, the SDK's fetch handler, MSW and CORS.
    const s3 = pageS3()
    const text = 'the user key never leaves the page'

    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'vault', Key: 'secret.txt', Body: text, ...sseC }),
    )

    expect(put.SSECustomerAlgorithm).toBe('AES256')
    const object = aws.s3.object('vault', 'secret.txt')
    await expect(object).toBeEncryptedWithCustomerKey(customerKey)
    expect(containsBytes(await object.raw(), utf8(text))).toBe(false)
    const got = await s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'secret.txt', ...sseC }))
    expect(await got.Body?.transformToString()).toBe(text)
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'secret.txt' })),
    ).rejects.toMatchObject({ name: 'InvalidRequest', $metadata: { httpStatusCode: 400 } })
    const events = await aws.audit.events({ eventSource: 's3.amazonaws.com' })
    expect(events.map((e) => [e.eventName, e.errorCode ?? 'ok'])).toEqual(
      expect.arrayContaining([
        ['PutObject', 'ok'],
        ['GetObject', 'ok'],
        ['GetObject', 'InvalidRequest'],
      ]),
    )
  })

  test('over http the world refuses SSE-C as S3 does, and stores nothing', async ({ aws }) => {
    await bucketFor(aws, 'vault', rules)
    const s3 = pageS3({ endpoint: 'http://s3.us-east-1.amazonaws.com', forcePathStyle: true })

    await expect(
      s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'secret.txt', Body: 'x', ...sseC })),
    ).rejects.toMatchObject({
      name: 'InvalidRequest',
      message:
        'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.',
    })
    expect(await aws.s3.object('vault', 'secret.txt').exists()).toBe(false)
  })
})
