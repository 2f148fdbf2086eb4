import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startServer, type MockAwsHttpServer } from '../../server.js'
import { runContract } from '../runner.js'
import { scenarios } from '../scenarios/index.js'
import { CONTRACT_CREDENTIALS } from './credentials.js'
import { endpointTarget } from './endpoint.js'

/**
 * The `endpoint` target for real, against the one S3 + KMS endpoint this machine has: the mock's
 * own server over https with a self-signed CA (as a user would point it at Ceph, Garage or a MinIO
 * with TLS). It proves the wiring the `endpoint` and `aws` targets share: clients from the
 * environment, the CA file, DescribeKey of the configured key at start, a shared bucket the run
 * writes under its prefix only and leaves as it found it.
 */
describe('endpoint target against an https S3 + KMS endpoint', () => {
  let server: MockAwsHttpServer
  let dir: string
  let env: Record<string, string>
  let key: { keyId: string; arn: string }

  beforeAll(async () => {
    server = await startServer({ https: true, host: '127.0.0.1' })
    dir = mkdtempSync(join(tmpdir(), 's3-kms-mock-endpoint-'))
    const caFile = join(dir, 'ca.pem')
    writeFileSync(caFile, server.ca ?? '')
    // Set up the "existing" bucket and key in the server's world, as an operator would have.
    const setup = {
      region: server.world.region,
      credentials: CONTRACT_CREDENTIALS,
      requestHandler: server.world.requestHandler,
    }
    const s3 = new S3Client(setup)
    const kms = new KMSClient(setup)
    await s3.send(new CreateBucketCommand({ Bucket: 'team-bucket' }))
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    key = { keyId: KeyMetadata?.KeyId ?? '', arn: KeyMetadata?.Arn ?? '' }
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/contract', TargetKeyId: key.keyId }))
    s3.destroy()
    kms.destroy()
    env = {
      S3_KMS_MOCK_CONTRACT_ENDPOINT: server.url,
      S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT: server.url,
      S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID: CONTRACT_CREDENTIALS.accessKeyId,
      S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY: CONTRACT_CREDENTIALS.secretAccessKey,
      S3_KMS_MOCK_CONTRACT_REGION: server.world.region,
      S3_KMS_MOCK_CONTRACT_BUCKET: 'team-bucket',
      S3_KMS_MOCK_CONTRACT_KMS_KEY_ID: 'alias/contract',
      S3_KMS_MOCK_CONTRACT_CA_FILE: caFile,
    }
  })

  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('start: the configured alias is described into its key id and ARN; capabilities follow the variables', async () => {
    const session = await endpointTarget(env).start()
    try {
      expect(session.configuredKey).toEqual(key)
      expect(session.sharedBucket).toBe('team-bucket')
      expect([...session.capabilities].sort()).toEqual(
        [
          'bucket-configurations',
          'bucket-encryption',
          'bucket-policy',
          'https',
          'kms',
          'kms-aliases',
          'object-lock',
          'presign',
          'sse-c',
          'sse-c-block',
          'sse-kms',
        ].sort(),
      )
      expect(session.missing('create-bucket')).toBe(
        'creating buckets is off (set S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS=1)',
      )
    } finally {
      await session.close()
    }
  })

  test('a configured key that does not exist: the KMS side is skipped with one reason naming the key, S3 still runs', async () => {
    const notes: string[] = []
    const results = await runContract({
      targets: [endpointTarget({ ...env, S3_KMS_MOCK_CONTRACT_KMS_KEY_ID: 'alias/not-there' })],
      scenarios,
      onNote: (_target, note) => notes.push(note),
    })
    expect(notes).toEqual([
      expect.stringMatching(
        /^the KMS side failed to start: DescribeKey of the configured key alias\/not-there failed: .*; the KMS and SSE-KMS scenarios are skipped$/,
      ) as string,
    ])
    const byName = new Map(results.map((r) => [r.scenario, r.outcome]))
    expect(byName.get('kms-encrypt-decrypt-with-context')).toEqual({
      status: 'skipped',
      reason: expect.stringMatching(/^needs kms: the KMS side failed to start: /) as string,
    })
    expect(byName.get('sse-kms-customer-key-by-id-and-arn')).toMatchObject({ status: 'skipped' })
    // What needs no KMS still runs and passes.
    expect(byName.get('presigned-url-expired')).toEqual({ status: 'pass', openQuestions: [] })
    expect(results.filter((r) => r.outcome.status === 'differs')).toEqual([])
  }, 120_000)

  test('every scenario the configuration allows passes; the shared bucket is left as it was', async () => {
    const results = await runContract({ targets: [endpointTarget(env)], scenarios })
    const differs = results.filter((r) => r.outcome.status === 'differs')
    expect(differs).toEqual([])
    const passed = results.filter((r) => r.outcome.status === 'pass')
    // SSE-KMS through S3 with the managed and the configured key, the KMS API, presigned URLs.
    expect(passed.length).toBeGreaterThan(20)
    const reasons = new Set(
      results.flatMap((r) => (r.outcome.status === 'skipped' ? [r.outcome.reason] : [])),
    )
    for (const reason of reasons) {
      expect(reason).toMatch(
        /creating buckets is off \(set S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS=1\)|creating KMS keys is off \(set S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS=1\)|S3_KMS_MOCK_CONTRACT_ENDPOINT is https; set S3_KMS_MOCK_CONTRACT_HTTP_ENDPOINT/,
      )
    }
    const s3 = new S3Client({
      region: server.world.region,
      credentials: CONTRACT_CREDENTIALS,
      requestHandler: server.world.requestHandler,
    })
    const left = await s3.send(new ListObjectVersionsCommand({ Bucket: 'team-bucket' }))
    s3.destroy()
    expect(left.Versions ?? []).toEqual([])
    expect(left.DeleteMarkers ?? []).toEqual([])
  }, 120_000)

  test('allowed to create buckets and KMS keys, every scenario passes but the plain-http one', async () => {
    const results = await runContract({
      targets: [
        endpointTarget({
          ...env,
          S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS: '1',
          S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS: '1',
        }),
      ],
      scenarios,
    })
    const notPassed = results.filter((r) => r.outcome.status !== 'pass')
    expect(notPassed.map((r) => [r.scenario, r.outcome])).toEqual([
      [
        'sse-c-over-http',
        {
          status: 'skipped',
          reason:
            "needs http: S3_KMS_MOCK_CONTRACT_ENDPOINT is https; set S3_KMS_MOCK_CONTRACT_HTTP_ENDPOINT to the same engine's plain-http URL",
        },
      ],
    ])
    // The run's buckets are gone again; only the operator's own bucket is left.
    expect(server.world.s3.buckets()).toEqual(['team-bucket'])
  }, 120_000)
})
