import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  GetBucketPolicyCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { describe } from 'vitest'
import { UsageError, type WorldFile } from '../../../src/index.js'
import { expect, test } from '../../../src/vitest.js'
import { testCredentials } from '../../support/kms.js'

/** world.load() (SPEC §6): the shipped fixtures, pinned key material, and invalid files. */
const fixtures = path.resolve(import.meta.dirname, '../../../fixtures')
const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const kms = new KMSClient({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })

const text = async (bucket: string, key: string, client = s3): Promise<string> => {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return got.Body!.transformToString()
}

/** The message of the UsageError `load` rejects with. */
async function loadError(load: Promise<void>): Promise<string> {
  const error = await load.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(UsageError)
  return (error as Error).message
}

describe('the fixtures shipped in fixtures/', () => {
  test('every one loads, and names the shipped schema', async ({ aws }) => {
    const files = readdirSync(fixtures).filter((f) => f.endsWith('.json'))
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const file of files) {
      const content = JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')) as WorldFile
      expect(content.$schema, file).toBe('../schema/world.schema.json')
      await aws.load(path.join(fixtures, file))
    }
  })

  test('invoices.json: SSE-KMS objects under alias/invoices, readable through the SDK', async ({
    aws,
  }) => {
    await aws.load(path.join(fixtures, 'invoices.json'))
    const acme = aws.s3.object('invoices', 'acme/2026-01.txt')
    expect(acme).toBeEncryptedWithKms({ keyId: 'alias/invoices', context: { tenant: 'acme' } })
    expect(aws.s3.object('invoices', 'globex/2026-01.txt')).toBeEncryptedWithKms({
      keyId: 'alias/invoices',
    })
    expect(await text('invoices', 'acme/2026-01.txt')).toBe('ACME: 3 items, total 42.00 EUR')
    expect(acme.describe()?.contentType).toBe('text/plain')
    expect(aws.kms.describeKey('alias/invoices').Description).toBe('Invoices of every tenant')
  })

  test('mixed-encryption.json: regions, SSE-S3 and SSE-KMS side by side, a disabled key', async ({
    aws,
  }) => {
    await aws.load(pathToFileURL(path.join(fixtures, 'mixed-encryption.json')))
    expect(aws.s3.object('public-assets', 'logo.svg')).toBeEncryptedWithS3Managed()
    expect(aws.s3.object('eu-reports', 'q1.csv')).toBeEncryptedWithKms({ keyId: 'alias/reports' })
    expect(aws.s3.object('eu-reports', 'q2.csv')).toBeEncryptedWithS3Managed()
    expect(aws.s3.object('eu-reports', 'q3.csv')).toBeEncryptedWithKms({
      context: { department: 'finance' },
    })
    expect(aws.kms.describeKey('alias/reports', 'eu-west-1').KeySpec).toBe('SYMMETRIC_DEFAULT')
    expect(aws.kms.describeKey('alias/retired').KeyState).toBe('Disabled')
    const eu = new S3Client({ region: 'eu-west-1', credentials: testCredentials })
    expect(await text('eu-reports', 'q3.csv', eu)).toBe('quarter,revenue\nQ3,90\n')
  })

  test('pinned-key.json: the material is imported (Origin EXTERNAL) and never shown', async ({
    aws,
  }) => {
    await aws.load(path.join(fixtures, 'pinned-key.json'))
    const key = aws.kms.describeKey('alias/pinned')
    expect(key).toMatchObject({ Origin: 'EXTERNAL', KeyState: 'Enabled' })
    expect(await text('pinned-data', 'hello.bin')).toBe('hello world')
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: 'alias/pinned', Plaintext: Buffer.from('pinned') }),
    )
    const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }))
    expect(Buffer.from(Plaintext!).toString()).toBe('pinned')

    const material = Buffer.from('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 'base64')
    const seen = [aws.inspect(), JSON.stringify(aws.audit.events())].join('\n')
    for (const form of [material.toString('base64'), material.toString('hex')]) {
      expect(seen).not.toContain(form)
    }
  })
})

describe('locked-down.json: a bucket policy and an SSE-C object', () => {
  test('the policy is in place and the objects satisfy it', async ({ aws }) => {
    await aws.load(path.join(fixtures, 'locked-down.json'))
    const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: 'records' }))
    expect(JSON.parse(Policy!)).toMatchObject({ Statement: [{ Sid: 'DenyUploadsWithoutKms' }] })
    expect(aws.s3.object('records', 'patient-1.json')).toBeEncryptedWithKms({
      keyId: 'alias/records',
      context: { patient: '1' },
    })
    const error = await s3
      .send(
        new PutObjectCommand({
          Bucket: 'records',
          Key: 'x',
          Body: 'x',
          ServerSideEncryption: 'AES256',
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    expect(error?.name).toBe('AccessDenied')
    // A world file that breaks its own policy is refused with the step that failed.
    const message = await loadError(
      aws.load({ buckets: [{ name: 'other', policy: { nonsense: true } }] }),
    )
    expect(message).toMatch(
      /^Failed to load world file \(object\): \$\.buckets\[0\]\.policy: PutBucketPolicy failed with MalformedPolicy/,
    )
  })

  test('the SSE-C object reads back with its customer key only', async ({ aws }) => {
    await aws.load(path.join(fixtures, 'locked-down.json'))
    const customerKey = Buffer.from('0123456789abcdef0123456789abcdef')
    expect(aws.s3.object('customer-keys', 'sealed.txt')).toBeEncryptedWithCustomerKey(customerKey)
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: 'customer-keys',
        Key: 'sealed.txt',
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: customerKey.toString('base64'),
      }),
    )
    expect(await got.Body!.transformToString()).toBe('readable only with the customer key')
    expect(aws.inspect()).not.toContain(customerKey.toString('base64'))
  })
})

