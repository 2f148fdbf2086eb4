import { describe } from 'vitest'
import { UsageError, type WorldFile } from '../../../src/index.js'
import { expect, test as base } from '../../../src/vitest.js'
import { failureOf, twoKeysWorld } from '../../support/matchers.js'

/**
 * The encryption matchers (SPEC §6): pass, fail and `.not` for each, failure text pinned. The
 * world comes from a world file, so each test starts from the same two keys and two objects.
 */
const test = base.extend({ awsOptions: { seed: 'matchers' } })

describe('toBeEncryptedWithKms', () => {
  test('passes for an SSE-KMS object, with any of the four key forms and a context subset', async ({
    aws,
  }) => {
    await aws.load(twoKeysWorld)
    const object = aws.s3.object('docs', 'kms.txt')
    const key = aws.kms.describeKey('alias/invoices')
    expect(object).toBeEncryptedWithKms()
    for (const keyId of [
      key.KeyId,
      key.Arn,
      'alias/invoices',
      key.Arn.replace(/key\/.*/, 'alias/invoices'),
    ]) {
      expect(object).toBeEncryptedWithKms({ keyId })
    }
    expect(object).toBeEncryptedWithKms({ keyId: 'alias/invoices', context: { tenant: 'acme' } })
    expect(object).toBeEncryptedWithKms({
      context: { tenant: expect.any(String), 'aws:s3:arn': 'arn:aws:s3:::docs/kms.txt' },
    })
  })

  test('fails naming the key it found, with its aliases', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 'kms.txt')).toBeEncryptedWithKms({ keyId: 'alias/other' })
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/kms.txt).toBeEncryptedWithKms({ keyId: "alias/other" })

      Expected: SSE-KMS with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/other)
      Received: SSE-KMS with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices) and context { "aws:s3:arn": "arn:aws:s3:::docs/kms.txt", tenant: "acme" }"
    `)
  })

  test('fails naming the context it found', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 'kms.txt')).toBeEncryptedWithKms({
          context: { tenant: 'globex' },
        })
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/kms.txt).toBeEncryptedWithKms({ context: { tenant: "globex" } })

      Expected: SSE-KMS with context containing { tenant: "globex" }
      Received: SSE-KMS with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices) and context { "aws:s3:arn": "arn:aws:s3:::docs/kms.txt", tenant: "acme" }"
    `)
  })

  test('fails for an SSE-S3 object', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 's3.txt')).toBeEncryptedWithKms()
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/s3.txt).toBeEncryptedWithKms()

      Expected: SSE-KMS
      Received: SSE-S3"
    `)
  })

  test('.not passes for another key or SSE-S3, and fails when it matches', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    expect(aws.s3.object('docs', 'kms.txt')).not.toBeEncryptedWithKms({ keyId: 'alias/other' })
    expect(aws.s3.object('docs', 's3.txt')).not.toBeEncryptedWithKms()
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 'kms.txt')).not.toBeEncryptedWithKms({
          keyId: 'alias/invoices',
        })
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/kms.txt).not.toBeEncryptedWithKms({ keyId: "alias/invoices" })

      Expected: not SSE-KMS with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices)
      Received: SSE-KMS with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices) and context { "aws:s3:arn": "arn:aws:s3:::docs/kms.txt", tenant: "acme" }"
    `)
  })

  test('a missing object fails with and without .not, showing the bucket', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    const missing = aws.s3.object('docs', 'nope.txt')
    expect(
      failureOf(() => {
        expect(missing).toBeEncryptedWithKms()
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/nope.txt).toBeEncryptedWithKms()

      Expected: an SSE-KMS object
      Received: no such object

      world: account 123456789012, region us-east-1
      ├─ KMS
      │  └─ us-east-1
      │     ├─ key <key-id> alias/invoices: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, Enabled
      │     └─ key <key-id> alias/other: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, Enabled
      └─ S3
         └─ bucket docs (us-east-1, default SSE-S3, blocks SSE-C)
            ├─ kms.txt (9 B): SSE-KMS key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices), context {"aws:s3:arn":"arn:aws:s3:::docs/kms.txt","tenant":"acme"}
            └─ s3.txt (8 B): SSE-S3"
    `)
    expect(
      failureOf(() => {
        expect(missing).not.toBeEncryptedWithKms()
      }),
    ).toContain('Received: no such object')
  })

  test('a key that does not exist is a usage error, not a silent .not pass', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    expect(() => {
      expect(aws.s3.object('docs', 'kms.txt')).not.toBeEncryptedWithKms({ keyId: 'alias/typo' })
    }).toThrow(UsageError)
  })

  test('anything but an object reference fails with and without .not', () => {
    expect(
      failureOf(() => {
        expect('docs/kms.txt').toBeEncryptedWithKms()
      }),
    ).toMatchInlineSnapshot(`
      "expect(received).toBeEncryptedWithKms()

      Expected: an object reference from world.s3.object(bucket, key)
      Received: string "docs/kms.txt""
    `)
    expect(() => {
      expect({ bucket: 'docs', key: 'kms.txt' }).not.toBeEncryptedWithKms()
    }).toThrow(/an object reference from world.s3.object/)
  })
})

describe('toBeEncryptedWithS3Managed', () => {
  test('passes for SSE-S3, fails for SSE-KMS; .not the other way round', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    expect(aws.s3.object('docs', 's3.txt')).toBeEncryptedWithS3Managed()
    expect(aws.s3.object('docs', 'kms.txt')).not.toBeEncryptedWithS3Managed()
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 'kms.txt')).toBeEncryptedWithS3Managed()
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/kms.txt).toBeEncryptedWithS3Managed()

      Expected: SSE-S3
      Received: SSE-KMS with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices) and context { "aws:s3:arn": "arn:aws:s3:::docs/kms.txt", tenant: "acme" }"
    `)
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 's3.txt')).not.toBeEncryptedWithS3Managed()
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/s3.txt).not.toBeEncryptedWithS3Managed()

      Expected: not SSE-S3
      Received: SSE-S3"
    `)
  })
})

describe('toBeUnencrypted', () => {
  test('fails for every object, since S3 encrypts them all; .not passes', async ({ aws }) => {
    await aws.load(twoKeysWorld)
    expect(aws.s3.object('docs', 's3.txt')).not.toBeUnencrypted()
    expect(aws.s3.object('docs', 'kms.txt')).not.toBeUnencrypted()
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 's3.txt')).toBeUnencrypted()
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/s3.txt).toBeUnencrypted()

      Expected: no server-side encryption
      Received: SSE-S3 (S3 encrypts every object at rest since January 2023)"
    `)
  })
})

