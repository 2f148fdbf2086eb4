import {
  CreateKeyCommand,
  type CreateKeyCommandInput,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/core/clock.js'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const START = new Date('2026-03-01T00:00:00.000Z')
const clock = new ManualClock(START)
const aws = useMockAws({ clock })
const kms = kmsClient()
const DAY_MS = 86_400_000
// AWS answers these with an empty message, which the SDK shows as 'UnknownError'.
const UNSUPPORTED = { name: 'UnsupportedOperationException', message: 'UnknownError' }

async function createKey(input: CreateKeyCommandInput = {}) {
  clock.set(START)
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input))
  return KeyMetadata!
}

const status = (KeyId: string | undefined) => kms.send(new GetKeyRotationStatusCommand({ KeyId }))

describe('automatic rotation settings', () => {
  it('is off by default, on with 365 days, then off again', async () => {
    const key = await createKey()
    const initial = await audited(aws, 'GetKeyRotationStatus', () => status(key.KeyId))
    expect(initial).toMatchObject({ KeyRotationEnabled: false, KeyId: key.Arn })
    expect(initial).not.toHaveProperty('RotationPeriodInDays')

    await audited(aws, 'EnableKeyRotation', () =>
      kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })),
    )
    expect(await status(key.Arn)).toMatchObject({
      KeyRotationEnabled: true,
      KeyId: key.Arn,
      RotationPeriodInDays: 365,
      NextRotationDate: new Date(START.getTime() + 365 * DAY_MS),
    })

    await audited(aws, 'DisableKeyRotation', () =>
      kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId })),
    )
    const off = await status(key.KeyId)
    expect(off).toMatchObject({ KeyRotationEnabled: false, KeyId: key.Arn })
    expect(off).not.toHaveProperty('NextRotationDate')
  })

  it('takes a rotation period from 90 to 2560 days', async () => {
    const key = await createKey()
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }))
    expect(await status(key.KeyId)).toMatchObject({
      RotationPeriodInDays: 90,
      NextRotationDate: new Date(START.getTime() + 90 * DAY_MS),
    })
    for (const [days, bound] of [
      [89, 'greater than or equal to 90'],
      [2561, 'less than or equal to 2560'],
    ] as const) {
      await expectKmsError(
        aws,
        'EnableKeyRotation',
        () =>
          kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: days })),
        {
          name: 'ValidationException',
          message: `1 validation error detected: Value '${days}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value ${bound}`,
        },
      )
    }
  })

  it('is only for symmetric keys with KMS material', async () => {
    const ecc = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    const hmac = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    const external = await createKey({ Origin: 'EXTERNAL' })
    for (const key of [ecc, hmac]) {
      await expectKmsError(
        aws,
        'EnableKeyRotation',
        () => kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })),
        UNSUPPORTED,
      )
      await expectKmsError(aws, 'GetKeyRotationStatus', () => status(key.KeyId), UNSUPPORTED)
    }
    await expectKmsError(
      aws,
      'EnableKeyRotation',
      () => kms.send(new EnableKeyRotationCommand({ KeyId: external.KeyId })),
      {
        name: 'UnsupportedOperationException',
        message: `${external.Arn} origin is EXTERNAL which is not valid for this operation.`,
      },
    )
  })

  it('needs an enabled key to change the setting', async () => {
    const key = await createKey()
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
    await expectKmsError(
      aws,
      'EnableKeyRotation',
      () => kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })),
      { name: 'DisabledException', message: `${key.Arn} is disabled.` },
    )
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }))
    await expectKmsError(
      aws,
      'DisableKeyRotation',
      () => kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId })),
      { name: 'KMSInvalidStateException', message: `${key.Arn} is pending deletion.` },
    )
    expect(await status(key.KeyId)).toMatchObject({ KeyRotationEnabled: false })
  })

  it('reports AWS managed keys as rotating yearly, and refuses to change them', async () => {
    clock.set(START)
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    const { $metadata: _, ...managed } = await status(KeyMetadata!.KeyId)
    expect(managed).toEqual({
      KeyRotationEnabled: true,
      KeyId: KeyMetadata!.Arn,
      RotationPeriodInDays: 365,
      NextRotationDate: new Date(START.getTime() + 365 * DAY_MS),
    })
    await expectKmsError(
      aws,
      'DisableKeyRotation',
      () => kms.send(new DisableKeyRotationCommand({ KeyId: KeyMetadata!.KeyId })),
      {
        name: 'UnsupportedOperationException',
        message: `${KeyMetadata!.Arn} is an AWS managed key which is not valid for this operation.`,
      },
    )
  })
})

