import {
  CreateAliasCommand,
  CreateKeyCommand,
  type CreateKeyCommandInput,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/core/clock.js'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const START = new Date('2026-03-01T00:00:00.000Z')
const clock = new ManualClock(START)
const aws = useMockAws({ clock })
const kms = kmsClient()
const ARN_PREFIX = 'arn:aws:kms:us-east-1:123456789012'
const DAY_MS = 86_400_000
// AWS answers with an empty message; the SDK shows an empty message as 'UnknownError'.
const EMPTY = 'UnknownError'

async function createKey(input: CreateKeyCommandInput = {}) {
  clock.set(START)
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input))
  return KeyMetadata!
}

const createAlias = (AliasName: string, TargetKeyId: string | undefined) =>
  kms.send(new CreateAliasCommand({ AliasName, TargetKeyId }))

describe('CreateAlias', () => {
  it('names a key, usable wherever a key is named, and listed with its dates', async () => {
    const key = await createKey()
    await audited(aws, 'CreateAlias', () => createAlias('alias/orders', key.KeyId))
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: 'alias/orders', Plaintext: Buffer.from('hi') }),
    )
    const opened = await kms.send(
      new DecryptCommand({ CiphertextBlob, KeyId: `${ARN_PREFIX}:alias/orders` }),
    )
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('hi')
    const listed = await audited(aws, 'ListAliases', () => kms.send(new ListAliasesCommand({})))
    expect(listed).toMatchObject({
      Aliases: [
        {
          AliasName: 'alias/orders',
          AliasArn: `${ARN_PREFIX}:alias/orders`,
          TargetKeyId: key.KeyId,
          CreationDate: START,
          LastUpdatedDate: START,
        },
      ],
      Truncated: false,
    })
  })

  it('accepts a key ARN and a disabled key as target', async () => {
    const key = await createKey()
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
    await audited(aws, 'CreateAlias', () => createAlias('alias/by-arn', key.Arn))
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/by-arn' }))
    expect(KeyMetadata?.KeyId).toBe(key.KeyId)
  })

  it.each([
    [
      'orders',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    ],
    [
      'alias/with space',
      "1 validation error detected: Value 'alias/with space' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    ],
    ['alias/a:b', 'alias/a:b contains invalid characters for an alias'],
    [
      `alias/${'x'.repeat(251)}`,
      `1 validation error detected: Value 'alias/${'x'.repeat(251)}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256`,
    ],
  ])('rejects the name %s', async (name, message) => {
    const key = await createKey()
    await expectKmsError(aws, 'CreateAlias', () => createAlias(name, key.KeyId), {
      name: 'ValidationException',
      message,
    })
  })

  it('reserves alias/aws/ for AWS managed keys', async () => {
    const key = await createKey()
    await expectKmsError(aws, 'CreateAlias', () => createAlias('alias/aws/mine', key.KeyId), {
      name: 'NotAuthorizedException',
      message: EMPTY,
    })
  })

  it('refuses a name that exists', async () => {
    const key = await createKey()
    await createAlias('alias/taken', key.KeyId)
    await expectKmsError(aws, 'CreateAlias', () => createAlias('alias/taken', key.KeyId), {
      name: 'AlreadyExistsException',
      message: `An alias with the name ${ARN_PREFIX}:alias/taken already exists`,
    })
  })

  it('needs a customer key named by id or ARN, not pending deletion', async () => {
    const key = await createKey()
    await createAlias('alias/first', key.KeyId)
    await expectKmsError(aws, 'CreateAlias', () => createAlias('alias/second', 'alias/first'), {
      name: 'NotFoundException',
      message: "Invalid keyId 'alias/first'",
    })
    const missing = '00000000-1111-4222-8333-444444444444'
    await expectKmsError(aws, 'CreateAlias', () => createAlias('alias/second', missing), {
      name: 'NotFoundException',
      message: `Key '${ARN_PREFIX}:key/${missing}' does not exist`,
    })
    const managed = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    await expectKmsError(
      aws,
      'CreateAlias',
      () => createAlias('alias/second', managed.KeyMetadata!.KeyId),
      {
        name: 'UnsupportedOperationException',
        message: `${managed.KeyMetadata!.Arn} is an AWS managed key which is not valid for this operation.`,
      },
    )
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }))
    await expectKmsError(aws, 'CreateAlias', () => createAlias('alias/second', key.KeyId), {
      name: 'KMSInvalidStateException',
      message: `${key.Arn} is pending deletion.`,
    })
  })
})

