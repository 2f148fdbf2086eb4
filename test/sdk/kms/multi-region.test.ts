import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  type CreateKeyCommandInput,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/core/clock.js'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const START = new Date('2026-03-01T00:00:00.000Z')
const clock = new ManualClock(START)
const aws = useMockAws({ clock })
const east = kmsClient('us-east-1')
const west = kmsClient('us-west-2')
const europe = kmsClient('eu-west-1')
const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const arn = (region: string, id: string) => `arn:aws:kms:${region}:123456789012:key/${id}`

async function primaryKey(input: CreateKeyCommandInput = {}) {
  const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true, ...input }))
  return KeyMetadata!
}

const replicate = (KeyId: string, ReplicaRegion: string, extra = {}) =>
  east.send(new ReplicateKeyCommand({ KeyId, ReplicaRegion, ...extra }))

describe('CreateKey with MultiRegion', () => {
  it('makes a primary key with an mrk- id and its configuration', async () => {
    const key = await primaryKey()
    expect(key.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/)
    expect(key).toMatchObject({
      MultiRegion: true,
      MultiRegionConfiguration: {
        MultiRegionKeyType: 'PRIMARY',
        PrimaryKey: { Arn: arn('us-east-1', key.KeyId!), Region: 'us-east-1' },
        ReplicaKeys: [],
      },
    })
  })

  it('leaves single-Region keys without a configuration', async () => {
    const { KeyMetadata } = await east.send(new CreateKeyCommand({}))
    expect(KeyMetadata!.MultiRegion).toBe(false)
    expect(KeyMetadata).not.toHaveProperty('MultiRegionConfiguration')
  })
})

describe('ReplicateKey', () => {
  it('creates a replica that shares the key material, with its own policy, tags and description', async () => {
    const key = await primaryKey({ Description: 'primary', Tags: [{ TagKey: 'p', TagValue: '1' }] })
    const id = key.KeyId!
    const out = await audited(aws, 'ReplicateKey', () =>
      replicate(id, 'us-west-2', {
        Description: 'replica',
        Tags: [{ TagKey: 'r', TagValue: '2' }],
      }),
    )
    expect(out.ReplicaKeyMetadata).toMatchObject({
      KeyId: id,
      Arn: arn('us-west-2', id),
      Description: 'replica',
      KeyState: 'Enabled',
      MultiRegion: true,
      MultiRegionConfiguration: {
        MultiRegionKeyType: 'REPLICA',
        PrimaryKey: { Arn: arn('us-east-1', id), Region: 'us-east-1' },
        ReplicaKeys: [{ Arn: arn('us-west-2', id), Region: 'us-west-2' }],
      },
    })
    expect(out.ReplicaTags).toEqual([{ TagKey: 'r', TagValue: '2' }])
    expect(JSON.parse(out.ReplicaPolicy!)).toMatchObject({ Id: 'key-default-1' })
    const { KeyMetadata } = await east.send(new DescribeKeyCommand({ KeyId: id }))
    expect(KeyMetadata!.MultiRegionConfiguration!.ReplicaKeys).toEqual([
      { Arn: arn('us-west-2', id), Region: 'us-west-2' },
    ])
    expect(KeyMetadata!.Description).toBe('primary')

    // Ciphertext from either Region decrypts in the other, with no KeyId.
    const fromEast = await east.send(new EncryptCommand({ KeyId: id, Plaintext: text('east') }))
    const inWest = await west.send(new DecryptCommand({ CiphertextBlob: fromEast.CiphertextBlob }))
    expect(new TextDecoder().decode(inWest.Plaintext)).toBe('east')
    expect(inWest.KeyId).toBe(arn('us-west-2', id))
    const fromWest = await west.send(new EncryptCommand({ KeyId: id, Plaintext: text('west') }))
    const inEast = await east.send(new DecryptCommand({ CiphertextBlob: fromWest.CiphertextBlob }))
    expect(new TextDecoder().decode(inEast.Plaintext)).toBe('west')
  })

  it('shares asymmetric key pairs too', async () => {
    const key = await primaryKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    const { ReplicaKeyMetadata } = await replicate(key.KeyId!, 'eu-west-1')
    expect(ReplicaKeyMetadata).toMatchObject({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
    })
  })

  it('refuses single-Region keys, replicas, the same Region and a second replica', async () => {
    const single = (await east.send(new CreateKeyCommand({}))).KeyMetadata!
    await expectKmsError(aws, 'ReplicateKey', () => replicate(single.KeyId!, 'us-west-2'), {
      name: 'UnsupportedOperationException',
      message: `${single.Arn} is not a multi-Region key, which is not valid for ReplicateKey.`,
    })
    const id = (await primaryKey()).KeyId!
    await replicate(id, 'us-west-2')
    await expectKmsError(aws, 'ReplicateKey', () => replicate(id, 'us-west-2'), {
      name: 'AlreadyExistsException',
      message: `Key ${arn('us-west-2', id)} already exists in us-west-2.`,
    })
    await expectKmsError(aws, 'ReplicateKey', () => replicate(id, 'us-east-1'), {
      name: 'ValidationException',
      message:
        "ReplicaRegion us-east-1 must be another Region of the aws partition than the primary key's (us-east-1).",
    })
    await expectKmsError(aws, 'ReplicateKey', () => replicate(id, 'cn-north-1'), {
      name: 'ValidationException',
      message:
        "ReplicaRegion cn-north-1 must be another Region of the aws partition than the primary key's (us-east-1).",
    })
    await expectKmsError(aws, 'ReplicateKey', () => replicate(id, 'Mars'), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'Mars' at 'replicaRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$",
    })
    await expectKmsError(
      aws,
      'ReplicateKey',
      () => west.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: 'eu-west-1' })),
      {
        name: 'UnsupportedOperationException',
        message: `${arn('us-west-2', id)} is a multi-Region replica key. ReplicateKey requires the primary key.`,
      },
    )
  })
})

