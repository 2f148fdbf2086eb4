import {
  CreateKeyCommand,
  GenerateMacCommand,
  type KeySpec,
  type MacAlgorithmSpec,
  VerifyMacCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

async function hmacKey(spec: KeySpec = 'HMAC_256') {
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' }),
  )
  return { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
}

describe.each([
  ['HMAC_224', 'HMAC_SHA_224', 28],
  ['HMAC_256', 'HMAC_SHA_256', 32],
  ['HMAC_384', 'HMAC_SHA_384', 48],
  ['HMAC_512', 'HMAC_SHA_512', 64],
] as [KeySpec, MacAlgorithmSpec, number][])('%s / %s', (spec, algorithm, length) => {
  it('generates a MAC that VerifyMac accepts, stable for the same message', async () => {
    const key = await hmacKey(spec)
    const out = await audited(aws, 'GenerateMac', () =>
      kms.send(
        new GenerateMacCommand({ KeyId: key.id, Message: text('m'), MacAlgorithm: algorithm }),
      ),
    )
    expect(out).toMatchObject({ KeyId: key.arn, MacAlgorithm: algorithm })
    expect(out.Mac).toHaveLength(length)
    const again = await kms.send(
      new GenerateMacCommand({ KeyId: key.arn, Message: text('m'), MacAlgorithm: algorithm }),
    )
    expect(Buffer.from(again.Mac!)).toEqual(Buffer.from(out.Mac!))
    const verified = await audited(aws, 'VerifyMac', () =>
      kms.send(
        new VerifyMacCommand({
          KeyId: key.id,
          Message: text('m'),
          Mac: out.Mac,
          MacAlgorithm: algorithm,
        }),
      ),
    )
    expect(verified).toMatchObject({ KeyId: key.arn, MacValid: true, MacAlgorithm: algorithm })
  })
})

describe('MAC refusals', () => {
  it('another message, another key’s MAC or a truncated MAC → KMSInvalidMacException', async () => {
    const key = await hmacKey()
    const other = await hmacKey()
    const { Mac } = await kms.send(
      new GenerateMacCommand({ KeyId: key.id, Message: text('m'), MacAlgorithm: 'HMAC_SHA_256' }),
    )
    const { Mac: otherMac } = await kms.send(
      new GenerateMacCommand({ KeyId: other.id, Message: text('m'), MacAlgorithm: 'HMAC_SHA_256' }),
    )
    for (const [message, mac] of [
      [text('n'), Mac!],
      [text('m'), otherMac!],
      [text('m'), Mac!.subarray(0, 16)],
    ] as const) {
      await expectKmsError(
        aws,
        'VerifyMac',
        () =>
          kms.send(
            new VerifyMacCommand({
              KeyId: key.id,
              Message: message,
              Mac: mac,
              MacAlgorithm: 'HMAC_SHA_256',
            }),
          ),
        // AWS's message is empty ([AWS-cap] test_invalid_verify_mac); the SDK shows UnknownError.
        { name: 'KMSInvalidMacException', message: 'UnknownError' },
      )
    }
  })

  it('an algorithm that does not match the key spec → InvalidKeyUsageException', async () => {
    const key = await hmacKey('HMAC_224')
    await expectKmsError(
      aws,
      'GenerateMac',
      () =>
        kms.send(
          new GenerateMacCommand({
            KeyId: key.id,
            Message: text('m'),
            MacAlgorithm: 'HMAC_SHA_256',
          }),
        ),
      {
        name: 'InvalidKeyUsageException',
        message: 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.',
      },
    )
  })

  it('an unknown algorithm → the model’s enum ValidationException', async () => {
    const key = await hmacKey()
    await expectKmsError(
      aws,
      'GenerateMac',
      () =>
        kms.send(
          new GenerateMacCommand({
            KeyId: key.id,
            Message: text('m'),
            MacAlgorithm: 'INVALID' as MacAlgorithmSpec,
          }),
        ),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_224, HMAC_SHA_256, HMAC_SHA_384, HMAC_SHA_512]",
      },
    )
  })

  it('a symmetric encryption key → InvalidKeyUsageException with AWS’s captured text', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    await expectKmsError(
      aws,
      'GenerateMac',
      () =>
        kms.send(
          new GenerateMacCommand({
            KeyId: KeyMetadata!.KeyId,
            Message: text('m'),
            MacAlgorithm: 'HMAC_SHA_256',
          }),
        ),
      {
        name: 'InvalidKeyUsageException',
        message: `${KeyMetadata!.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
      },
    )
  })

  it('an invalid key id → NotFoundException', async () => {
    await expectKmsError(
      aws,
      'VerifyMac',
      () =>
        kms.send(
          new VerifyMacCommand({
            KeyId: 'key_id',
            Message: text('m'),
            Mac: new Uint8Array(32),
            MacAlgorithm: 'HMAC_SHA_256',
          }),
        ),
      { name: 'NotFoundException', message: "Invalid keyId 'key_id'" },
    )
  })
})
