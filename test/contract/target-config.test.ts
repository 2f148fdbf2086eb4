import { describe, expect, test } from 'vitest'
import { awsCapabilities, awsTarget, parseAwsConfig } from '../../src/contract/targets/aws.js'
import {
  endpointCapabilities,
  endpointNotes,
  endpointTarget,
  parseEndpointConfig,
} from '../../src/contract/targets/endpoint.js'
import { CONTRACT_ENV } from '../../src/contract/targets/env.js'
import {
  DEFAULT_LOCALSTACK_IMAGE,
  localStackTarget,
  parseLocalStackConfig,
} from '../../src/contract/targets/localstack.js'
import {
  DEFAULT_MINIO_IMAGE,
  minioTarget,
  parseMinioConfig,
} from '../../src/contract/targets/minio.js'

/**
 * Each target reads its configuration from the environment in a pure function: what is missing or
 * invalid becomes the skip reason, naming the variable to set, so `--target aws` on a machine
 * without configuration says what to do instead of failing.
 */

const AWS_OK = {
  AWS_REGION: 'eu-west-1',
  S3_KMS_MOCK_CONTRACT_BUCKET: 'my-contract-bucket',
  S3_KMS_MOCK_CONTRACT_KMS_KEY_ID: '1234abcd-12ab-34cd-56ef-1234567890ab',
}

describe('aws target configuration', () => {
  test('an empty environment names every variable to set', () => {
    const parsed = parseAwsConfig({})
    expect(parsed).toEqual({
      ok: false,
      reason:
        'set S3_KMS_MOCK_CONTRACT_BUCKET (an existing bucket to write in), AWS_REGION (the region of that bucket), S3_KMS_MOCK_CONTRACT_KMS_KEY_ID (a customer managed key; or S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS=1 to create one)',
    })
  })

  test('bucket, region and key: buckets and KMS keys are not created unless asked', () => {
    const parsed = parseAwsConfig(AWS_OK)
    expect(parsed).toEqual({
      ok: true,
      config: {
        region: 'eu-west-1',
        bucket: 'my-contract-bucket',
        kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        createBuckets: false,
        createKmsKeys: false,
      },
    })
    if (!parsed.ok) throw new Error('unreachable')
    const { capabilities, lacking } = awsCapabilities(parsed.config)
    expect(capabilities).not.toContain('create-bucket')
    expect(capabilities).not.toContain('kms-create-keys')
    expect(capabilities).toEqual(expect.arrayContaining(['kms', 'sse-kms', 'sse-c', 'presign']))
    expect(lacking['kms-create-keys']).toContain('S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS=1')
    expect(lacking['kms-create-keys']).toContain('cannot be deleted at once')
    expect(lacking['create-bucket']).toContain('S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS=1')
  })

  test('AWS_DEFAULT_REGION serves when AWS_REGION is unset; the flags turn creation on', () => {
    const parsed = parseAwsConfig({
      AWS_DEFAULT_REGION: 'us-east-2',
      S3_KMS_MOCK_CONTRACT_BUCKET: 'b-1',
      S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS: '1',
      S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS: 'true',
    })
    expect(parsed).toMatchObject({
      ok: true,
      config: {
        region: 'us-east-2',
        kmsKeyId: undefined,
        createBuckets: true,
        createKmsKeys: true,
      },
    })
    if (!parsed.ok) throw new Error('unreachable')
    expect(awsCapabilities(parsed.config).capabilities).toEqual(
      expect.arrayContaining(['create-bucket', 'kms-create-keys']),
    )
  })

  test.each([
    [
      { S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS: 'maybe' },
      'S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS must be 1 or 0, not "maybe"',
    ],
    [
      { S3_KMS_MOCK_CONTRACT_BUCKET: 'My_Bucket' },
      'S3_KMS_MOCK_CONTRACT_BUCKET="My_Bucket": a bucket name is 3-63 lower-case letters, digits, dots and hyphens',
    ],
    [{ AWS_REGION: ' ' }, 'AWS_REGION (the region of that bucket)'],
  ])('an invalid value is the reason: %j', (override, reason) => {
    const parsed = parseAwsConfig({ ...AWS_OK, ...override })
    expect(parsed.ok).toBe(false)
    if (parsed.ok) throw new Error('unreachable')
    expect(parsed.reason).toContain(reason)
  })

  test('the target reports the reason as unavailable, before looking for credentials', async () => {
    await expect(awsTarget({}).unavailable()).resolves.toMatch(/^set S3_KMS_MOCK_CONTRACT_BUCKET/)
  })
})