describe('UpdatePrimaryRegion', () => {
  it('swaps the primary and the replica', async () => {
    const id = (await primaryKey()).KeyId!
    await replicate(id, 'us-west-2')
    await audited(aws, 'UpdatePrimaryRegion', () =>
      east.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: 'us-west-2' })),
    )
    const inWest = (await west.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!
    expect(inWest.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: arn('us-west-2', id), Region: 'us-west-2' },
      ReplicaKeys: [{ Arn: arn('us-east-1', id), Region: 'us-east-1' }],
    })
    const inEast = (await east.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!
    expect(inEast.MultiRegionConfiguration!.MultiRegionKeyType).toBe('REPLICA')
  })

  it('needs the primary key and a replica in the named Region', async () => {
    const id = (await primaryKey()).KeyId!
    await replicate(id, 'us-west-2')
    await expectKmsError(
      aws,
      'UpdatePrimaryRegion',
      () => east.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: 'eu-west-1' })),
      { name: 'NotFoundException', message: `Key '${arn('eu-west-1', id)}' does not exist` },
    )
    await expectKmsError(
      aws,
      'UpdatePrimaryRegion',
      () => west.send(new UpdatePrimaryRegionCommand({ KeyId: id, PrimaryRegion: 'us-east-1' })),
      {
        name: 'UnsupportedOperationException',
        message: `${arn('us-west-2', id)} is a multi-Region replica key. UpdatePrimaryRegion requires the primary key.`,
      },
    )
  })
})

describe('existing operations on multi-Region keys', () => {
  it('rotate on the primary only, and the replicas follow', async () => {
    const id = (await primaryKey()).KeyId!
    await replicate(id, 'us-west-2')
    await expectKmsError(
      aws,
      'EnableKeyRotation',
      () => west.send(new EnableKeyRotationCommand({ KeyId: id })),
      {
        name: 'UnsupportedOperationException',
        message: `${arn('us-west-2', id)} is a multi-Region replica key. Manage rotation on its primary key.`,
      },
    )
    await east.send(new EnableKeyRotationCommand({ KeyId: id }))
    expect(
      (await west.send(new GetKeyRotationStatusCommand({ KeyId: id }))).KeyRotationEnabled,
    ).toBe(true)
    await east.send(new RotateKeyOnDemandCommand({ KeyId: id }))
    const sealed = await west.send(new EncryptCommand({ KeyId: id, Plaintext: text('rotated') }))
    const opened = await east.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }))
    expect(opened.KeyMaterialId).toBe(
      (await east.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!.CurrentKeyMaterialId,
    )
  })

  it('schedule a primary with replicas for PendingReplicaDeletion, without a date', async () => {
    const id = (await primaryKey()).KeyId!
    await replicate(id, 'us-west-2')
    const out = await east.send(
      new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }),
    )
    expect(out).toMatchObject({ KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 7 })
    expect(out.DeletionDate).toBeUndefined()
    const { KeyMetadata } = await east.send(new DescribeKeyCommand({ KeyId: id }))
    expect(KeyMetadata).toMatchObject({
      KeyState: 'PendingReplicaDeletion',
      PendingDeletionWindowInDays: 7,
    })
    await expectKmsError(
      aws,
      'Encrypt',
      () => east.send(new EncryptCommand({ KeyId: id, Plaintext: text('x') })),
      {
        name: 'KMSInvalidStateException',
        message: `${arn('us-east-1', id)} is pending replica deletion.`,
      },
    )
    await expectKmsError(aws, 'ReplicateKey', () => replicate(id, 'eu-west-1'), {
      name: 'KMSInvalidStateException',
      message: `${arn('us-east-1', id)} is pending replica deletion.`,
    })
    // The replica still works on its own; cancelling leaves the primary Disabled.
    await west.send(new EncryptCommand({ KeyId: id, Plaintext: text('x') }))
    await east.send(new CancelKeyDeletionCommand({ KeyId: id }))
    const after = (await east.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!
    expect(after.KeyState).toBe('Disabled')
    expect(after).not.toHaveProperty('PendingDeletionWindowInDays')
  })

  it('schedule a replica for deletion like any key, which leaves the primary usable', async () => {
    const id = (await primaryKey()).KeyId!
    await replicate(id, 'eu-west-1')
    const out = await europe.send(
      new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }),
    )
    expect(out.KeyState).toBe('PendingDeletion')
    clock.advance(8 * 86_400_000)
    const { KeyMetadata } = await east.send(new DescribeKeyCommand({ KeyId: id }))
    expect(KeyMetadata!.MultiRegionConfiguration!.ReplicaKeys).toEqual([])
    const scheduled = await east.send(new ScheduleKeyDeletionCommand({ KeyId: id }))
    expect(scheduled.KeyState).toBe('PendingDeletion')
  })
})
