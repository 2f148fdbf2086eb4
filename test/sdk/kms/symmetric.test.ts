import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()
const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const str = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString()

async function newKey(): Promise<{ id: string; arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  return { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
}

async function encrypted(keyId: string, context?: Record<string, string>) {
  const { CiphertextBlob } = await kms.send(
    new EncryptCommand({
      KeyId: keyId,
      Plaintext: text('secret'),
      ...(context === undefined ? {} : { EncryptionContext: context }),
    }),
  )
  return CiphertextBlob!
}

/**
 * AWS sends this error with an empty message (reference §3); the SDK then fills in
 * `UnknownError`, which is what a user of the real service sees too.
 */
const invalidCiphertext = { name: 'InvalidCiphertextException', message: 'UnknownError' }
const incorrectKey = {
  name: 'IncorrectKeyException',
  message: 'The key ID in the request does not identify a CMK that can perform this operation.',
}

describe('Encrypt and Decrypt', () => {
  it('accept all four key-id forms and answer with the key ARN', async () => {
    const key = await newKey()
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: key.id }))
    const aliasArn = 'arn:aws:kms:us-east-1:123456789012:alias/orders'
    for (const form of [key.id, key.arn, 'alias/orders', aliasArn]) {
      const out = await audited(aws, 'Encrypt', () =>
        kms.send(new EncryptCommand({ KeyId: form, Plaintext: text(form) })),
      )
      expect(out.KeyId).toBe(key.arn)
      expect(out.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT')
      const opened = await kms.send(
        new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: form }),
      )
      expect(str(opened.Plaintext)).toBe(form)
      expect(opened.KeyId).toBe(key.arn)
      expect(opened.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
    }
  })

  it('binds the encryption context as AAD: the exact map, in any order, decrypts', async () => {
    const key = await newKey()
    const blob = await encrypted(key.id, { tenant: 'a', purpose: 'test' })
    const opened = await kms.send(
      new DecryptCommand({
        CiphertextBlob: blob,
        EncryptionContext: { purpose: 'test', tenant: 'a' },
      }),
    )
    expect(str(opened.Plaintext)).toBe('secret')
  })

  it.each([
    ['missing', undefined],
    ['different value', { tenant: 'b', purpose: 'test' }],
    ['extra pair', { tenant: 'a', purpose: 'test', extra: 'x' }],
    ['missing pair', { tenant: 'a' }],
    ['different-case key', { Tenant: 'a', purpose: 'test' }],
    ['different-case value', { tenant: 'A', purpose: 'test' }],
  ])('a %s context → InvalidCiphertextException', async (_name, context) => {
    const key = await newKey()
    const blob = await encrypted(key.id, { tenant: 'a', purpose: 'test' })
    await expectKmsError(
      aws,
      'Decrypt',
      () =>
        kms.send(
          new DecryptCommand({
            CiphertextBlob: blob,
            ...(context === undefined ? {} : { EncryptionContext: context }),
          }),
        ),
      invalidCiphertext,
    )
  })

  it('a context where none was given → InvalidCiphertextException', async () => {
    const key = await newKey()
    const blob = await encrypted(key.id)
    await expectKmsError(
      aws,
      'Decrypt',
      () => kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { a: 'b' } })),
      invalidCiphertext,
    )
  })

  it('a tampered blob, a truncated blob or random bytes → InvalidCiphertextException', async () => {
    const key = await newKey()
    const blob = await encrypted(key.id)
    const tampered = Uint8Array.from(blob)
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1
    for (const bad of [tampered, blob.subarray(0, 20), new Uint8Array(64).fill(7)]) {
      await expectKmsError(
        aws,
        'Decrypt',
        () => kms.send(new DecryptCommand({ CiphertextBlob: bad })),
        invalidCiphertext,
      )
    }
  })

  it('another key’s blob named with the wrong KeyId → IncorrectKeyException', async () => {
    const a = await newKey()
    const b = await newKey()
    const blob = await encrypted(a.id)
    await expectKmsError(
      aws,
      'Decrypt',
      () => kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: b.id })),
      incorrectKey,
    )
  })

  it('a disabled key → DisabledException naming the ARN, for Encrypt and Decrypt', async () => {
    const key = await newKey()
    const blob = await encrypted(key.id)
    await kms.send(new DisableKeyCommand({ KeyId: key.id }))
    const disabled = { name: 'DisabledException', message: `${key.arn} is disabled.` }
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: text('x') })),
      disabled,
    )
    await expectKmsError(
      aws,
      'Decrypt',
      () => kms.send(new DecryptCommand({ CiphertextBlob: blob })),
      disabled,
    )
  })

  it('a key pending deletion → KMSInvalidStateException', async () => {
    const key = await newKey()
    const blob = await encrypted(key.id)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.id, PendingWindowInDays: 7 }))
    const pending = { name: 'KMSInvalidStateException', message: `${key.arn} is pending deletion.` }
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: text('x') })),
      pending,
    )
    await expectKmsError(
      aws,
      'Decrypt',
      () => kms.send(new DecryptCommand({ CiphertextBlob: blob })),
      pending,
    )
  })

  it('Plaintext of 4097 bytes → AWS’s validation text', async () => {
    const key = await newKey()
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: new Uint8Array(4097) })),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      },
    )
  })

  it('an RSA algorithm on a symmetric key → InvalidKeyUsageException', async () => {
    const key = await newKey()
    await expectKmsError(
      aws,
      'Encrypt',
      () =>
        kms.send(
          new EncryptCommand({
            KeyId: key.id,
            Plaintext: text('x'),
            EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
          }),
        ),
      {
        name: 'InvalidKeyUsageException',
        message: 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
      },
    )
  })

  it('DryRun → DryRunOperationException after every check passed', async () => {
    const key = await newKey()
    const blob = await encrypted(key.id)
    const dryRun = {
      name: 'DryRunOperationException',
      message: 'The request would have succeeded, but the DryRun option is set.',
    }
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId: key.id, Plaintext: text('x'), DryRun: true })),
      dryRun,
    )
    await expectKmsError(
      aws,
      'Decrypt',
      () => kms.send(new DecryptCommand({ CiphertextBlob: blob, DryRun: true })),
      dryRun,
    )
  })
})

