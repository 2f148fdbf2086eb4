import { PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { defineScenario, type Scenario, type ScenarioContext } from '../define.js'
import { allowSseC, encryptionOf, newCustomerKey, sseC, sseCOutput } from './s3-sse-c.js'

/**
 * Bucket policies on encryption headers (SPEC §4.2, docs/decisions/0005): the SSE-C user guide's
 * require/restrict policies, SSE-KMS with a given key, and the classic "deny unencrypted uploads"
 * pair. Condition keys are the request's headers: the bucket default never satisfies them.
 */

const BODY = 'policy-checked upload'

interface Statement {
  Sid: string
  Condition: Record<string, Record<string, string>>
}

/** Puts a policy of `Deny s3:PutObject` statements, each with its condition, on the scenario's bucket. */
async function denyPutObjectWhen(
  t: ScenarioContext,
  statements: readonly Statement[],
): Promise<void> {
  const Policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map(({ Sid, Condition }) => ({
      Sid,
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${t.bucket}/*`,
      Condition,
    })),
  })
  await t.s3.send(new PutBucketPolicyCommand({ Bucket: t.bucket, Policy }))
}

/**
 * Expects a PutObject refused by an explicit Deny: 403 `AccessDenied` with the same-account text
 * S3 has used since 2023 (decision 0005). The caller's ARN differs per target (the mock says the
 * account root, AWS the IAM user or role that signed), so it is masked before comparing.
 */
async function expectDenied(
  t: ScenarioContext,
  label: string,
  call: Promise<unknown>,
  Key: string,
): Promise<void> {
  const observed = await t.expectError(label, call, { status: 403, code: 'AccessDenied' })
  if (observed === undefined) return
  t.check(
    `${label}: message`,
    observed.message.replace(/^User: \S+ is not authorized/, 'User: <caller> is not authorized'),
    `User: <caller> is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${t.bucket}/${Key}" with an explicit deny in a resource-based policy`,
  )
}

const POLICY = ['create-bucket', 'bucket-policy'] as const
const SSE_C_ALGORITHM = 's3:x-amz-server-side-encryption-customer-algorithm'
const SSE = 's3:x-amz-server-side-encryption'

const requireSseC = defineScenario({
  name: 'policy-require-sse-c',
  description:
    "The SSE-C user guide's policy (Deny PutObject when the customer-algorithm header is Null) refuses uploads without SSE-C and lets SSE-C uploads through.",
  requires: [...POLICY, 'sse-c', 'https'],
  async run(t) {
    await allowSseC(t)
    await denyPutObjectWhen(t, [
      { Sid: 'RequireSSECObjectUploads', Condition: { Null: { [SSE_C_ALGORITHM]: 'true' } } },
    ])
    const plain = t.key('plain.txt')
    await expectDenied(
      t,
      'PUT without SSE-C',
      t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: plain, Body: BODY })),
      plain,
    )
    const key = newCustomerKey()
    const put = await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: t.key('sse-c.txt'), Body: BODY, ...sseC(key) }),
    )
    t.check('PUT with SSE-C is let through', encryptionOf(put), sseCOutput(key))
  },
})

const restrictSseC = defineScenario({
  name: 'policy-restrict-sse-c',
  description:
    "The SSE-C user guide's restricting policy (Deny PutObject when the customer-algorithm header is not Null) refuses SSE-C uploads and lets others through.",
  requires: [...POLICY, 'sse-c', 'https'],
  async run(t) {
    await allowSseC(t)
    await denyPutObjectWhen(t, [
      { Sid: 'RestrictSSECObjectUploads', Condition: { Null: { [SSE_C_ALGORITHM]: 'false' } } },
    ])
    const withKey = t.key('sse-c.txt')
    await expectDenied(
      t,
      'PUT with SSE-C',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: withKey,
          Body: BODY,
          ...sseC(newCustomerKey()),
        }),
      ),
      withKey,
    )
    const put = await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: t.key('plain.txt'), Body: BODY }),
    )
    t.check('PUT without SSE-C is let through (SSE-S3)', put.ServerSideEncryption, 'AES256')
  },
})

const requireKmsKey = defineScenario({
  name: 'policy-require-kms-key',
  description:
    'A policy denying PutObject when s3:x-amz-server-side-encryption-aws-kms-key-id is not a given key ARN refuses other keys and header-less uploads.',
  requires: [...POLICY, 'sse-kms'],
  async run(t) {
    const kmsKey = await t.customerKey()
    await denyPutObjectWhen(t, [
      {
        Sid: 'RequireOurKmsKey',
        Condition: {
          StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': kmsKey.arn },
        },
      },
    ])
    const put = await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('right-key.txt'),
        Body: BODY,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: kmsKey.arn,
      }),
    )
    t.check('PUT with the key ARN is let through', put.SSEKMSKeyId, kmsKey.arn)

    const managed = t.key('managed-key.txt')
    await expectDenied(
      t,
      'PUT with aws:kms and no key id (the AWS managed key)',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: managed,
          Body: BODY,
          ServerSideEncryption: 'aws:kms',
        }),
      ),
      managed,
    )
    const plain = t.key('plain.txt')
    await expectDenied(
      t,
      'PUT without SSE headers',
      t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: plain, Body: BODY })),
      plain,
    )
  },
})

const denyUnencrypted = defineScenario({
  name: 'policy-deny-unencrypted-uploads',
  description:
    'The classic pair (StringNotEquals aws:kms, Null true on s3:x-amz-server-side-encryption) lets only aws:kms uploads through.',
  requires: [...POLICY, 'sse-kms'],
  async run(t) {
    await denyPutObjectWhen(t, [
      {
        Sid: 'DenyIncorrectEncryptionHeader',
        Condition: { StringNotEquals: { [SSE]: 'aws:kms' } },
      },
      { Sid: 'DenyUnencryptedObjectUploads', Condition: { Null: { [SSE]: 'true' } } },
    ])
    const sseS3 = t.key('aes256.txt')
    await expectDenied(
      t,
      'PUT with AES256',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: sseS3,
          Body: BODY,
          ServerSideEncryption: 'AES256',
        }),
      ),
      sseS3,
    )
    const plain = t.key('plain.txt')
    await expectDenied(
      t,
      'PUT without SSE headers',
      t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: plain, Body: BODY })),
      plain,
    )
    const put = await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('kms.txt'),
        Body: BODY,
        ServerSideEncryption: 'aws:kms',
      }),
    )
    t.check('PUT with aws:kms is let through', put.ServerSideEncryption, 'aws:kms')
  },
})

const defaultDoesNotSatisfy = defineScenario({
  name: 'policy-default-encryption-does-not-satisfy',
  description:
    "A policy requiring the x-amz-server-side-encryption header refuses header-less uploads even though the bucket's default encryption would encrypt them.",
  requires: POLICY,
  async run(t) {
    await denyPutObjectWhen(t, [
      { Sid: 'DenyUnencryptedObjectUploads', Condition: { Null: { [SSE]: 'true' } } },
    ])
    const plain = t.key('plain.txt')
    await expectDenied(
      t,
      'PUT without SSE headers (bucket default SSE-S3)',
      t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: plain, Body: BODY })),
      plain,
    )
    const put = await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('aes256.txt'),
        Body: BODY,
        ServerSideEncryption: 'AES256',
      }),
    )
    t.check('PUT naming AES256 is let through', put.ServerSideEncryption, 'AES256')
  },
})

export const bucketPolicyScenarios: readonly Scenario[] = [
  requireSseC,
  restrictSseC,
  requireKmsKey,
  denyUnencrypted,
  defaultDoesNotSatisfy,
]
