import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { describe } from 'vitest'
import { expect, test } from '../../../src/vitest.js'
import { testCredentials } from '../../support/kms.js'

/**
 * The `aws` fixture under test.concurrent (SPEC §5.1, DESIGN §5): one MSW server in the worker,
 * one world per test, each request routed to the world of the test that made it. The clients are
 * shared module-level singletons, as in an application, so nothing but the async context tells
 * the two tests' requests apart.
 */
const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const kms = new KMSClient({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })

/** Resolves once `parties` callers have arrived: the tests' requests interleave around it. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return async () => {
    arrived += 1
    if (arrived === parties) open()
    await opened
  }
}

describe('two concurrent tests', () => {
  const created = barrier(2)
  const written = barrier(2)

  for (const name of ['alpha', 'beta']) {
    test.concurrent(`${name} sees only its own world`, async ({ aws }) => {
      // The same bucket name in both worlds: in one shared world the second create would fail.
      await s3.send(new CreateBucketCommand({ Bucket: 'shared-name' }))
      await kms.send(new CreateKeyCommand({ Description: name }))
      await created()
      await s3.send(new PutObjectCommand({ Bucket: 'shared-name', Key: 'who', Body: name }))
      await written()

      const got = await s3.send(new GetObjectCommand({ Bucket: 'shared-name', Key: 'who' }))
      expect(await got.Body!.transformToString()).toBe(name)
      // fetch() goes through MSW's fetch interceptor rather than node:http's ClientRequest.
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: 'shared-name', Key: 'who' }),
      )
      expect(await (await fetch(url)).text()).toBe(name)

      const keys = await kms.send(new ListKeysCommand({}))
      expect(keys.Keys).toHaveLength(1)
      expect(aws.kms.keys().map((k) => k.Description)).toEqual([name])
      expect(aws.s3.buckets()).toEqual(['shared-name'])
      expect(aws.audit.events({ eventName: 'PutObject' })).toHaveLength(1)
    })
  }
})

describe('sequential tests', () => {
  test('a world is fresh for each test (1)', async ({ aws }) => {
    await s3.send(new CreateBucketCommand({ Bucket: 'fresh' }))
    expect(aws.s3.buckets()).toEqual(['fresh'])
  })

  test('a world is fresh for each test (2)', async ({ aws }) => {
    const { Buckets } = await s3.send(new ListBucketsCommand({}))
    expect(Buckets).toEqual([])
    expect(aws.audit.events()).toHaveLength(1)
  })

  test('a test without the aws fixture gets a clear error, never the real AWS', async () => {
    const error = await s3.send(new ListBucketsCommand({})).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(error?.name).toBe('S3KmsMockNoWorld')
    expect(error?.message).toMatch(/no world is active/)
  })
})

describe('options', () => {
  const seeded = test.extend({ awsOptions: { seed: 'fixture', region: 'eu-west-1' } })

  seeded('awsOptions configure the test world', async ({ aws }) => {
    expect(aws.region).toBe('eu-west-1')
    const eu = new KMSClient({ region: 'eu-west-1', credentials: testCredentials })
    const { KeyMetadata } = await eu.send(new CreateKeyCommand({}))
    expect(KeyMetadata?.KeyId).toBe(aws.kms.keys()[0]?.KeyId)
  })
})