describe('ReEncrypt', () => {
  it('moves a ciphertext to another key and context without exposing the plaintext', async () => {
    const a = await newKey()
    const b = await newKey()
    const blob = await encrypted(a.id, { stage: 'one' })
    const out = await audited(aws, 'ReEncrypt', () =>
      kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { stage: 'one' },
          SourceKeyId: a.arn,
          DestinationKeyId: b.id,
          DestinationEncryptionContext: { stage: 'two' },
        }),
      ),
    )
    expect(out).toMatchObject({
      SourceKeyId: a.arn,
      KeyId: b.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    })
    expect(out.SourceKeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
    expect(out.DestinationKeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
    expect(Object.keys(out)).not.toContain('Plaintext')
    const opened = await kms.send(
      new DecryptCommand({
        CiphertextBlob: out.CiphertextBlob,
        EncryptionContext: { stage: 'two' },
      }),
    )
    expect(opened.KeyId).toBe(b.arn)
    expect(str(opened.Plaintext)).toBe('secret')
    const event = aws.audit.events({ eventName: 'ReEncrypt' }).at(-1)!
    expect(event.resources.map((r) => r.ARN)).toEqual([a.arn, b.arn])
  })

  it('a SourceKeyId naming another key → IncorrectKeyException', async () => {
    const a = await newKey()
    const b = await newKey()
    const blob = await encrypted(a.id)
    await expectKmsError(
      aws,
      'ReEncrypt',
      () =>
        kms.send(
          new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: b.id, DestinationKeyId: b.id }),
        ),
      incorrectKey,
    )
  })

  it('the wrong source context → InvalidCiphertextException', async () => {
    const a = await newKey()
    const blob = await encrypted(a.id, { stage: 'one' })
    await expectKmsError(
      aws,
      'ReEncrypt',
      () =>
        kms.send(
          new ReEncryptCommand({
            CiphertextBlob: blob,
            SourceEncryptionContext: { stage: 'two' },
            DestinationKeyId: a.id,
          }),
        ),
      invalidCiphertext,
    )
  })

  it('a disabled destination key → DisabledException', async () => {
    const a = await newKey()
    const b = await newKey()
    const blob = await encrypted(a.id)
    await kms.send(new DisableKeyCommand({ KeyId: b.id }))
    await expectKmsError(
      aws,
      'ReEncrypt',
      () => kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: b.arn })),
      { name: 'DisabledException', message: `${b.arn} is disabled.` },
    )
  })
})

