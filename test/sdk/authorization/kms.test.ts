import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyLastUsageCommand,
  type KMSClient,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ReplicateKeyCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms'
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { kmsClient, useMockAws } from '../../support/kms.js'
import {
  ACCOUNT,
  ADMIN_ARN,
  allowing,
  clientsAs,
  enableIam,
  keyPolicy,
  OTHER_ACCOUNT,
  PARTNER_ARN,
  PARTNER_SESSION,
  principals,
  REPORTING_ARN,
  refusedWith,
  REPORTING_SESSION,
  WORKER_ARN,
  WORKER_SESSION,
} from '../../support/principals.js'

const ROOT_KEYS = { accessKeyId: 'AKIAROOT000000000001', secretAccessKey: 'root' }

const aws = useMockAws({
  credentials: ROOT_KEYS,
  principals: principals({
    reporting: allowing('kms:Encrypt', 'kms:DescribeKey'),
    worker: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
        {
          Sid: 'NoDirectKeyListing',
          Effect: 'Deny',
          Action: 'kms:ListKeys',
          Resource: '*',
        },
      ],
    },
  }),
})

const as = clientsAs(aws).kms
const admin = (): KMSClient => as('user/admin')

async function createKey(policy?: string): Promise<string> {
  const created = await admin().send(
    new CreateKeyCommand(policy === undefined ? {} : { Policy: policy }),
  )
  return created.KeyMetadata!.Arn!
}

async function ciphertext(keyArn: string, context?: Record<string, string>): Promise<Uint8Array> {
  const out = await admin().send(
    new EncryptCommand({
      KeyId: keyArn,
      Plaintext: Buffer.from('secret'),
      ...(context === undefined ? {} : { EncryptionContext: context }),
    }),
  )
  return out.CiphertextBlob!
}

/** The error of a call that must be refused with KMS's status; nothing changed. */
const refused = (call: () => Promise<unknown>) =>
  refusedWith(aws, { name: 'AccessDeniedException', status: 400 }, call)

const lastEvent = (eventName: string) => aws.audit.events({ eventName }).at(-1)!

