import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { describe } from 'vitest'
import { stateSnapshot } from '../../support/state-snapshot.js'
import { expect, test as base } from '../../../src/vitest.js'
import { testCredentials } from '../../support/kms.js'

/** world.inspect() and world.audit.events() (SPEC §6). */
const test = base.extend({ awsOptions: { seed: 'inspect' } })
const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const kms = new KMSClient({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const mask = (text: string): string =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<key-id>')
    .replace(/version [A-Za-z0-9._]{32}/g, 'version <version-id>')

describe('world.inspect()', () => {
  test('shows keys with aliases and state, buckets, versions and encryption', async ({ aws }) => {
    await aws.load({
      keys: [
        { ref: 'app', aliases: ['alias/app', 'alias/app-v2'], description: 'application data' },
        { region: 'eu-west-1', aliases: ['alias/eu'], enabled: false },
      ],
      buckets: [
        {
          name: 'app-data',
          versioning: 'Enabled',
          encryption: { type: 'SSE-KMS', key: 'app' },
          objects: [
            { key: 'a.txt', body: 'one' },
            { key: 'a.txt', body: 'two' },
            { key: 'gone.txt', body: 'x' },
          ],
        },
        { name: 'empty-bucket' },
      ],
    })
    await s3.send(new DeleteObjectCommand({ Bucket: 'app-data', Key: 'gone.txt' }))
    await s3.send(new CreateMultipartUploadCommand({ Bucket: 'app-data', Key: 'big.bin' }))
    expect(mask(aws.inspect())).toMatchInlineSnapshot(`
      "world: account 123456789012, region us-east-1
      ├─ KMS
      │  ├─ us-east-1
      │  │  └─ key <key-id> alias/app, alias/app-v2: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, Enabled "application data"
      │  └─ eu-west-1
      │     └─ key <key-id> alias/eu: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, Disabled
      └─ S3
         ├─ bucket app-data (us-east-1, versioning Enabled, default SSE-KMS key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/app, alias/app-v2), blocks SSE-C, 1 multipart upload in progress)
         │  ├─ a.txt (3 B, version <version-id>) (+1 older version): SSE-KMS key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/app, alias/app-v2), context {"aws:s3:arn":"arn:aws:s3:::app-data/a.txt"}
         │  └─ gone.txt: delete marker (+1 older version)
         └─ bucket empty-bucket (us-east-1, default SSE-S3, blocks SSE-C)
            └─ (no objects)"
    `)
  })

  test('narrows to one bucket and caps long listings', async ({ aws }) => {
    await aws.load({
      buckets: [
        { name: 'many', objects: ['a', 'b', 'c', 'd'].map((key) => ({ key, body: key })) },
        { name: 'other' },
      ],
    })
    expect(aws.inspect({ bucket: 'many', maxObjects: 2 })).toMatchInlineSnapshot(`
      "world: account 123456789012, region us-east-1
      ├─ KMS
      │  └─ (no keys)
      └─ S3
         └─ bucket many (us-east-1, default SSE-S3, blocks SSE-C)
            ├─ a (1 B): SSE-S3
            ├─ b (1 B): SSE-S3
            └─ … 2 more"
    `)
    expect(aws.inspect({ bucket: 'nope' })).toContain('(no bucket nope)')
  })

  test('never shows a wrapped or stored secret', async ({ aws }) => {
    await aws.load({
      keys: [{ ref: 'k', material: Buffer.alloc(32, 9).toString('base64') }],
      buckets: [
        {
          name: 'secrets',
          objects: [
            { key: 'kms', body: 'a', encryption: { type: 'SSE-KMS', key: 'k' } },
            { key: 's3', body: 'b' },
          ],
        },
      ],
    })
    const shown = aws.inspect()
    // Every binary value in the state (wrapped data keys, ciphertext) as base64 and hex.
    const binaries = stateSnapshot(aws).match(/"[A-Za-z0-9+/]{40,}={0,2}"/g) ?? []
    expect(binaries.length).toBeGreaterThan(0)
    for (const quoted of binaries) {
      const base64 = quoted.slice(1, -1)
      expect(shown).not.toContain(base64)
      expect(shown).not.toContain(Buffer.from(base64, 'base64').toString('hex'))
    }
    expect(shown).not.toContain(Buffer.alloc(32, 9).toString('base64'))
  })
})

describe('world.audit.events(filter)', () => {
  test('CloudTrail-shaped events for S3 requests and the KMS calls S3 makes', async ({ aws }) => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    await aws.load({ buckets: [{ name: 'audited' }] })
    await s3.send(
      new PutObjectCommand({
        Bucket: 'audited',
        Key: 'k.txt',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KeyMetadata!.KeyId!,
        SSEKMSEncryptionContext: Buffer.from('{"team":"a"}').toString('base64'),
      }),
    )
    const [generate] = aws.audit.events({
      eventSource: 'kms.amazonaws.com',
      eventName: 'GenerateDataKey',
    })
    expect(generate).toMatchObject({
      requestParameters: {
        keyId: KeyMetadata!.KeyId,
        encryptionContext: { team: 'a', 'aws:s3:arn': 'arn:aws:s3:::audited/k.txt' },
      },
      resources: [{ ARN: KeyMetadata!.Arn, type: 'AWS::KMS::Key' }],
      userIdentity: { type: 'AWSService', invokedBy: 's3.amazonaws.com' },
    })
    expect(generate?.eventTime).toMatch(/^\d{4}-\d\d-\d\dT/)
    // Filters match nested fields as subsets, arrays by element, or take a predicate.
    expect(aws.audit.events({ userIdentity: { invokedBy: 's3.amazonaws.com' } })).toHaveLength(1)
    expect(aws.audit.events({ resources: [{ type: 'AWS::S3::Object' }] })).toHaveLength(1)
    expect(aws.audit.events((e) => e.eventSource === 's3.amazonaws.com')).toHaveLength(1)
  })

  test('failed calls carry errorCode and errorMessage', async ({ aws }) => {
    await s3.send(new GetObjectCommand({ Bucket: 'nope-bucket', Key: 'x' })).catch(() => undefined)
    expect(aws.audit.events({ eventName: 'GetObject' })).toMatchObject([
      { errorCode: 'NoSuchBucket', errorMessage: 'The specified bucket does not exist' },
    ])
  })
})