describe('GenerateDataKey and GenerateDataKeyWithoutPlaintext', () => {
  it.each([
    [{ KeySpec: 'AES_256' as const }, 32],
    [{ KeySpec: 'AES_128' as const }, 16],
    [{ NumberOfBytes: 1 }, 1],
    [{ NumberOfBytes: 1024 }, 1024],
  ])('%j gives a %i-byte key that Decrypt recovers', async (size, length) => {
    const key = await newKey()
    const out = await kms.send(
      new GenerateDataKeyCommand({ KeyId: key.id, EncryptionContext: { k: 'v' }, ...size }),
    )
    expect(out.Plaintext).toHaveLength(length)
    expect(out.KeyId).toBe(key.arn)
    const opened = await kms.send(
      new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { k: 'v' } }),
    )
    expect(Buffer.from(opened.Plaintext!)).toEqual(Buffer.from(out.Plaintext!))
  })

  it('WithoutPlaintext returns only the ciphertext, which decrypts to a fresh key', async () => {
    const key = await newKey()
    const out = await audited(aws, 'GenerateDataKeyWithoutPlaintext', () =>
      kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.id, KeySpec: 'AES_256' })),
    )
    expect(Object.keys(out)).not.toContain('Plaintext')
    expect(out.KeyId).toBe(key.arn)
    expect(out.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }))
    expect(opened.Plaintext).toHaveLength(32)
  })

  it.each([
    ['both', { KeySpec: 'AES_256' as const, NumberOfBytes: 32 }],
    ['neither', {}],
  ])('%s of KeySpec and NumberOfBytes → ValidationException', async (_name, size) => {
    const key = await newKey()
    const expected = {
      name: 'ValidationException',
      message: 'Please specify either number of bytes or key spec.',
    }
    await expectKmsError(
      aws,
      'GenerateDataKey',
      () => kms.send(new GenerateDataKeyCommand({ KeyId: key.id, ...size })),
      expected,
    )
    await expectKmsError(
      aws,
      'GenerateDataKeyWithoutPlaintext',
      () => kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.id, ...size })),
      expected,
    )
  })

  it('an asymmetric or HMAC key → InvalidKeyUsageException', async () => {
    const rsa = (
      await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }))
    ).KeyMetadata!
    const hmac = (
      await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))
    ).KeyMetadata!
    await expectKmsError(
      aws,
      'GenerateDataKey',
      () => kms.send(new GenerateDataKeyCommand({ KeyId: rsa.KeyId, KeySpec: 'AES_256' })),
      {
        name: 'InvalidKeyUsageException',
        message: `${rsa.Arn} key spec is RSA_2048 which is not valid for GenerateDataKey.`,
      },
    )
    await expectKmsError(
      aws,
      'GenerateDataKeyWithoutPlaintext',
      () =>
        kms.send(
          new GenerateDataKeyWithoutPlaintextCommand({ KeyId: hmac.KeyId, KeySpec: 'AES_256' }),
        ),
      {
        name: 'InvalidKeyUsageException',
        message: `${hmac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKeyWithoutPlaintext.`,
      },
    )
  })

  it('DryRun → DryRunOperationException', async () => {
    const key = await newKey()
    await expectKmsError(
      aws,
      'GenerateDataKey',
      () =>
        kms.send(new GenerateDataKeyCommand({ KeyId: key.id, KeySpec: 'AES_256', DryRun: true })),
      {
        name: 'DryRunOperationException',
        message: 'The request would have succeeded, but the DryRun option is set.',
      },
    )
  })
})

describe('GenerateRandom', () => {
  it.each([1, 44, 1024])('returns %i random bytes', async (n) => {
    const out = await audited(aws, 'GenerateRandom', () =>
      kms.send(new GenerateRandomCommand({ NumberOfBytes: n })),
    )
    expect(out.Plaintext).toHaveLength(n)
  })

  it.each([
    [
      0,
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      1025,
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    ],
    [undefined, 'NumberOfBytes is required.'],
  ])('NumberOfBytes %s → AWS’s captured ValidationException', async (n, message) => {
    await expectKmsError(
      aws,
      'GenerateRandom',
      () => kms.send(new GenerateRandomCommand(n === undefined ? {} : { NumberOfBytes: n })),
      { name: 'ValidationException', message },
    )
  })
})
