import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms'
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe } from 'vitest'
import type { MockAws } from '../../../src/index.js'
import { expect, test as base } from '../../../src/vitest.js'
import { testCredentials } from '../../support/kms.js'
import { failureOf, twoKeysWorld } from '../../support/matchers.js'

/**
 * toHaveKmsCall and toHaveBeenDecryptedBy (SPEC §6) over the audit log: S3's own KMS calls made
 * for a user's PutObject/GetObject, and a user's direct KMS calls. `world.load()` leaves no
 * audit events, so only the calls below are seen.
 */
const test = base.extend({ awsOptions: { seed: 'kms-matchers' } })
const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const kms = new KMSClient({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })

/** The application writes an invoice under alias/invoices and reads it back. */
async function writeAndRead(aws: MockAws): Promise<void> {
  await aws.load(twoKeysWorld)
  await s3.send(
    new PutObjectCommand({
      Bucket: 'docs',
      Key: 'invoice.txt',
      Body: 'total: 42',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/invoices',
      SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ tenant: 'acme' })).toString('base64'),
    }),
  )
  const got = await s3.send(new GetObjectCommand({ Bucket: 'docs', Key: 'invoice.txt' }))
  await got.Body!.transformToString()
}

describe('toHaveKmsCall', () => {
  test('passes on the world and on the object, with any key form and a context subset', async ({
    aws,
  }) => {
    await writeAndRead(aws)
    const key = aws.kms.describeKey('alias/invoices')
    expect(aws).toHaveKmsCall('GenerateDataKey')
    expect(aws).toHaveKmsCall('GenerateDataKey', { keyId: key.KeyId, context: { tenant: 'acme' } })
    expect(aws).toHaveKmsCall('Decrypt', { keyId: key.Arn })
    const object = aws.s3.object('docs', 'invoice.txt')
    expect(object).toHaveKmsCall('GenerateDataKey', { keyId: 'alias/invoices' })
    expect(object).toHaveKmsCall('Decrypt', {
      context: { 'aws:s3:arn': 'arn:aws:s3:::docs/invoice.txt', tenant: expect.any(String) },
    })
  })

  test('fails listing the calls of that operation it found', async ({ aws }) => {
    await writeAndRead(aws)
    expect(
      failureOf(() => {
        expect(aws).toHaveKmsCall('GenerateDataKey', {
          keyId: 'alias/other',
          context: { tenant: 'acme' },
        })
      }),
    ).toMatchInlineSnapshot(`
      "expect(world).toHaveKmsCall("GenerateDataKey", { context: { tenant: "acme" }, keyId: "alias/other" })

      Expected: a KMS GenerateDataKey call with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/other) and context containing { tenant: "acme" }
      Received: 1 GenerateDataKey call:
        1. GenerateDataKey with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices), context { "aws:s3:arn": "arn:aws:s3:::docs/invoice.txt", tenant: "acme" }, by s3.amazonaws.com"
    `)
  })

  test('fails saying which KMS calls were made when none is of that operation', async ({ aws }) => {
    await writeAndRead(aws)
    expect(
      failureOf(() => {
        expect(aws).toHaveKmsCall('Encrypt')
      }),
    ).toMatchInlineSnapshot(`
      "expect(world).toHaveKmsCall("Encrypt")

      Expected: a KMS Encrypt call
      Received: no such call; KMS received GenerateDataKey ×1, Decrypt ×1"
    `)
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 'kms.txt')).toHaveKmsCall('Decrypt')
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/kms.txt).toHaveKmsCall("Decrypt")

      Expected: a KMS Decrypt call for s3://docs/kms.txt
      Received: no Decrypt calls for s3://docs/kms.txt"
    `)
  })

  test('.not passes when no such call was made, and fails when one was', async ({ aws }) => {
    await writeAndRead(aws)
    expect(aws).not.toHaveKmsCall('Encrypt')
    expect(aws).not.toHaveKmsCall('GenerateDataKey', { keyId: 'alias/other' })
    expect(aws.s3.object('docs', 'kms.txt')).not.toHaveKmsCall('Decrypt')
    expect(
      failureOf(() => {
        expect(aws).not.toHaveKmsCall('Decrypt', { keyId: 'alias/invoices' })
      }),
    ).toMatchInlineSnapshot(`
      "expect(world).not.toHaveKmsCall("Decrypt", { keyId: "alias/invoices" })

      Expected: not a KMS Decrypt call with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices)
      Received: 1 Decrypt call matching:
        1. Decrypt with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices), context { "aws:s3:arn": "arn:aws:s3:::docs/invoice.txt", tenant: "acme" }, by s3.amazonaws.com"
    `)
  })

  test('counts a call that failed, naming the key as the caller gave it', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    await kms
      .send(new EncryptCommand({ KeyId: 'alias/missing', Plaintext: Buffer.from('x') }))
      .catch(() => undefined)
    expect(aws).toHaveKmsCall('Encrypt', { keyId: 'alias/missing' })
  })
})

describe('toHaveBeenDecryptedBy', () => {
  test('passes when S3 (or the user) decrypted under that key', async ({ aws }) => {
    await writeAndRead(aws)
    expect(aws.s3.object('docs', 'invoice.txt')).toHaveBeenDecryptedBy('alias/invoices')
    expect(aws).toHaveBeenDecryptedBy(aws.kms.describeKey('alias/invoices').KeyId)
  })

  test('fails listing the Decrypt calls it found', async ({ aws }) => {
    await writeAndRead(aws)
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 'invoice.txt')).toHaveBeenDecryptedBy('alias/other')
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/invoice.txt).toHaveBeenDecryptedBy("alias/other")

      Expected: s3://docs/invoice.txt decrypted by KMS key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/other)
      Received: 1 Decrypt call:
        1. Decrypt with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices), context { "aws:s3:arn": "arn:aws:s3:::docs/invoice.txt", tenant: "acme" }, by s3.amazonaws.com"
    `)
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 'kms.txt')).toHaveBeenDecryptedBy('alias/invoices')
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/kms.txt).toHaveBeenDecryptedBy("alias/invoices")

      Expected: s3://docs/kms.txt decrypted by KMS key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices)
      Received: no Decrypt calls for s3://docs/kms.txt"
    `)
  })

  test('.not passes for another key or an unread object, and fails when it was decrypted', async ({
    aws,
  }) => {
    await writeAndRead(aws)
    expect(aws.s3.object('docs', 'invoice.txt')).not.toHaveBeenDecryptedBy('alias/other')
    expect(aws.s3.object('docs', 'kms.txt')).not.toHaveBeenDecryptedBy('alias/invoices')
    expect(
      failureOf(() => {
        expect(aws).not.toHaveBeenDecryptedBy('alias/invoices')
      }),
    ).toMatchInlineSnapshot(`
      "expect(world).not.toHaveBeenDecryptedBy("alias/invoices")

      Expected: not decrypted by KMS key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices)
      Received: 1 Decrypt call by that key:
        1. Decrypt with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices), context { "aws:s3:arn": "arn:aws:s3:::docs/invoice.txt", tenant: "acme" }, by s3.amazonaws.com"
    `)
  })

  test('a Decrypt that failed does not count', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({
        KeyId: 'alias/invoices',
        Plaintext: Buffer.from('x'),
        EncryptionContext: { a: 'b' },
      }),
    )
    await kms.send(new DecryptCommand({ CiphertextBlob })).catch(() => undefined)
    expect(aws).toHaveKmsCall('Decrypt')
    expect(aws).not.toHaveBeenDecryptedBy('alias/invoices')
  })
})