describe('endpoint target configuration', () => {
  const BASE = {
    S3_KMS_MOCK_CONTRACT_ENDPOINT: 'https://s3.example.test:9000',
    S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY: 'secret',
    S3_KMS_MOCK_CONTRACT_BUCKET: 'shared',
  }

  test.each([
    [{}, 'set S3_KMS_MOCK_CONTRACT_ENDPOINT to the S3 endpoint URL'],
    [
      { ...BASE, S3_KMS_MOCK_CONTRACT_ENDPOINT: 'not a url' },
      'S3_KMS_MOCK_CONTRACT_ENDPOINT is not a URL: "not a url"',
    ],
    [
      { ...BASE, S3_KMS_MOCK_CONTRACT_ENDPOINT: 'ftp://s3.example.test' },
      'S3_KMS_MOCK_CONTRACT_ENDPOINT must be an http or https URL, not "ftp://s3.example.test"',
    ],
    [
      { ...BASE, S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT: 'kms' },
      'S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT is not a URL: "kms"',
    ],
    [
      { ...BASE, S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY: undefined },
      'set S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID and S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
    ],
    [
      { ...BASE, S3_KMS_MOCK_CONTRACT_BUCKET: undefined },
      'set S3_KMS_MOCK_CONTRACT_BUCKET (a bucket to write in) or S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS=1',
    ],
    [
      { ...BASE, S3_KMS_MOCK_CONTRACT_LACKS: 'sse-c,teleport' },
      'S3_KMS_MOCK_CONTRACT_LACKS: unknown capability "teleport"',
    ],
  ])('%j → skipped: %s', async (env, reason) => {
    const parsed = parseEndpointConfig(env)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) throw new Error('unreachable')
    expect(parsed.reason).toContain(reason)
    await expect(endpointTarget(env).unavailable()).resolves.toBe(parsed.reason)
  })

  test('an https S3 endpoint without KMS: S3 capabilities only, each missing one says why', async () => {
    const parsed = parseEndpointConfig({ ...BASE, S3_KMS_MOCK_CONTRACT_LACKS: 'bucket-policy' })
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parsed.config).toMatchObject({
      region: 'us-east-1',
      bucket: 'shared',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    })
    const { capabilities, lacking } = endpointCapabilities(parsed.config)
    expect(capabilities).toEqual([
      'sse-c',
      'https',
      'bucket-encryption',
      'sse-c-block',
      'presign',
      'bucket-configurations',
      'object-lock',
    ])
    expect(lacking).toMatchObject({
      kms: 'no KMS API (set S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT)',
      'sse-kms':
        "no KMS endpoint (set S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT), nor a key of the engine's own KMS (set S3_KMS_MOCK_CONTRACT_KMS_KEY_ID)",
      http: "S3_KMS_MOCK_CONTRACT_ENDPOINT is https; set S3_KMS_MOCK_CONTRACT_HTTP_ENDPOINT to the same engine's plain-http URL",
      'create-bucket': 'creating buckets is off (set S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS=1)',
      'bucket-policy': 'declared missing in S3_KMS_MOCK_CONTRACT_LACKS',
    })
    await expect(endpointTarget({ ...BASE }).unavailable()).resolves.toBeUndefined()
  })

  test('a plain-http endpoint with a KMS endpoint, AWS_* credentials, virtual-hosted, creating buckets', () => {
    const parsed = parseEndpointConfig({
      S3_KMS_MOCK_CONTRACT_ENDPOINT: 'http://127.0.0.1:9000',
      S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT: 'http://127.0.0.1:4599',
      AWS_ACCESS_KEY_ID: 'AKIDAWS',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      AWS_REGION: 'eu-central-1',
      S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS: '1',
      S3_KMS_MOCK_CONTRACT_VIRTUAL_HOSTED: 'yes',
    })
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parsed.config).toMatchObject({
      region: 'eu-central-1',
      bucket: undefined,
      forcePathStyle: false,
      credentials: { accessKeyId: 'AKIDAWS' },
    })
    const { capabilities, lacking } = endpointCapabilities(parsed.config)
    expect(capabilities).toEqual([
      'kms',
      'kms-aliases',
      'sse-kms',
      'sse-c',
      'http',
      'create-bucket',
      'bucket-policy',
      'bucket-encryption',
      'sse-c-block',
      'presign',
      'bucket-configurations',
      'object-lock',
    ])
    expect(lacking.https).toBe('S3_KMS_MOCK_CONTRACT_ENDPOINT is plain http')
    expect(lacking['kms-create-keys']).toBe(
      'creating KMS keys is off (set S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS=1)',
    )
  })
})

