import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  type CreateKeyCommandInput,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  type KeySpec,
  type KeyUsageType,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateKeyDescriptionCommand,
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
const ARN_PREFIX = 'arn:aws:kms:us-east-1:123456789012'

async function createKey(input: CreateKeyCommandInput = {}) {
  clock.set(START)
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input))
  return KeyMetadata!
}

describe('CreateKey', () => {
  it('creates a symmetric encryption key by default, with AWS’s metadata shape', async () => {
    clock.set(START)
    const { KeyMetadata } = await audited(aws, 'CreateKey', () =>
      kms.send(new CreateKeyCommand({ Description: 'orders' })),
    )
    expect(KeyMetadata).toEqual({
      AWSAccountId: '123456789012',
      KeyId: KeyMetadata!.KeyId,
      Arn: `${ARN_PREFIX}:key/${KeyMetadata!.KeyId}`,
      CreationDate: START,
      Enabled: true,
      Description: 'orders',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
      CurrentKeyMaterialId: KeyMetadata!.CurrentKeyMaterialId,
    })
    expect(KeyMetadata!.KeyId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(KeyMetadata!.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
  })

  const valid: [KeySpec, KeyUsageType, Record<string, string[]>][] = [
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }],
    [
      'RSA_2048',
      'ENCRYPT_DECRYPT',
      { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] },
    ],
    [
      'RSA_3072',
      'SIGN_VERIFY',
      {
        SigningAlgorithms: [
          'RSASSA_PSS_SHA_256',
          'RSASSA_PSS_SHA_384',
          'RSASSA_PSS_SHA_512',
          'RSASSA_PKCS1_V1_5_SHA_256',
          'RSASSA_PKCS1_V1_5_SHA_384',
          'RSASSA_PKCS1_V1_5_SHA_512',
        ],
      },
    ],
    [
      'RSA_4096',
      'ENCRYPT_DECRYPT',
      { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] },
    ],
    ['ECC_NIST_P256', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    ['ECC_NIST_P256', 'KEY_AGREEMENT', {}],
    ['ECC_NIST_P384', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_384'] }],
    ['ECC_NIST_P521', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_512'] }],
    ['ECC_SECG_P256K1', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    ['HMAC_224', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_224'] }],
    ['HMAC_256', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_256'] }],
    ['HMAC_384', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_384'] }],
    ['HMAC_512', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_512'] }],
  ]
  it.each(valid)('accepts %s with %s', async (KeySpec, KeyUsage, algorithms) => {
    const key = await audited(aws, 'CreateKey', () => createKey({ KeySpec, KeyUsage }))
    expect(key).toMatchObject({ KeySpec, KeyUsage, KeyState: 'Enabled', ...algorithms })
    for (const field of ['EncryptionAlgorithms', 'SigningAlgorithms', 'MacAlgorithms'])
      if (!(field in algorithms)) expect(key).not.toHaveProperty(field)
  })

  const invalid: [KeySpec, KeyUsageType][] = [
    ['SYMMETRIC_DEFAULT', 'SIGN_VERIFY'],
    ['SYMMETRIC_DEFAULT', 'GENERATE_VERIFY_MAC'],
    ['SYMMETRIC_DEFAULT', 'KEY_AGREEMENT'],
    ['RSA_2048', 'GENERATE_VERIFY_MAC'],
    ['RSA_2048', 'KEY_AGREEMENT'],
    ['ECC_NIST_P256', 'ENCRYPT_DECRYPT'],
    ['ECC_SECG_P256K1', 'KEY_AGREEMENT'],
    ['HMAC_256', 'ENCRYPT_DECRYPT'],
    ['HMAC_256', 'SIGN_VERIFY'],
  ]
  it.each(invalid)('rejects %s with %s', async (KeySpec, KeyUsage) => {
    await expectKmsError(aws, 'CreateKey', () => createKey({ KeySpec, KeyUsage }), {
      name: 'ValidationException',
      message: `KeyUsage ${KeyUsage} is not compatible with KeySpec ${KeySpec}`,
    })
  })

  it('needs a KeyUsage for every spec but SYMMETRIC_DEFAULT', async () => {
    await expectKmsError(aws, 'CreateKey', () => createKey({ KeySpec: 'HMAC_256' }), {
      name: 'ValidationException',
      message:
        'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    })
  })

  it('refuses KeySpec together with the deprecated CustomerMasterKeySpec', async () => {
    const input = { KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' }
    await expectKmsError(aws, 'CreateKey', () => createKey(input as CreateKeyCommandInput), {
      name: 'ValidationException',
      message:
        'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    })
  })

  it('validates enum members as the service model does', async () => {
    const input = { KeySpec: 'AES_256' } as unknown as CreateKeyCommandInput
    await expectKmsError(aws, 'CreateKey', () => createKey(input), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'AES_256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, HMAC_224, HMAC_256, HMAC_384, HMAC_512, ML_KEM_512, ML_KEM_768, ML_KEM_1024, SM2]",
    })
  })

  it('refuses SM2 keys as KMS does outside the China Regions; the mock emulates none', async () => {
    for (const input of [
      { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' },
      { CustomerMasterKeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' },
    ] as const) {
      await expectKmsError(aws, 'CreateKey', () => createKey(input), {
        name: 'UnsupportedOperationException',
        message: 'KeySpec SM2 is not supported in this Region',
      })
    }
    const beijing = kmsClient('cn-north-1')
    await expectKmsError(
      aws,
      'CreateKey',
      () => beijing.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })),
      {
        name: 'UnsupportedOperationException',
        message:
          's3-kms-mock does not emulate SM2 keys, which KMS offers in the China Regions only.',
      },
    )
  })

  it('creates EXTERNAL keys without material, pending import', async () => {
    const key = await createKey({ Origin: 'EXTERNAL' })
    expect(key).toMatchObject({ Origin: 'EXTERNAL', KeyState: 'PendingImport', Enabled: false })
    expect(key).not.toHaveProperty('CurrentKeyMaterialId')
  })

  it('rejects tags in the reserved aws: namespace', async () => {
    const Tags = [{ TagKey: 'aws:owner', TagValue: 'x' }]
    await expectKmsError(aws, 'CreateKey', () => createKey({ Tags }), {
      name: 'TagException',
      message: 'Tags beginning with aws: are reserved',
    })
  })
})

describe('naming a key', () => {
  it('accepts key id, key ARN, alias name and alias ARN', async () => {
    const key = await createKey()
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: key.KeyId }))
    for (const KeyId of [
      key.KeyId,
      key.Arn,
      'alias/orders',
      `${ARN_PREFIX}:alias/orders`,
      key.KeyId!.toUpperCase(),
    ]) {
      const { KeyMetadata } = await audited(aws, 'DescribeKey', () =>
        kms.send(new DescribeKeyCommand({ KeyId })),
      )
      expect(KeyMetadata?.Arn).toBe(key.Arn)
    }
  })

  const missing = '00000000-1111-4222-8333-444444444444'
  const notFound: [string, string][] = [
    ['fake-key-id', "Invalid keyId 'fake-key-id'"],
    ['134f2428cec14b25a1ae9048164dba47', "Invalid keyId '134f2428cec14b25a1ae9048164dba47'"],
    ['mrk-fake-key-id', "Invalid keyId 'mrk-fake-key-id'"],
    [missing, `Key '${ARN_PREFIX}:key/${missing}' does not exist`],
    [`${ARN_PREFIX}:key/${missing}`, `Key '${ARN_PREFIX}:key/${missing}' does not exist`],
    [
      `arn:aws:kms:us-east-1:999999999999:key/${missing}`,
      `Key 'arn:aws:kms:us-east-1:999999999999:key/${missing}' does not exist`,
    ],
    [`arn:aws:kms:eu-west-1:123456789012:key/${missing}`, 'Invalid arn eu-west-1'],
    ['alias/missing', `Alias ${ARN_PREFIX}:alias/missing is not found.`],
    [`${ARN_PREFIX}:alias/missing`, `Alias ${ARN_PREFIX}:alias/missing is not found.`],
  ]
  it.each(notFound)('DescribeKey(%s) is NotFoundException', async (KeyId, message) => {
    await expectKmsError(aws, 'DescribeKey', () => kms.send(new DescribeKeyCommand({ KeyId })), {
      name: 'NotFoundException',
      message,
    })
  })

  it('key-management operations take only a key id or key ARN, not an alias', async () => {
    const key = await createKey()
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/admin', TargetKeyId: key.KeyId }))
    await expectKmsError(
      aws,
      'DisableKey',
      () => kms.send(new DisableKeyCommand({ KeyId: 'alias/admin' })),
      { name: 'NotFoundException', message: "Invalid keyId 'alias/admin'" },
    )
  })

  it('creates the AWS managed key when DescribeKey names alias/aws/s3', async () => {
    const { KeyMetadata } = await audited(aws, 'DescribeKey', () =>
      kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' })),
    )
    expect(KeyMetadata).toMatchObject({
      KeyManager: 'AWS',
      KeyState: 'Enabled',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Description: 'Default key that protects my S3 objects when no other key is defined',
    })
    const again = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    expect(again.KeyMetadata?.KeyId).toBe(KeyMetadata?.KeyId)
    await expectKmsError(
      aws,
      'DisableKey',
      () => kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId })),
      {
        name: 'UnsupportedOperationException',
        message: `${KeyMetadata!.Arn} is an AWS managed key which is not valid for this operation.`,
      },
    )
  })
})

describe('key state machine', () => {
  it('disables and enables a key; a disabled key cannot encrypt', async () => {
    const key = await createKey()
    await audited(aws, 'DisableKey', () => kms.send(new DisableKeyCommand({ KeyId: key.KeyId })))
    const disabled = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(disabled.KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false })
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
    const plaintext = new Uint8Array([1])
    await expectKmsError(
      aws,
      'Encrypt',
      () => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext })),
      { name: 'DisabledException', message: `${key.Arn} is disabled.` },
    )
    await audited(aws, 'EnableKey', () => kms.send(new EnableKeyCommand({ KeyId: key.KeyId })))
    const enabled = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(enabled.KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true })
  })

  it('schedules deletion, refuses changes while pending, and cancels to Disabled', async () => {
    const key = await createKey()
    const scheduled = await audited(aws, 'ScheduleKeyDeletion', () =>
      kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 })),
    )
    expect(scheduled).toMatchObject({
      KeyId: key.Arn,
      DeletionDate: new Date(START.getTime() + 7 * DAY_MS),
      KeyState: 'PendingDeletion',
      PendingWindowInDays: 7,
    })
    const pending = { name: 'KMSInvalidStateException', message: `${key.Arn} is pending deletion.` }
    const KeyId = key.KeyId
    await expectKmsError(aws, 'EnableKey', () => kms.send(new EnableKeyCommand({ KeyId })), pending)
    await expectKmsError(
      aws,
      'DisableKey',
      () => kms.send(new DisableKeyCommand({ KeyId })),
      pending,
    )
    await expectKmsError(
      aws,
      'ScheduleKeyDeletion',
      () => kms.send(new ScheduleKeyDeletionCommand({ KeyId })),
      pending,
    )
    await expectKmsError(
      aws,
      'UpdateKeyDescription',
      () => kms.send(new UpdateKeyDescriptionCommand({ KeyId, Description: 'x' })),
      pending,
    )
    const described = await kms.send(new DescribeKeyCommand({ KeyId }))
    expect(described.KeyMetadata).toMatchObject({
      KeyState: 'PendingDeletion',
      PendingDeletionWindowInDays: 7,
    })

    const cancelled = await audited(aws, 'CancelKeyDeletion', () =>
      kms.send(new CancelKeyDeletionCommand({ KeyId })),
    )
    expect(cancelled).toMatchObject({ KeyId: key.Arn })
    const after = await kms.send(new DescribeKeyCommand({ KeyId }))
    expect(after.KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false })
    expect(after.KeyMetadata).not.toHaveProperty('DeletionDate')
    await expectKmsError(
      aws,
      'CancelKeyDeletion',
      () => kms.send(new CancelKeyDeletionCommand({ KeyId })),
      { name: 'KMSInvalidStateException', message: `${key.Arn} is not pending deletion.` },
    )
  })

  it('defaults the deletion window to 30 days and accepts 7 to 30', async () => {
    const a = await createKey()
    const b = await createKey()
    const defaulted = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: a.KeyId }))
    expect(defaulted.PendingWindowInDays).toBe(30)
    expect(defaulted.DeletionDate).toEqual(new Date(START.getTime() + 30 * DAY_MS))
    const thirty = await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: b.KeyId, PendingWindowInDays: 30 }),
    )
    expect(thirty.PendingWindowInDays).toBe(30)
  })

  it.each([
    [
      6,
      "Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
    ],
    [
      31,
      "Value '31' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30",
    ],
    [
      366,
      "Value '366' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 365",
    ],
  ])('rejects a deletion window of %i days', async (days, detail) => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'ScheduleKeyDeletion',
      () =>
        kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: days })),
      { name: 'ValidationException', message: `1 validation error detected: ${detail}` },
    )
  })

  it('deletes the key once the clock passes its DeletionDate', async () => {
    const key = await createKey()
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }))
    clock.set(START.getTime() + 7 * DAY_MS - 1)
    const still = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(still.KeyMetadata?.KeyState).toBe('PendingDeletion')
    clock.set(START.getTime() + 7 * DAY_MS)
    await expectKmsError(
      aws,
      'DescribeKey',
      () => kms.send(new DescribeKeyCommand({ KeyId: key.KeyId })),
      { name: 'NotFoundException', message: `Key '${key.Arn}' does not exist` },
    )
    const { Keys } = await kms.send(new ListKeysCommand({}))
    expect(Keys?.map((k) => k.KeyId)).not.toContain(key.KeyId)
  })

  it('updates the description', async () => {
    const key = await createKey({ Description: 'before' })
    await audited(aws, 'UpdateKeyDescription', () =>
      kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'after' })),
    )
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(KeyMetadata?.Description).toBe('after')
  })
})

