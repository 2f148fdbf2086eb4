import {
  CreateGrantCommand,
  type CreateGrantCommandInput,
  CreateKeyCommand,
  type CreateKeyCommandInput,
  DisableKeyCommand,
  EncryptCommand,
  type GrantOperation,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()
const GRANTEE = 'arn:aws:iam::123456789012:role/app'
const RETIRER = 'arn:aws:iam::123456789012:role/ops'
const DRY_RUN = {
  name: 'DryRunOperationException',
  message: 'The request would have succeeded, but the DryRun option is set.',
}

async function createKey(input: CreateKeyCommandInput = {}) {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input))
  return KeyMetadata!
}

const grant = (input: Partial<CreateGrantCommandInput> & { KeyId: string | undefined }) =>
  kms.send(
    new CreateGrantCommand({
      GranteePrincipal: GRANTEE,
      Operations: ['Encrypt', 'Decrypt'],
      ...input,
    }),
  )

describe('CreateGrant and ListGrants', () => {
  it('creates a grant and lists it with AWS’s entry shape', async () => {
    const key = await createKey()
    const created = await audited(aws, 'CreateGrant', () =>
      grant({
        KeyId: key.Arn,
        Name: 'app-orders',
        RetiringPrincipal: RETIRER,
        Operations: ['Decrypt', 'GenerateDataKey'],
        Constraints: { EncryptionContextSubset: { tenant: 'a' } },
      }),
    )
    expect(created.GrantId).toMatch(/^[0-9a-f]{64}$/)
    expect(created.GrantToken).toEqual(expect.any(String))
    const listed = await audited(aws, 'ListGrants', () =>
      kms.send(new ListGrantsCommand({ KeyId: key.KeyId })),
    )
    expect(listed).toMatchObject({ Truncated: false })
    expect(listed.Grants?.[0]?.CreationDate).toBeInstanceOf(Date)
    expect(listed.Grants).toEqual([
      {
        KeyId: key.Arn,
        GrantId: created.GrantId,
        Name: 'app-orders',
        CreationDate: listed.Grants?.[0]?.CreationDate,
        GranteePrincipal: GRANTEE,
        RetiringPrincipal: RETIRER,
        IssuingAccount: 'arn:aws:iam::123456789012:root',
        Operations: ['Decrypt', 'GenerateDataKey'],
        Constraints: { EncryptionContextSubset: { tenant: 'a' } },
      },
    ])
  })

  it('filters by GrantId and GranteePrincipal, and pages', async () => {
    const key = await createKey()
    const a = await grant({ KeyId: key.KeyId })
    const b = await grant({ KeyId: key.KeyId, GranteePrincipal: RETIRER })
    const byId = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId, GrantId: b.GrantId }))
    expect(byId.Grants?.map((g) => g.GrantId)).toEqual([b.GrantId])
    const byGrantee = await kms.send(
      new ListGrantsCommand({ KeyId: key.KeyId, GranteePrincipal: GRANTEE }),
    )
    expect(byGrantee.Grants?.map((g) => g.GrantId)).toEqual([a.GrantId])
    const page = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId, Limit: 1 }))
    expect(page.Truncated).toBe(true)
    expect(typeof page.NextMarker).toBe('string')
    const rest = await kms.send(
      new ListGrantsCommand({ KeyId: key.KeyId, Limit: 1, Marker: page.NextMarker }),
    )
    expect(rest.Grants?.map((g) => g.GrantId)).toEqual([b.GrantId])
  })

  it('is idempotent for identical named requests', async () => {
    const key = await createKey()
    const first = await grant({ KeyId: key.KeyId, Name: 'same' })
    const second = await grant({ KeyId: key.KeyId, Name: 'same' })
    expect(second.GrantId).toBe(first.GrantId)
    const { Grants } = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))
    expect(Grants).toHaveLength(1)
  })

  it('works on disabled keys, not on keys pending deletion', async () => {
    const key = await createKey()
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }))
    await audited(aws, 'CreateGrant', () => grant({ KeyId: key.KeyId }))
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }))
    await expectKmsError(aws, 'CreateGrant', () => grant({ KeyId: key.KeyId }), {
      name: 'KMSInvalidStateException',
      message: `${key.Arn} is pending deletion.`,
    })
  })

  it('answers DryRunOperationException without storing the grant', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'CreateGrant',
      () => grant({ KeyId: key.KeyId, DryRun: true }),
      DRY_RUN,
    )
  })

  it('refuses operations the key cannot perform', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'CreateGrant',
      () => grant({ KeyId: key.KeyId, Operations: ['Encrypt', 'Sign', 'GenerateMac'] }),
      {
        name: 'ValidationException',
        message: `Grant operations Sign, GenerateMac are not valid for ${key.Arn} with key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT.`,
      },
    )
    const hmac = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await audited(aws, 'CreateGrant', () =>
      grant({ KeyId: hmac.KeyId, Operations: ['GenerateMac', 'VerifyMac', 'DescribeKey'] }),
    )
  })

  it('validates operations, principals and names as the model does', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'CreateGrant',
      () => grant({ KeyId: key.KeyId, Operations: ['Launch' as GrantOperation] }),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'Launch' at 'operations.1.member' failed to satisfy constraint: Member must satisfy enum value set: [Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, ReEncryptFrom, ReEncryptTo, Sign, Verify, GetPublicKey, CreateGrant, RetireGrant, DescribeKey, GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, GenerateMac, VerifyMac, DeriveSharedSecret, Encapsulate, Decapsulate]",
      },
    )
    await expectKmsError(aws, 'CreateGrant', () => grant({ KeyId: key.KeyId, Operations: [] }), {
      name: 'ValidationException',
      message: 'The grant must allow at least one operation.',
    })
    await expectKmsError(
      aws,
      'CreateGrant',
      () => grant({ KeyId: key.KeyId, GranteePrincipal: 'not a principal' }),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'not a principal' at 'granteePrincipal' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+=,.@:/-]+$",
      },
    )
    await expectKmsError(aws, 'CreateGrant', () => grant({ KeyId: key.KeyId, Name: 'a name' }), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'a name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    })
  })

  it('rejects a malformed GrantId filter', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'ListGrants',
      () => kms.send(new ListGrantsCommand({ KeyId: key.KeyId, GrantId: 'nope' })),
      { name: 'InvalidGrantIdException', message: 'Invalid grant ID' },
    )
  })

  it('records grants without enforcing them: every call is allowed', async () => {
    const key = await createKey()
    await grant({ KeyId: key.KeyId, Constraints: { EncryptionContextEquals: { tenant: 'a' } } })
    const encrypted = await kms.send(
      new EncryptCommand({
        KeyId: key.KeyId,
        Plaintext: Buffer.from('x'),
        EncryptionContext: { tenant: 'b' },
      }),
    )
    expect(encrypted.CiphertextBlob).toBeDefined()
  })
})

