import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { describe, it } from 'vitest'
import { expect } from '../../src/vitest.js'
import type { MockAws } from '../../src/index.js'
import { errorOf } from './kms.js'
import {
  ACCOUNT,
  ADMIN_ARN,
  allowing,
  enableIam,
  keyPolicy,
  PARTNER_ARN,
  principals,
  REPORTING_ARN,
  WORKER_ARN,
} from './principals.js'

/**
 * The decision paths and condition keys of SPEC §5.7 as one scenario list, run in-process
 * (test/sdk/authorization/paths.test.ts) and against `serve` (test/server/authorization.test.ts)
 * through the real SDK clients.
 */
export interface AuthorizationTarget {
  world(): MockAws
  kms(principal: string): KMSClient
  s3(principal: string): S3Client
}

/** The principals both targets declare. */
export const scenarioPrincipals = principals({
  reporting: allowing('kms:Encrypt', 's3:GetObject', 's3:ListBucket'),
  worker: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['kms:*', 's3:*'], Resource: '*' },
      {
        Sid: 'NoDecrypt',
        Effect: 'Deny',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:tier': 'secret' } },
      },
    ],
  },
})

/** Condition-key cases: a key policy statement allowing `kms:Encrypt` to `*` under `condition`. */
const CONDITION_CASES: readonly {
  key: string
  condition: object
  allowed: readonly [string, Record<string, string>?][]
  refused: readonly [string, Record<string, string>?][]
}[] = [
  {
    key: 'kms:CallerAccount',
    condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
    allowed: [['role/worker']],
    refused: [[PARTNER_ARN]],
  },
  {
    key: 'kms:EncryptionContext:<key>',
    condition: { StringLike: { 'kms:EncryptionContext:tenant': 'acme-*' } },
    allowed: [['role/worker', { tenant: 'acme-1' }]],
    refused: [['role/worker', { tenant: 'other' }], ['role/worker']],
  },
  {
    key: 'kms:EncryptionContextKeys',
    condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'tenant' } },
    allowed: [['role/worker', { tenant: 'a', x: 'y' }]],
    refused: [['role/worker', { x: 'y' }]],
  },
  {
    key: 'aws:PrincipalArn',
    condition: { ArnNotLike: { 'aws:PrincipalArn': REPORTING_ARN } },
    allowed: [['role/worker']],
    refused: [['role/reporting']],
  },
  {
    key: 'aws:PrincipalAccount (Null, IfExists)',
    condition: {
      Null: { 'aws:PrincipalAccount': 'false' },
      StringEqualsIfExists: { 'kms:EncryptionContext:tier': 'public' },
    },
    allowed: [['role/worker'], ['role/worker', { tier: 'public' }]],
    refused: [['role/worker', { tier: 'secret' }]],
  },
  {
    key: 'kms:ViaService',
    condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    allowed: [],
    refused: [['role/worker']],
  },
]