describe('RotateKeyOnDemand', () => {
  it('adds new current material; ciphertexts made before still decrypt', async () => {
    const key = await createKey()
    const before = await kms.send(
      new EncryptCommand({
        KeyId: key.KeyId,
        Plaintext: Buffer.from('old'),
        EncryptionContext: { v: '1' },
      }),
    )
    clock.set(START.getTime() + DAY_MS)
    const rotated = await audited(aws, 'RotateKeyOnDemand', () =>
      kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })),
    )
    expect(rotated.KeyId).toBe(key.Arn)
    const described = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    const current = described.KeyMetadata!.CurrentKeyMaterialId!
    expect(current).toMatch(/^[0-9a-f]{64}$/)
    expect(current).not.toBe(key.CurrentKeyMaterialId)

    const opened = await kms.send(
      new DecryptCommand({ CiphertextBlob: before.CiphertextBlob, EncryptionContext: { v: '1' } }),
    )
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('old')
    expect(opened.KeyMaterialId).toBe(key.CurrentKeyMaterialId)

    const after = await kms.send(
      new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('new') }),
    )
    const reopened = await kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }))
    expect(reopened.KeyMaterialId).toBe(current)

    const history = await audited(aws, 'ListKeyRotations', () =>
      kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId })),
    )
    expect(history).toMatchObject({
      Rotations: [
        {
          KeyId: key.Arn,
          KeyMaterialId: current,
          KeyMaterialState: 'CURRENT',
          RotationDate: new Date(START.getTime() + DAY_MS),
          RotationType: 'ON_DEMAND',
        },
      ],
      Truncated: false,
    })
    const all = await kms.send(
      new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }),
    )
    expect(all.Rotations).toEqual([
      { KeyId: key.Arn, KeyMaterialId: key.CurrentKeyMaterialId, KeyMaterialState: 'NON_CURRENT' },
      expect.objectContaining({ KeyMaterialId: current, KeyMaterialState: 'CURRENT' }),
    ])
  })

  it('allows ten on-demand rotations per key', async () => {
    const key = await createKey()
    for (let i = 0; i < 10; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))
    await expectKmsError(
      aws,
      'RotateKeyOnDemand',
      () => kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })),
      {
        name: 'LimitExceededException',
        message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
      },
    )
    const page = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, Limit: 4 }))
    expect(page.Truncated).toBe(true)
    expect(typeof page.NextMarker).toBe('string')
    expect(page.Rotations).toHaveLength(4)
  })

  it('refuses disabled, external, asymmetric and HMAC keys', async () => {
    const disabled = await createKey()
    await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }))
    await expectKmsError(
      aws,
      'RotateKeyOnDemand',
      () => kms.send(new RotateKeyOnDemandCommand({ KeyId: disabled.KeyId })),
      { name: 'DisabledException', message: `${disabled.Arn} is disabled.` },
    )
    const external = await createKey({ Origin: 'EXTERNAL' })
    await expectKmsError(
      aws,
      'RotateKeyOnDemand',
      () => kms.send(new RotateKeyOnDemandCommand({ KeyId: external.KeyId })),
      {
        name: 'UnsupportedOperationException',
        message: `${external.Arn} origin is EXTERNAL which is not valid for this operation.`,
      },
    )
    const ecc = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    const hmac = await createKey({ KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' })
    for (const key of [ecc, hmac]) {
      await expectKmsError(
        aws,
        'RotateKeyOnDemand',
        () => kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })),
        UNSUPPORTED,
      )
      await expectKmsError(
        aws,
        'ListKeyRotations',
        () => kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId })),
        UNSUPPORTED,
      )
    }
  })
})