describe('ListKeys', () => {
  it('pages with Limit and Marker', async () => {
    const created = [await createKey(), await createKey(), await createKey()]
    const first = await audited(aws, 'ListKeys', () => kms.send(new ListKeysCommand({ Limit: 2 })))
    expect(first.Keys).toEqual(created.slice(0, 2).map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })))
    expect(first.Truncated).toBe(true)
    const second = await kms.send(new ListKeysCommand({ Limit: 2, Marker: first.NextMarker }))
    expect(second.Keys).toEqual([{ KeyId: created[2]!.KeyId, KeyArn: created[2]!.Arn }])
    expect(second.Truncated).toBe(false)
    expect(second.NextMarker).toBeUndefined()
  })

  it('rejects a marker it did not hand out', async () => {
    await expectKmsError(
      aws,
      'ListKeys',
      () => kms.send(new ListKeysCommand({ Marker: 'bogus' })),
      {
        name: 'InvalidMarkerException',
        message: 'Invalid marker',
      },
    )
  })
})

describe('tags', () => {
  it('tags, lists and untags a key', async () => {
    const key = await createKey({ Tags: [{ TagKey: 'team', TagValue: 'a' }] })
    await audited(aws, 'TagResource', () =>
      kms.send(
        new TagResourceCommand({
          KeyId: key.KeyId,
          Tags: [
            { TagKey: 'team', TagValue: 'b' },
            { TagKey: 'env', TagValue: 'test' },
          ],
        }),
      ),
    )
    const listed = await audited(aws, 'ListResourceTags', () =>
      kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId })),
    )
    expect(listed).toMatchObject({
      Tags: [
        { TagKey: 'team', TagValue: 'b' },
        { TagKey: 'env', TagValue: 'test' },
      ],
      Truncated: false,
    })
    await audited(aws, 'UntagResource', () =>
      kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['team'] })),
    )
    const after = await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))
    expect(after.Tags).toEqual([{ TagKey: 'env', TagValue: 'test' }])
  })

  it('refuses reserved tag keys and keys pending deletion', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'TagResource',
      () =>
        kms.send(
          new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'aws:x', TagValue: '' }] }),
        ),
      { name: 'TagException', message: 'Tags beginning with aws: are reserved' },
    )
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }))
    await expectKmsError(
      aws,
      'TagResource',
      () =>
        kms.send(
          new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'a', TagValue: '' }] }),
        ),
      { name: 'KMSInvalidStateException', message: `${key.Arn} is pending deletion.` },
    )
  })
})