describe('UpdateAlias', () => {
  it('points the alias at another key of the same type and usage', async () => {
    const a = await createKey()
    const b = await createKey()
    await createAlias('alias/current', a.KeyId)
    clock.set(START.getTime() + DAY_MS)
    await audited(aws, 'UpdateAlias', () =>
      kms.send(new UpdateAliasCommand({ AliasName: 'alias/current', TargetKeyId: b.Arn })),
    )
    const { Aliases } = await kms.send(new ListAliasesCommand({}))
    expect(Aliases).toEqual([
      {
        AliasName: 'alias/current',
        AliasArn: `${ARN_PREFIX}:alias/current`,
        TargetKeyId: b.KeyId,
        CreationDate: START,
        LastUpdatedDate: new Date(START.getTime() + DAY_MS),
      },
    ])
  })

  it('refuses a key of another type or usage', async () => {
    const symmetric = await createKey()
    const hmac = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await createAlias('alias/typed', symmetric.KeyId)
    await expectKmsError(
      aws,
      'UpdateAlias',
      () => kms.send(new UpdateAliasCommand({ AliasName: 'alias/typed', TargetKeyId: hmac.KeyId })),
      {
        name: 'ValidationException',
        message: `Alias ${ARN_PREFIX}:alias/typed cannot be associated with ${hmac.Arn}: the current and new KMS key must have the same key type and key usage (SYMMETRIC ENCRYPT_DECRYPT).`,
      },
    )
    const agreement = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' })
    const signing = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    await createAlias('alias/ecc', signing.KeyId)
    await expectKmsError(
      aws,
      'UpdateAlias',
      () =>
        kms.send(new UpdateAliasCommand({ AliasName: 'alias/ecc', TargetKeyId: agreement.Arn })),
      {
        name: 'ValidationException',
        message: `Alias ${ARN_PREFIX}:alias/ecc cannot be associated with ${agreement.Arn}: the current and new KMS key must have the same key type and key usage (ASYMMETRIC SIGN_VERIFY).`,
      },
    )
  })

  it('answers NotFound for an unknown alias and NotAuthorized for alias/aws/', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'UpdateAlias',
      () => kms.send(new UpdateAliasCommand({ AliasName: 'alias/nope', TargetKeyId: key.KeyId })),
      { name: 'NotFoundException', message: `Alias ${ARN_PREFIX}:alias/nope is not found.` },
    )
    await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    await expectKmsError(
      aws,
      'UpdateAlias',
      () => kms.send(new UpdateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: key.KeyId })),
      { name: 'NotAuthorizedException', message: EMPTY },
    )
  })
})

describe('DeleteAlias', () => {
  it('removes the alias but not the key', async () => {
    const key = await createKey()
    await createAlias('alias/gone', key.KeyId)
    await audited(aws, 'DeleteAlias', () =>
      kms.send(new DeleteAliasCommand({ AliasName: 'alias/gone' })),
    )
    const { Aliases } = await kms.send(new ListAliasesCommand({}))
    expect(Aliases).toEqual([])
    await expectKmsError(
      aws,
      'DescribeKey',
      () => kms.send(new DescribeKeyCommand({ KeyId: 'alias/gone' })),
      { name: 'NotFoundException', message: `Alias ${ARN_PREFIX}:alias/gone is not found.` },
    )
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))
    expect(KeyMetadata?.KeyState).toBe('Enabled')
  })

  it('answers NotFound for an unknown alias and NotAuthorized for alias/aws/', async () => {
    await expectKmsError(
      aws,
      'DeleteAlias',
      () => kms.send(new DeleteAliasCommand({ AliasName: 'alias/nope' })),
      { name: 'NotFoundException', message: `Alias ${ARN_PREFIX}:alias/nope is not found.` },
    )
    await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    await expectKmsError(
      aws,
      'DeleteAlias',
      () => kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/s3' })),
      { name: 'NotAuthorizedException', message: EMPTY },
    )
  })
})

describe('ListAliases', () => {
  it('includes AWS managed aliases that exist, filters by key and pages', async () => {
    const a = await createKey()
    const b = await createKey()
    await createAlias('alias/a1', a.KeyId)
    await createAlias('alias/a2', a.KeyId)
    await createAlias('alias/b1', b.KeyId)
    const before = await kms.send(new ListAliasesCommand({}))
    expect(before.Aliases?.map((x) => x.AliasName)).toEqual(['alias/a1', 'alias/a2', 'alias/b1'])
    const managed = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    const all = await kms.send(new ListAliasesCommand({}))
    expect(all.Aliases?.at(-1)).toMatchObject({
      AliasName: 'alias/aws/s3',
      AliasArn: `${ARN_PREFIX}:alias/aws/s3`,
      TargetKeyId: managed.KeyMetadata?.KeyId,
    })

    const forA = await audited(aws, 'ListAliases', () =>
      kms.send(new ListAliasesCommand({ KeyId: a.Arn })),
    )
    expect(forA.Aliases?.map((x) => x.AliasName)).toEqual(['alias/a1', 'alias/a2'])

    const page1 = await kms.send(new ListAliasesCommand({ Limit: 2 }))
    expect(page1.Aliases?.map((x) => x.AliasName)).toEqual(['alias/a1', 'alias/a2'])
    expect(page1.Truncated).toBe(true)
    const page2 = await kms.send(new ListAliasesCommand({ Limit: 2, Marker: page1.NextMarker }))
    expect(page2.Aliases?.map((x) => x.AliasName)).toEqual(['alias/b1', 'alias/aws/s3'])
    expect(page2.Truncated).toBe(false)
  })

  it('drops aliases whose key was deleted', async () => {
    const key = await createKey()
    await createAlias('alias/doomed', key.KeyId)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }))
    clock.set(START.getTime() + 7 * DAY_MS)
    const { Aliases } = await kms.send(new ListAliasesCommand({}))
    expect(Aliases).toEqual([])
  })

  it('answers NotFound for an unknown KeyId', async () => {
    const missing = '00000000-1111-4222-8333-444444444444'
    await expectKmsError(
      aws,
      'ListAliases',
      () => kms.send(new ListAliasesCommand({ KeyId: missing })),
      { name: 'NotFoundException', message: `Key '${ARN_PREFIX}:key/${missing}' does not exist` },
    )
  })
})