describe('toBeEncryptedWithCustomerKey', () => {
  const key = Buffer.alloc(32, 1)
  const sseC: WorldFile = {
    buckets: [
      {
        name: 'vault',
        encryption: { type: 'SSE-S3', blockedEncryptionTypes: ['NONE'] },
        objects: [
          {
            key: 'c.txt',
            body: 'SSE-C',
            encryption: { type: 'SSE-C', customerKey: key.toString('base64') },
          },
        ],
      },
    ],
  }

  test('passes for an SSE-C object, with its key as bytes or base64, or no key', async ({
    aws,
  }) => {
    await aws.load(sseC)
    const object = aws.s3.object('vault', 'c.txt')
    expect(object).toBeEncryptedWithCustomerKey()
    expect(object).toBeEncryptedWithCustomerKey(key)
    expect(object).toBeEncryptedWithCustomerKey(key.toString('base64'))
    expect(object).not.toBeEncryptedWithKms()
  })

  test('fails naming the MD5 of the key it expected and of the key it found', async ({ aws }) => {
    await aws.load(sseC)
    expect(
      failureOf(() => {
        expect(aws.s3.object('vault', 'c.txt')).toBeEncryptedWithCustomerKey(Buffer.alloc(32, 2))
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://vault/c.txt).toBeEncryptedWithCustomerKey(<32 bytes>)

      Expected: SSE-C with customer key MD5 F3apf5enN9TQbA8CaOS4/g==
      Received: SSE-C with customer key MD5 4Funlf7OsLF0HL+vKU+fkg=="
    `)
    expect(
      failureOf(() => {
        expect(aws.s3.object('vault', 'c.txt')).not.toBeEncryptedWithCustomerKey(key)
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://vault/c.txt).not.toBeEncryptedWithCustomerKey(<32 bytes>)

      Expected: not SSE-C with customer key MD5 4Funlf7OsLF0HL+vKU+fkg==
      Received: SSE-C with customer key MD5 4Funlf7OsLF0HL+vKU+fkg=="
    `)
  })

  test('fails for an object that is not SSE-C, with or without a key; .not passes', async ({
    aws,
  }) => {
    await aws.load(twoKeysWorld)
    const object = aws.s3.object('docs', 'kms.txt')
    expect(object).not.toBeEncryptedWithCustomerKey()
    expect(object).not.toBeEncryptedWithCustomerKey(key)
    expect(
      failureOf(() => {
        expect(object).toBeEncryptedWithCustomerKey()
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/kms.txt).toBeEncryptedWithCustomerKey()

      Expected: SSE-C
      Received: SSE-KMS with key arn:aws:kms:us-east-1:123456789012:key/<key-id> (alias/invoices) and context { "aws:s3:arn": "arn:aws:s3:::docs/kms.txt", tenant: "acme" }"
    `)
    expect(
      failureOf(() => {
        expect(aws.s3.object('docs', 's3.txt')).toBeEncryptedWithCustomerKey(key)
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://docs/s3.txt).toBeEncryptedWithCustomerKey(<32 bytes>)

      Expected: SSE-C with customer key MD5 4Funlf7OsLF0HL+vKU+fkg==
      Received: SSE-S3"
    `)
  })

  test('reads a string key as the AWS SDK does: base64 of 32 bytes, else UTF-8', async ({
    aws,
  }) => {
    await aws.load(twoKeysWorld)
    const object = aws.s3.object('docs', 's3.txt')
    const base64 = failureOf(() => {
      expect(object).toBeEncryptedWithCustomerKey(key.toString('base64'))
    })
    const raw = failureOf(() => {
      expect(object).toBeEncryptedWithCustomerKey(key)
    })
    expect(base64.split('\n')[2]).toBe(raw.split('\n')[2])
    const utf8 = failureOf(() => {
      expect(object).toBeEncryptedWithCustomerKey('a'.repeat(32))
    })
    expect(utf8).toContain('SSE-C with customer key MD5 ')
    expect(utf8.split('\n')[2]).not.toBe(raw.split('\n')[2])
  })
})