export function defineAuthorizationScenarios(target: AuthorizationTarget): void {
  const createKey = async (...statements: object[]): Promise<string> => {
    const out = await target
      .kms('user/admin')
      .send(
        new CreateKeyCommand(statements.length === 0 ? {} : { Policy: keyPolicy(...statements) }),
      )
    return out.KeyMetadata!.Arn!
  }
  const adminOnly = { ...enableIam, Principal: { AWS: ADMIN_ARN } }
  const encrypt = (who: string, key: string, context?: Record<string, string>) =>
    target.kms(who).send(
      new EncryptCommand({
        KeyId: key,
        Plaintext: Buffer.from('x'),
        ...(context === undefined ? {} : { EncryptionContext: context }),
      }),
    )
  const refusedKms = async (call: Promise<unknown>): Promise<string> => {
    const error = await errorOf(call)
    expect(error.name).toBe('AccessDeniedException')
    return error.message
  }
  const decisionOf = (eventName: string) =>
    target.world().audit.events({ eventName }).at(-1)?.authorization

  describe('decision paths', () => {
    it('allows by the key policy naming the principal', async () => {
      const key = await createKey(adminOnly, {
        Effect: 'Allow',
        Principal: { AWS: WORKER_ARN },
        Action: 'kms:Encrypt',
        Resource: '*',
      })
      await encrypt('role/worker', key)
      expect(decisionOf('Encrypt')).toMatchObject({ decision: 'allow', reason: 'key policy' })
    })

    it('allows by the identity policy when the key policy delegates to IAM', async () => {
      const key = await createKey()
      await encrypt('role/reporting', key)
      expect(decisionOf('Encrypt')).toMatchObject({ decision: 'allow', reason: 'identity policy' })
    })

    it('allows by a grant, limited by its encryption-context constraint', async () => {
      const key = await createKey(adminOnly)
      await target.kms('user/admin').send(
        new CreateGrantCommand({
          KeyId: key,
          GranteePrincipal: REPORTING_ARN,
          Operations: ['Encrypt'],
          Constraints: { EncryptionContextEquals: { tenant: 'a' } },
        }),
      )
      await encrypt('role/reporting', key, { tenant: 'a' })
      expect(decisionOf('Encrypt')).toMatchObject({ decision: 'allow', reason: 'grant' })
      expect(await refusedKms(encrypt('role/reporting', key, { tenant: 'b' }))).toContain(
        'because no resource-based policy allows the kms:Encrypt action',
      )
    })

    it('lets an explicit deny (identity policy, on a context value) override the key policy', async () => {
      const key = await createKey()
      const blob = await target.kms('role/worker').send(
        new EncryptCommand({
          KeyId: key,
          Plaintext: Buffer.from('x'),
          EncryptionContext: { tier: 'secret' },
        }),
      )
      const message = await refusedKms(
        target.kms('role/worker').send(
          new DecryptCommand({
            CiphertextBlob: blob.CiphertextBlob,
            EncryptionContext: { tier: 'secret' },
          }),
        ),
      )
      expect(message).toContain('with an explicit deny in an identity-based policy')
      expect(decisionOf('Decrypt')).toMatchObject({ statement: { sid: 'NoDecrypt' } })
    })

    it('lets kms:ViaService allow S3’s call for the principal but not a direct one', async () => {
      const key = await createKey(adminOnly, {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': 's3.us-east-1.amazonaws.com',
            'kms:CallerAccount': ACCOUNT,
          },
        },
      })
      await target.s3('user/admin').send(new CreateBucketCommand({ Bucket: 'paths' }))
      await target.s3('role/worker').send(
        new PutObjectCommand({
          Bucket: 'paths',
          Key: 'a',
          Body: 'via s3',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: key,
        }),
      )
      const got = await target
        .s3('role/reporting')
        .send(new GetObjectCommand({ Bucket: 'paths', Key: 'a' }))
      expect(await got.Body!.transformToString()).toBe('via s3')
      const direct = await refusedKms(
        target
          .kms('role/worker')
          .send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('x') })),
      )
      expect(direct).toContain('because no resource-based policy allows the kms:Encrypt action')
    })

    it('refuses another account’s principal (key policy and S3 both)', async () => {
      const key = await createKey()
      expect(await refusedKms(encrypt(PARTNER_ARN, key))).toContain(
        'because no resource-based policy allows the kms:Encrypt action',
      )
      await target.s3('user/admin').send(new CreateBucketCommand({ Bucket: 'cross' }))
      const error = await errorOf(
        target.s3(PARTNER_ARN).send(new PutObjectCommand({ Bucket: 'cross', Key: 'a', Body: 'x' })),
      )
      expect([error.name, error.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
      expect(target.world()).toHaveDeniedS3Call('PutObject', {
        principal: PARTNER_ARN,
        reason: 'bucket policy',
      })
    })
  })

  describe('condition keys', () => {
    for (const c of CONDITION_CASES) {
      it(c.key, async () => {
        const key = await createKey(adminOnly, {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:Encrypt',
          Resource: '*',
          Condition: c.condition,
        })
        for (const [who, context] of c.allowed) await encrypt(who, key, context)
        for (const [who, context] of c.refused) await refusedKms(encrypt(who, key, context))
      })
    }
  })
}