describe('ListRetirableGrants', () => {
  it('lists grants across keys that name the retiring principal', async () => {
    const a = await createKey()
    const b = await createKey()
    const ga = await grant({ KeyId: a.KeyId, RetiringPrincipal: RETIRER })
    const gb = await grant({ KeyId: b.KeyId, RetiringPrincipal: RETIRER })
    await grant({ KeyId: b.KeyId })
    const listed = await audited(aws, 'ListRetirableGrants', () =>
      kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: RETIRER })),
    )
    expect(listed.Grants?.map((g) => [g.KeyId, g.GrantId])).toEqual([
      [a.Arn, ga.GrantId],
      [b.Arn, gb.GrantId],
    ])
  })
})

describe('RetireGrant', () => {
  it('retires by grant token', async () => {
    const key = await createKey()
    const { GrantToken } = await grant({ KeyId: key.KeyId })
    await audited(aws, 'RetireGrant', () => kms.send(new RetireGrantCommand({ GrantToken })))
    const { Grants } = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))
    expect(Grants).toEqual([])
    await expectKmsError(
      aws,
      'RetireGrant',
      () => kms.send(new RetireGrantCommand({ GrantToken })),
      {
        name: 'InvalidGrantTokenException',
        message: 'The provided grant token is not valid.',
      },
    )
  })

  it('retires by key and grant id; DryRun leaves it', async () => {
    const key = await createKey()
    const { GrantId } = await grant({ KeyId: key.KeyId })
    const retire = (DryRun?: boolean) =>
      kms.send(new RetireGrantCommand({ KeyId: key.Arn, GrantId, DryRun }))
    await expectKmsError(aws, 'RetireGrant', () => retire(true), DRY_RUN)
    await audited(aws, 'RetireGrant', () => retire())
    await expectKmsError(aws, 'RetireGrant', () => retire(), {
      name: 'NotFoundException',
      message: `Grant ID ${GrantId} not found`,
    })
  })

  it('needs a grant token, or a key id with a grant id', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'RetireGrant',
      () => kms.send(new RetireGrantCommand({ KeyId: key.KeyId })),
      {
        name: 'ValidationException',
        message: 'Grant token OR (grant ID, key ID) must be specified',
      },
    )
  })
})

describe('RevokeGrant', () => {
  it('revokes a grant; DryRun leaves it', async () => {
    const key = await createKey()
    const { GrantId } = await grant({ KeyId: key.KeyId })
    const revoke = (DryRun?: boolean) =>
      kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId, DryRun }))
    await expectKmsError(aws, 'RevokeGrant', () => revoke(true), DRY_RUN)
    await audited(aws, 'RevokeGrant', () => revoke())
    const { Grants } = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))
    expect(Grants).toEqual([])
  })

  it('answers InvalidGrantId for a malformed id and NotFound for another key’s grant', async () => {
    const a = await createKey()
    const b = await createKey()
    const { GrantId } = await grant({ KeyId: a.KeyId })
    await expectKmsError(
      aws,
      'RevokeGrant',
      () => kms.send(new RevokeGrantCommand({ KeyId: a.KeyId, GrantId: 'not-a-grant' })),
      { name: 'InvalidGrantIdException', message: 'Invalid grant ID' },
    )
    await expectKmsError(
      aws,
      'RevokeGrant',
      () => kms.send(new RevokeGrantCommand({ KeyId: b.KeyId, GrantId })),
      { name: 'NotFoundException', message: `Grant ID ${GrantId} not found` },
    )
  })
})