describe('endpoint targets that are not AWS (issue 18)', () => {
  const BASE = {
    S3_KMS_MOCK_CONTRACT_ENDPOINT: 'https://s3.example.test:9000',
    S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY: 'secret',
    S3_KMS_MOCK_CONTRACT_BUCKET: 'shared',
  }

  test('an engine-side KMS: a key id without a KMS endpoint runs SSE-KMS, not the KMS API', () => {
    const parsed = parseEndpointConfig({ ...BASE, S3_KMS_MOCK_CONTRACT_KMS_KEY_ID: 'rgw-key-1' })
    if (!parsed.ok) throw new Error(parsed.reason)
    const { capabilities, lacking } = endpointCapabilities(parsed.config)
    expect(capabilities).toContain('sse-kms')
    expect(capabilities).not.toContain('kms')
    expect(lacking['kms-aliases']).toBe('no KMS API (set S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT)')
    expect(endpointNotes(parsed.config)).toEqual([])
  })

  test('a configured key the run will not use is one note saying why', () => {
    const declared = parseEndpointConfig({
      ...BASE,
      S3_KMS_MOCK_CONTRACT_KMS_KEY_ID: 'rgw-key-1',
      S3_KMS_MOCK_CONTRACT_LACKS: 'sse-kms',
    })
    if (!declared.ok) throw new Error(declared.reason)
    expect(endpointNotes(declared.config)).toEqual([
      'S3_KMS_MOCK_CONTRACT_KMS_KEY_ID=rgw-key-1 is not used: sse-kms is declared missing in S3_KMS_MOCK_CONTRACT_LACKS',
    ])
    const creating = parseEndpointConfig({
      ...BASE,
      S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT: 'https://kms.example.test',
      S3_KMS_MOCK_CONTRACT_KMS_KEY_ID: 'alias/team',
      S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS: '1',
    })
    if (!creating.ok) throw new Error(creating.reason)
    expect(endpointNotes(creating.config)).toEqual([
      'S3_KMS_MOCK_CONTRACT_KMS_KEY_ID=alias/team is not used: with S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS=1 the run creates its own keys',
    ])
  })

  test('a second plain-http URL gives an https endpoint the http capability; it must be http', () => {
    const parsed = parseEndpointConfig({
      ...BASE,
      S3_KMS_MOCK_CONTRACT_HTTP_ENDPOINT: 'http://127.0.0.1:7480',
      S3_KMS_MOCK_CONTRACT_ENGINE: 'ceph-rgw 16.2.15',
    })
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parsed.config.engine).toBe('ceph-rgw 16.2.15')
    expect(endpointCapabilities(parsed.config).capabilities).toEqual(
      expect.arrayContaining(['https', 'http']),
    )
    expect(
      parseEndpointConfig({ ...BASE, S3_KMS_MOCK_CONTRACT_HTTP_ENDPOINT: 'https://127.0.0.1:1' }),
    ).toEqual({ ok: false, reason: 'S3_KMS_MOCK_CONTRACT_HTTP_ENDPOINT must be a plain http URL' })
  })

  test('declaring bucket-encryption and sse-c-block missing is accepted', () => {
    const parsed = parseEndpointConfig({
      ...BASE,
      S3_KMS_MOCK_CONTRACT_LACKS: 'bucket-encryption, sse-c-block',
    })
    if (!parsed.ok) throw new Error(parsed.reason)
    const { capabilities, lacking } = endpointCapabilities(parsed.config)
    expect(capabilities).not.toContain('sse-c-block')
    expect(lacking['bucket-encryption']).toBe('declared missing in S3_KMS_MOCK_CONTRACT_LACKS')
  })
})

describe('container targets', () => {
  test('LocalStack needs an auth token since 2026, unless an image of your own is named', () => {
    expect(parseLocalStackConfig({})).toEqual({
      ok: false,
      reason: expect.stringContaining(`set ${CONTRACT_ENV.localstackAuthToken}`) as string,
    })
    expect(parseLocalStackConfig({ LOCALSTACK_AUTH_TOKEN: 'ls-token' })).toEqual({
      ok: true,
      config: { image: DEFAULT_LOCALSTACK_IMAGE, authToken: 'ls-token' },
    })
    expect(
      parseLocalStackConfig({ S3_KMS_MOCK_CONTRACT_LOCALSTACK_IMAGE: 'mirror/localstack:3.8' }),
    ).toEqual({ ok: true, config: { image: 'mirror/localstack:3.8', authToken: undefined } })
  })

  test('MinIO: only the image is configurable', () => {
    expect(parseMinioConfig({})).toEqual({ image: DEFAULT_MINIO_IMAGE })
    expect(parseMinioConfig({ S3_KMS_MOCK_CONTRACT_MINIO_IMAGE: 'minio/minio:edge' })).toEqual({
      image: 'minio/minio:edge',
    })
  })

  test('a target that cannot start here says why (no Docker engine here or in CI; the token)', async () => {
    const localstack = await localStackTarget({}).unavailable()
    const minio = await minioTarget({}).unavailable()
    expect(localstack).toContain('set LOCALSTACK_AUTH_TOKEN')
    // With a Docker engine, MinIO needs nothing else; without one, both name the engine.
    if (minio !== undefined) {
      expect(minio).toMatch(/^no Docker engine reachable \(.+\)$/)
      expect(localstack).toContain('no Docker engine reachable')
    }
  })
})