describe('KMS authorisation of declared principals', () => {
  it('allows by the default key policy and an identity policy (delegation to IAM)', async () => {
    const key = await createKey()
    // reporting's identity policy allows kms:Encrypt; the default key policy lets IAM decide.
    await as('role/reporting').send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('x') }))
    expect(lastEvent('Encrypt')).toMatchObject({
      userIdentity: {
        type: 'AssumedRole',
        arn: REPORTING_SESSION,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: REPORTING_ARN, userName: 'reporting' },
        },
      },
      authorization: { decision: 'allow', reason: 'identity policy', action: 'kms:Encrypt' },
    })
  })

  it('refuses what the identity policy does not allow when the key policy delegates to IAM', async () => {
    const key = await createKey()
    const blob = await ciphertext(key)
    const error = await refused(() =>
      as('role/reporting').send(new DecryptCommand({ CiphertextBlob: blob })),
    )
    expect(error.message).toBe(
      `User: ${REPORTING_SESSION} is not authorized to perform: kms:Decrypt on resource: ${key} because no identity-based policy allows the kms:Decrypt action`,
    )
    expect(lastEvent('Decrypt')).toMatchObject({
      errorCode: 'AccessDeniedException',
      authorization: { decision: 'deny', reason: 'identity policy', explicit: false },
    })
  })

  it('allows by a key policy naming the role, without any identity policy allowing it', async () => {
    const key = await createKey(
      keyPolicy(enableIam, {
        Sid: 'ReportingDecrypts',
        Effect: 'Allow',
        Principal: { AWS: REPORTING_ARN },
        Action: 'kms:Decrypt',
        Resource: '*',
      }),
    )
    const blob = await ciphertext(key)
    const out = await as('role/reporting').send(new DecryptCommand({ CiphertextBlob: blob }))
    expect(Buffer.from(out.Plaintext!).toString()).toBe('secret')
    expect(lastEvent('Decrypt')).toMatchObject({
      authorization: {
        decision: 'allow',
        reason: 'key policy',
        statement: { index: 1, sid: 'ReportingDecrypts' },
      },
    })
  })

  it('refuses a principal a key policy without the IAM statement does not name', async () => {
    const key = await createKey(
      keyPolicy({ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'kms:*', Resource: '*' }),
    )
    const error = await refused(() =>
      as('role/worker').send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('x') })),
    )
    expect(error.message).toBe(
      `User: ${WORKER_SESSION} is not authorized to perform: kms:Encrypt on resource: ${key} because no resource-based policy allows the kms:Encrypt action`,
    )
  })

  it('lets an explicit Deny in the key policy override every Allow', async () => {
    const key = await createKey(
      keyPolicy(enableIam, {
        Sid: 'NoWorkerDecrypt',
        Effect: 'Deny',
        Principal: { AWS: WORKER_ARN },
        Action: 'kms:Decrypt',
        Resource: '*',
      }),
    )
    const blob = await ciphertext(key)
    const error = await refused(() =>
      as('role/worker').send(new DecryptCommand({ CiphertextBlob: blob })),
    )
    expect(error.message).toBe(
      `User: ${WORKER_SESSION} is not authorized to perform: kms:Decrypt on resource: ${key} with an explicit deny in a resource-based policy`,
    )
    expect(lastEvent('Decrypt')).toMatchObject({
      authorization: {
        reason: 'key policy',
        explicit: true,
        statement: { index: 1, sid: 'NoWorkerDecrypt' },
      },
    })
  })

  it('lets an explicit Deny in the identity policy override what it would otherwise allow', async () => {
    const error = await refused(() => as('role/worker').send(new ListKeysCommand({})))
    expect(error.message).toBe(
      `User: ${WORKER_SESSION} is not authorized to perform: kms:ListKeys on resource: * with an explicit deny in an identity-based policy`,
    )
  })

  it('allows by a grant, honours its encryption-context constraint, and revocation takes effect at once', async () => {
    const key = await createKey(keyPolicy({ ...enableIam, Principal: { AWS: ADMIN_ARN } }))
    const tenantA = await ciphertext(key, { tenant: 'a' })
    const tenantB = await ciphertext(key, { tenant: 'b' })
    const grant = await admin().send(
      new CreateGrantCommand({
        KeyId: key,
        GranteePrincipal: REPORTING_ARN,
        Operations: ['Decrypt'],
        Constraints: { EncryptionContextSubset: { tenant: 'a' } },
      }),
    )
    const reporting = as('role/reporting')
    await reporting.send(
      new DecryptCommand({ CiphertextBlob: tenantA, EncryptionContext: { tenant: 'a' } }),
    )
    expect(lastEvent('Decrypt')).toMatchObject({
      authorization: { decision: 'allow', reason: 'grant', grantId: grant.GrantId },
    })
    await refused(() =>
      reporting.send(
        new DecryptCommand({ CiphertextBlob: tenantB, EncryptionContext: { tenant: 'b' } }),
      ),
    )
    await admin().send(new RevokeGrantCommand({ KeyId: key, GrantId: grant.GrantId }))
    await refused(() =>
      reporting.send(
        new DecryptCommand({ CiphertextBlob: tenantA, EncryptionContext: { tenant: 'a' } }),
      ),
    )
  })

  it('applies EncryptionContextEquals exactly, and the retiring principal may retire the grant', async () => {
    const key = await createKey(keyPolicy({ ...enableIam, Principal: { AWS: ADMIN_ARN } }))
    const grant = await admin().send(
      new CreateGrantCommand({
        KeyId: key,
        GranteePrincipal: WORKER_ARN,
        RetiringPrincipal: WORKER_ARN,
        Operations: ['GenerateDataKey'],
        Constraints: { EncryptionContextEquals: { tenant: 'a' } },
      }),
    )
    const worker = as('role/worker')
    await worker.send(
      new GenerateDataKeyCommand({
        KeyId: key,
        KeySpec: 'AES_256',
        EncryptionContext: { tenant: 'a' },
      }),
    )
    await refused(() =>
      worker.send(
        new GenerateDataKeyCommand({
          KeyId: key,
          KeySpec: 'AES_256',
          EncryptionContext: { tenant: 'a', extra: '1' },
        }),
      ),
    )
    await worker.send(new RetireGrantCommand({ GrantToken: grant.GrantToken }))
    await refused(() =>
      worker.send(
        new GenerateDataKeyCommand({
          KeyId: key,
          KeySpec: 'AES_256',
          EncryptionContext: { tenant: 'a' },
        }),
      ),
    )
  })

  it('refuses another account by default, and allows it when the key policy and its IAM both do', async () => {
    const closed = await createKey()
    const error = await refused(() =>
      as(PARTNER_ARN).send(new DescribeKeyCommand({ KeyId: closed })),
    )
    expect(error.message).toBe(
      `User: ${PARTNER_SESSION} is not authorized to perform: kms:DescribeKey on resource: ${closed} because no resource-based policy allows the kms:DescribeKey action`,
    )
    const shared = await createKey(
      keyPolicy(enableIam, {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
        Action: ['kms:DescribeKey', 'kms:Encrypt'],
        Resource: '*',
      }),
    )
    await as(PARTNER_ARN).send(new DescribeKeyCommand({ KeyId: shared }))
    expect(lastEvent('DescribeKey')).toMatchObject({
      userIdentity: { type: 'AssumedRole', accountId: OTHER_ACCOUNT, arn: PARTNER_SESSION },
      authorization: { decision: 'allow' },
    })
  })

  describe('condition keys', () => {
    const conditioned = (condition: object, action = 'kms:Encrypt') =>
      createKey(
        keyPolicy(
          { ...enableIam, Principal: { AWS: ADMIN_ARN } },
          {
            Sid: 'Conditioned',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: action,
            Resource: '*',
            Condition: condition,
          },
        ),
      )
    const encrypt = (client: KMSClient, key: string, context?: Record<string, string>) =>
      client.send(
        new EncryptCommand({
          KeyId: key,
          Plaintext: Buffer.from('x'),
          ...(context === undefined ? {} : { EncryptionContext: context }),
        }),
      )

    it('kms:CallerAccount', async () => {
      const key = await conditioned({ StringEquals: { 'kms:CallerAccount': ACCOUNT } })
      await encrypt(as('role/worker'), key)
      await refused(() => encrypt(as(PARTNER_ARN), key))
    })

    it('kms:EncryptionContext:<key> with StringEquals', async () => {
      const key = await conditioned({ StringEquals: { 'kms:EncryptionContext:tenant': 'a' } })
      await encrypt(as('role/worker'), key, { tenant: 'a' })
      await refused(() => encrypt(as('role/worker'), key, { tenant: 'b' }))
      await refused(() => encrypt(as('role/worker'), key))
    })

    it('kms:EncryptionContextKeys with ForAllValues and Null', async () => {
      const key = await conditioned({
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'purpose'] },
        Null: { 'kms:EncryptionContextKeys': 'false' },
      })
      await encrypt(as('role/worker'), key, { tenant: 'a', purpose: 'x' })
      await refused(() => encrypt(as('role/worker'), key, { tenant: 'a', other: 'y' }))
      await refused(() => encrypt(as('role/worker'), key))
    })

    it('aws:PrincipalArn with ArnLike, and StringEqualsIfExists on a missing key', async () => {
      const key = await conditioned({
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/work*` },
        StringEqualsIfExists: { 'kms:EncryptionContext:tenant': 'a' },
      })
      await encrypt(as('role/worker'), key)
      await encrypt(as('role/worker'), key, { tenant: 'a' })
      await refused(() => encrypt(as('role/worker'), key, { tenant: 'b' }))
      await refused(() => encrypt(as('role/reporting'), key))
    })

    it('aws:SecureTransport with Bool, and aws:PrincipalAccount', async () => {
      const key = await conditioned({
        Bool: { 'aws:SecureTransport': 'true' },
        StringEquals: { 'aws:PrincipalAccount': ACCOUNT },
      })
      await encrypt(as('role/worker'), key)
      await refused(() => encrypt(as(PARTNER_ARN), key))
    })

    it('kms:GrantOperations and kms:GrantIsForAWSResource on CreateGrant', async () => {
      const key = await conditioned(
        {
          'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] },
          Bool: { 'kms:GrantIsForAWSResource': 'false' },
        },
        'kms:CreateGrant',
      )
      const worker = as('role/worker')
      await worker.send(
        new CreateGrantCommand({
          KeyId: key,
          GranteePrincipal: REPORTING_ARN,
          Operations: ['Decrypt'],
        }),
      )
      await refused(() =>
        worker.send(
          new CreateGrantCommand({
            KeyId: key,
            GranteePrincipal: REPORTING_ARN,
            Operations: ['Decrypt', 'CreateGrant'],
          }),
        ),
      )
    })
  })
})

describe('the account root with principals declared', () => {
  it('acts as the root with the credentials option’s keys and is bound by the key policy', async () => {
    const key = await createKey(
      keyPolicy({ Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'kms:*', Resource: '*' }),
    )
    const rooted = useRootClient()
    const error = await refused(() => rooted.send(new DescribeKeyCommand({ KeyId: key })))
    expect(error.message).toContain(`User: arn:aws:iam::${ACCOUNT}:root is not authorized`)
  })
})

function useRootClient(): KMSClient {
  return kmsClient('us-east-1', { credentials: ROOT_KEYS })
}

describe('the operations added for issue #16 are governed by their kms: actions', () => {
  it('GetKeyLastUsage and ReplicateKey need an identity policy allowing them', async () => {
    const key = await createKey()
    const usage = await refused(() =>
      as('role/reporting').send(new GetKeyLastUsageCommand({ KeyId: key })),
    )
    expect(usage.message).toBe(
      `User: ${REPORTING_SESSION} is not authorized to perform: kms:GetKeyLastUsage on resource: ${key} because no identity-based policy allows the kms:GetKeyLastUsage action`,
    )
    const primary = await admin().send(new CreateKeyCommand({ MultiRegion: true }))
    const arn = primary.KeyMetadata!.Arn!
    const replicate = await refused(() =>
      as('role/worker').send(new ReplicateKeyCommand({ KeyId: arn, ReplicaRegion: 'us-west-2' })),
    )
    expect(replicate.message).toBe(
      `User: ${WORKER_SESSION} is not authorized to perform: kms:ReplicateKey on resource: ${arn} because no identity-based policy allows the kms:ReplicateKey action`,
    )
    expect(lastEvent('ReplicateKey')).toMatchObject({ errorCode: 'AccessDeniedException' })
  })

  it('UpdatePrimaryRegion needs kms:UpdatePrimaryRegion in the primary and the replica key policies', async () => {
    const reportingMayUpdate = {
      Sid: 'ReportingMovesThePrimary',
      Effect: 'Allow',
      Principal: { AWS: REPORTING_ARN },
      Action: 'kms:UpdatePrimaryRegion',
      Resource: '*',
    }
    const primary = await admin().send(
      new CreateKeyCommand({ MultiRegion: true, Policy: keyPolicy(enableIam, reportingMayUpdate) }),
    )
    const id = primary.KeyMetadata!.KeyId!
    const primaryArn = primary.KeyMetadata!.Arn!
    const replicaArn = `arn:aws:kms:us-west-2:${ACCOUNT}:key/${id}`
    // The replica's own policy leaves it to IAM, and reporting's identity policy does not allow it.
    await admin().send(
      new ReplicateKeyCommand({
        KeyId: id,
        ReplicaRegion: 'us-west-2',
        Policy: keyPolicy(enableIam),
      }),
    )
    const update = () =>
      as('role/reporting').send(
        new UpdatePrimaryRegionCommand({ KeyId: primaryArn, PrimaryRegion: 'us-west-2' }),
      )
    const error = await refused(update)
    expect(error.message).toBe(
      `User: ${REPORTING_SESSION} is not authorized to perform: kms:UpdatePrimaryRegion on resource: ${replicaArn} because no identity-based policy allows the kms:UpdatePrimaryRegion action`,
    )
    expect(lastEvent('UpdatePrimaryRegion')).toMatchObject({
      errorCode: 'AccessDeniedException',
      authorization: { decision: 'deny', resource: replicaArn },
    })

    // With the permission in the replica's key policy too, the primary moves.
    const west = kmsClient('us-west-2', { credentials: aws.as('user/admin').credentials })
    await west.send(
      new PutKeyPolicyCommand({ KeyId: id, Policy: keyPolicy(enableIam, reportingMayUpdate) }),
    )
    await update()
    const moved = await west.send(new DescribeKeyCommand({ KeyId: id }))
    expect(moved.KeyMetadata!.MultiRegionConfiguration!.MultiRegionKeyType).toBe('PRIMARY')
  })

  it('custom key store operations are decided by the identity policy alone', async () => {
    const error = await refused(() =>
      as('role/reporting').send(new DescribeCustomKeyStoresCommand({})),
    )
    expect(error.message).toContain('kms:DescribeCustomKeyStores')
    await admin().send(new DescribeCustomKeyStoresCommand({}))
  })

  it('an explicit Deny of kms:DeriveSharedSecret in the key policy refuses it', async () => {
    const created = await admin().send(
      new CreateKeyCommand({
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'KEY_AGREEMENT',
        Policy: keyPolicy(enableIam, {
          Effect: 'Deny',
          Principal: { AWS: ADMIN_ARN },
          Action: 'kms:DeriveSharedSecret',
          Resource: '*',
        }),
      }),
    )
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const error = await refused(() =>
      admin().send(
        new DeriveSharedSecretCommand({
          KeyId: created.KeyMetadata!.KeyId,
          KeyAgreementAlgorithm: 'ECDH',
          PublicKey: publicKey.export({ format: 'der', type: 'spki' }),
        }),
      ),
    )
    expect(error.message).toContain('kms:DeriveSharedSecret')
    expect(error.message).toContain('with an explicit deny in a resource-based policy')
  })
})