describe('loading', () => {
  test('the same pinned material and seed give the same ciphertexts in two worlds', async () => {
    const { createMockAws } = await import('../../../src/index.js')
    const raw = async (): Promise<Uint8Array> => {
      const world = createMockAws({ seed: 'pinned' })
      await world.load(path.join(fixtures, 'pinned-key.json'))
      return world.s3.rawObject('pinned-data', 'hello.bin')
    }
    expect(Buffer.from(await raw()).equals(Buffer.from(await raw()))).toBe(true)
  })

  test('is not audited: matchers see only what the test does', async ({ aws }) => {
    await aws.load(path.join(fixtures, 'invoices.json'))
    expect(aws.audit.events()).toEqual([])
    expect(aws).not.toHaveKmsCall('GenerateDataKey')
    await text('invoices', 'acme/2026-01.txt')
    expect(aws.s3.object('invoices', 'acme/2026-01.txt')).toHaveBeenDecryptedBy('alias/invoices')
  })

  test('adds to what the world holds, and may name keys the world already has', async ({ aws }) => {
    await aws.load({ keys: [{ aliases: ['alias/existing'] }] })
    await aws.load({
      buckets: [
        {
          name: 'later',
          objects: [
            { key: 'a', body: 'x', encryption: { type: 'SSE-KMS', key: 'alias/existing' } },
          ],
        },
      ],
    })
    expect(aws.s3.object('later', 'a')).toBeEncryptedWithKms({ keyId: 'alias/existing' })
  })
})

describe('invalid world files are usage errors naming the JSON path', () => {
  test('schema problems', async ({ aws }) => {
    const file = {
      keys: [{ ref: 'k', keySpec: 'AES_256' }],
      buckets: [{ name: 'ok-bucket', objects: [{ key: 'a', encryption: { type: 'SSE-X' } }] }],
    }
    expect(await loadError(aws.load(file as unknown as WorldFile))).toMatchInlineSnapshot(
      `"Failed to load world file (object): $.keys[0].keySpec must be one of "SYMMETRIC_DEFAULT", "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512" (found "AES_256"); $.buckets[0].objects[0].encryption.type must be one of "SSE-S3", "SSE-KMS", "SSE-C" (found "SSE-X"). Fix the file: its format is the JSON Schema s3-kms-mock/schema/world.schema.json."`,
    )
  })

  test('rules the schema cannot say', async ({ aws }) => {
    const file: WorldFile = {
      keys: [
        { ref: 'k', material: Buffer.alloc(16).toString('base64') },
        { ref: 'k', keySpec: 'RSA_2048', material: Buffer.alloc(32).toString('base64') },
      ],
      buckets: [
        {
          name: 'ok-bucket',
          encryption: { type: 'SSE-S3', key: 'k' },
          objects: [
            { key: 'a', body: 'x', bodyBase64: 'eA==' },
            { key: 'b', encryption: { type: 'SSE-KMS', key: 'typo' } },
            { key: 'c', encryption: { type: 'SSE-C', customerKey: 'AAAA', context: {} } },
          ],
        },
      ],
    }
    expect(await loadError(aws.load(file))).toMatchInlineSnapshot(
      `"Failed to load world file (object): $.keys[0].material must be 32 bytes (found 16); $.keys[1].ref "k" is used by an earlier key; $.keys[1].material can only be pinned for SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys; $.buckets[0].encryption.key is only for SSE-KMS; $.buckets[0].objects[0] has both body and bodyBase64 (give one); $.buckets[0].objects[1].encryption.key "typo" is neither the ref of a key in this file nor a KMS key id, ARN or alias name; $.buckets[0].objects[2].encryption.context is only for SSE-KMS; $.buckets[0].objects[2].encryption.customerKey must be 32 bytes (found 3). Fix the file: its format is the JSON Schema s3-kms-mock/schema/world.schema.json."`,
    )
  })

  test('what AWS refuses, with the call and its error', async ({ aws }) => {
    const file: WorldFile = {
      keys: [{ ref: 'eu', region: 'eu-west-1' }],
      buckets: [
        { name: 'us-bucket', objects: [{ key: 'a', encryption: { type: 'SSE-KMS', key: 'eu' } }] },
      ],
    }
    expect(
      (await loadError(aws.load(file))).replace(/key\/[0-9a-f-]{36}/g, 'key/<key-id>'),
    ).toMatchInlineSnapshot(
      `"Failed to load world file (object): $.buckets[0].objects[0]: PutObject failed with KMS.NotFoundException: Invalid arn eu-west-1. Fix the file: its format is the JSON Schema s3-kms-mock/schema/world.schema.json."`,
    )
  })

  test('files that cannot be read or parsed', async ({ aws }) => {
    expect(await loadError(aws.load(path.join(fixtures, 'missing.json')))).toMatch(
      /^Failed to load world file .*missing\.json: ENOENT/,
    )
    expect(await loadError(aws.load(path.join(import.meta.dirname, 'world-file.test.ts')))).toMatch(
      /world-file\.test\.ts: it is not JSON/,
    )
  })
})
