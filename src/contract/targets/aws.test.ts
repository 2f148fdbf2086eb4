import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { listenMsw } from '../../../test/support/msw.js'
import { createMockAws } from '../../index.js'
import { answerExpectContinueFor } from '../../node.js'
import { runContract } from '../runner.js'
import { scenarios } from '../scenarios/index.js'
import { awsTarget } from './aws.js'
import { CONTRACT_CREDENTIALS } from './credentials.js'

/**
 * A dry run of `--target aws`: the real `aws` target (AWS's own hosts, virtual-hosted addressing,
 * credentials from the SDK's default chain, DescribeKey of the configured key) against the mock
 * answering those hosts in this process, as it does in a user's suite. What it cannot show is
 * AWS's own answers; what it shows is that the target's wiring and its clean-up promises hold.
 */
describe('aws target, dry run against the in-process mock', () => {
  const world = createMockAws({ region: 'eu-west-1' })
  const msw = setupServer(
    http.all(
      ({ request }) => world.owns(new URL(request.url)),
      ({ request }) => world.handle(request),
    ),
  )
  let stopContinue: () => void
  let env: Record<string, string>
  let keyArn: string
  const setup = {
    region: 'eu-west-1',
    credentials: CONTRACT_CREDENTIALS,
    requestHandler: world.requestHandler,
  }

  beforeAll(async () => {
    listenMsw(msw, 'error')
    stopContinue = answerExpectContinueFor(world)
    const s3 = new S3Client(setup)
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'my-contract-bucket',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    // Someone else's object in the shared bucket: the run must leave it alone.
    await s3.send(
      new PutObjectCommand({ Bucket: 'my-contract-bucket', Key: 'theirs.txt', Body: 'keep' }),
    )
    s3.destroy()
    const kms = new KMSClient(setup)
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    kms.destroy()
    keyArn = KeyMetadata?.Arn ?? ''
    env = {
      AWS_REGION: 'eu-west-1',
      S3_KMS_MOCK_CONTRACT_BUCKET: 'my-contract-bucket',
      S3_KMS_MOCK_CONTRACT_KMS_KEY_ID: keyArn,
    }
  })

  afterEach(() => {
    vi.unstubAllEnvs()
  })

  afterAll(() => {
    stopContinue()
    msw.close()
  })

  /** Credentials as the default chain finds them first: the environment. */
  function stubCredentials(): void {
    vi.stubEnv('AWS_ACCESS_KEY_ID', CONTRACT_CREDENTIALS.accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CONTRACT_CREDENTIALS.secretAccessKey)
  }

  test('no credentials anywhere in the chain: unavailable, saying so', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '')
    vi.stubEnv('AWS_PROFILE', '')
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials')
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config')
    vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', '')
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '')
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', '')
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true')
    await expect(awsTarget(env).unavailable()).resolves.toMatch(
      /^no AWS credentials found \(environment, profile, SSO or role\): /,
    )
  })

  test('with the configured key and bucket only: writes under its prefix, deletes it, creates nothing', async () => {
    stubCredentials()
    const target = awsTarget(env)
    await expect(target.unavailable()).resolves.toBeUndefined()
    const customerKeys = () => world.kms.keys().filter((k) => k.KeyManager === 'CUSTOMER')
    const keysBefore = customerKeys().length
    const results = await runContract({ targets: [target], scenarios })
    expect(results.filter((r) => r.outcome.status === 'differs')).toEqual([])
    const passed = results.filter((r) => r.outcome.status === 'pass').length
    expect(passed).toBeGreaterThan(30)
    for (const r of results) {
      if (r.outcome.status !== 'skipped') continue
      expect(r.outcome.reason).toMatch(
        /creating buckets in your account is off|creating KMS keys is off: a key cannot be deleted at once/,
      )
    }
    // Nothing created: no bucket, no key; the shared bucket holds only what was there before.
    expect(world.s3.buckets()).toEqual(['my-contract-bucket'])
    expect(customerKeys()).toHaveLength(keysBefore)
    const s3 = new S3Client(setup)
    const left = await s3.send(new ListObjectVersionsCommand({ Bucket: 'my-contract-bucket' }))
    s3.destroy()
    expect((left.Versions ?? []).map((v) => v.Key)).toEqual(['theirs.txt'])
  }, 120_000)

  test('allowed to create buckets and keys: every scenario passes; buckets deleted, keys pending deletion', async () => {
    stubCredentials()
    const keysBefore = new Set(world.kms.keys().map((k) => k.KeyId))
    const results = await runContract({
      targets: [
        awsTarget({
          ...env,
          S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS: '1',
          S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS: '1',
        }),
      ],
      scenarios,
    })
    expect(results.filter((r) => r.outcome.status !== 'pass')).toEqual([])
    expect(world.s3.buckets()).toEqual(['my-contract-bucket'])
    const created = world.kms
      .keys()
      .filter((k) => k.KeyManager === 'CUSTOMER' && !keysBefore.has(k.KeyId))
    expect(created.length).toBeGreaterThan(10)
    expect(created.filter((k) => k.KeyState !== 'PendingDeletion')).toEqual([])
  }, 120_000)
})
