import { CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms'
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../support/kms.js'
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

const aws = useMockAws({
  principals: principals({
    reporting: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/invoices/*'],
        },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
      ],
    },
    worker: allowing('s3:*', 'kms:GenerateDataKey', 'kms:Decrypt'),
  }),
})

const { s3: s3As, kms: kmsAs } = clientsAs(aws)

/** A bucket `reports` and a key whose policy lets S3 use it for the account's principals only. */
async function setup(): Promise<string> {
  await s3As('user/admin').send(new CreateBucketCommand({ Bucket: 'reports' }))
  const key = await kmsAs('user/admin').send(
    new CreateKeyCommand({
      Policy: keyPolicy(
        { ...enableIam, Principal: { AWS: ADMIN_ARN } },
        {
          Sid: 'UseThroughS3Only',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:ViaService': 's3.us-east-1.amazonaws.com',
              'kms:CallerAccount': ACCOUNT,
            },
          },
        },
      ),
    }),
  )
  return key.KeyMetadata!.Arn!
}

async function put(client: S3Client, key: string, kmsKey?: string): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: 'reports',
      Key: key,
      Body: 'total: 42',
      ServerSideEncryption: 'aws:kms',
      ...(kmsKey === undefined ? {} : { SSEKMSKeyId: kmsKey }),
    }),
  )
}

const refused = (call: () => Promise<unknown>) =>
  refusedWith(aws, { name: 'AccessDenied', status: 403 }, call)

describe('S3 calling KMS for a declared principal', () => {
  it('lets kms:ViaService allow S3’s Decrypt for the role, but not a direct Decrypt', async () => {
    const key = await setup()
    await put(s3As('role/worker'), 'invoices/1.txt', key)
    const got = await s3As('role/reporting').send(
      new GetObjectCommand({ Bucket: 'reports', Key: 'invoices/1.txt' }),
    )
    expect(await got.Body!.transformToString()).toBe('total: 42')
    expect(aws.audit.events({ eventName: 'Decrypt' }).at(-1)).toMatchObject({
      eventSource: 'kms.amazonaws.com',
      userIdentity: { type: 'AssumedRole', arn: REPORTING_SESSION, invokedBy: 's3.amazonaws.com' },
      requestParameters: {
        encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::reports/invoices/1.txt' },
      },
      authorization: {
        decision: 'allow',
        reason: 'key policy',
        statement: { sid: 'UseThroughS3Only' },
      },
    })

    const blob = await kmsAs('user/admin').send(
      new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('x') }),
    )
    const error = await errorOf(
      kmsAs('role/reporting').send(new DecryptCommand({ CiphertextBlob: blob.CiphertextBlob })),
    )
    expect(error.name).toBe('AccessDeniedException')
    expect(error.message).toBe(
      `User: ${REPORTING_SESSION} is not authorized to perform: kms:Decrypt on resource: ${key} because no resource-based policy allows the kms:Decrypt action`,
    )
  })

  it('reports a KMS refusal to the S3 caller as AccessDenied naming kms:GenerateDataKey, storing nothing', async () => {
    const key = await setup()
    const error = await refused(() => put(s3As(PARTNER_ARN), 'invoices/2.txt', key))
    expect(error.message).toBe(
      `User: ${PARTNER_SESSION} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::reports/invoices/2.txt" because no resource-based policy allows the s3:PutObject action`,
    )
    // Let the partner in through the bucket policy: now KMS is what refuses (CallerAccount).
    await s3As('user/admin').send(
      new PutBucketPolicyCommand({
        Bucket: 'reports',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: OTHER_ACCOUNT },
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::reports/*',
            },
          ],
        }),
      }),
    )
    const viaKms = await refused(() => put(s3As(PARTNER_ARN), 'invoices/2.txt', key))
    expect(viaKms.message).toBe(
      `User: ${PARTNER_SESSION} is not authorized to perform: kms:GenerateDataKey on resource: ${key} because no resource-based policy allows the kms:GenerateDataKey action`,
    )
    expect(aws.audit.events({ eventName: 'GenerateDataKey' }).at(-1)).toMatchObject({
      errorCode: 'AccessDeniedException',
      userIdentity: {
        arn: PARTNER_SESSION,
        accountId: OTHER_ACCOUNT,
        invokedBy: 's3.amazonaws.com',
      },
    })
  })

  it('decrypts the source and generates for the destination as the caller on CopyObject', async () => {
    const key = await setup()
    await put(s3As('role/worker'), 'invoices/3.txt', key)
    await s3As('role/worker').send(
      new CopyObjectCommand({
        Bucket: 'reports',
        Key: 'invoices/3-copy.txt',
        CopySource: 'reports/invoices/3.txt',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key,
      }),
    )
    const kmsEvents = aws.audit.events({ eventSource: 'kms.amazonaws.com' }).slice(-2)
    expect(
      kmsEvents.map((e) => [e.eventName, e.userIdentity.arn, e.userIdentity.invokedBy]),
    ).toEqual([
      ['Decrypt', WORKER_SESSION, 's3.amazonaws.com'],
      ['GenerateDataKey', WORKER_SESSION, 's3.amazonaws.com'],
    ])
  })

  it('lets principals of the account use aws/s3 through S3 only', async () => {
    await setup()
    await put(s3As('role/worker'), 'invoices/4.txt')
    expect(aws.audit.events({ eventName: 'GenerateDataKey' }).at(-1)).toMatchObject({
      requestParameters: { keyId: 'alias/aws/s3' },
      userIdentity: { arn: WORKER_SESSION, invokedBy: 's3.amazonaws.com' },
      authorization: { decision: 'allow', reason: 'key policy', statement: { index: 0 } },
    })
    const error = await errorOf(
      kmsAs('role/worker').send(
        new EncryptCommand({ KeyId: 'alias/aws/s3', Plaintext: Buffer.from('x') }),
      ),
    )
    expect(error.name).toBe('AccessDeniedException')
    expect(error.message).toContain(
      'because no resource-based policy allows the kms:Encrypt action',
    )
  })
})

describe('S3 authorisation of declared principals', () => {
  it('refuses what the identity policy does not allow, naming the role session', async () => {
    await setup()
    const error = await refused(() =>
      s3As('role/reporting').send(
        new PutObjectCommand({ Bucket: 'reports', Key: 'invoices/5.txt', Body: 'x' }),
      ),
    )
    expect(error.message).toBe(
      `User: ${REPORTING_SESSION} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::reports/invoices/5.txt" because no identity-based policy allows the s3:PutObject action`,
    )
    expect(aws.audit.events({ eventName: 'PutObject' }).at(-1)).toMatchObject({
      userIdentity: { type: 'AssumedRole', arn: REPORTING_SESSION },
      authorization: { decision: 'deny', reason: 'identity policy', explicit: false },
    })
  })

  it('matches bucket-policy principals by role ARN, by aws:PrincipalArn and by account', async () => {
    await setup()
    await put(s3As('role/worker'), 'invoices/6.txt')
    await s3As('user/admin').send(
      new PutBucketPolicyCommand({
        Bucket: 'reports',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'NoWorkerReads',
              Effect: 'Deny',
              Principal: { AWS: WORKER_ARN },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::reports/*',
            },
            {
              Sid: 'NoReportingDeletes',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:DeleteObject',
              Resource: 'arn:aws:s3:::reports/*',
              Condition: { ArnEquals: { 'aws:PrincipalArn': REPORTING_ARN } },
            },
            {
              Sid: 'PartnerReads',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::reports/invoices/*',
            },
          ],
        }),
      }),
    )
    const error = await refused(() =>
      s3As('role/worker').send(new GetObjectCommand({ Bucket: 'reports', Key: 'invoices/6.txt' })),
    )
    expect(error.message).toBe(
      `User: ${WORKER_SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::reports/invoices/6.txt" with an explicit deny in a resource-based policy`,
    )
    expect(aws.audit.events({ eventName: 'GetObject' }).at(-1)).toMatchObject({
      authorization: {
        reason: 'bucket policy',
        explicit: true,
        statement: { index: 0, sid: 'NoWorkerReads' },
      },
    })
    // The partner's account is named and its own policy allows s3:*, but the object is under
    // aws/s3, whose policy admits the account's principals only: KMS refuses S3's Decrypt.
    const partner = await refused(() =>
      s3As(PARTNER_ARN).send(new GetObjectCommand({ Bucket: 'reports', Key: 'invoices/6.txt' })),
    )
    expect(partner.message).toContain(
      `User: ${PARTNER_SESSION} is not authorized to perform: kms:Decrypt`,
    )
  })

  it('lets a bucket policy naming another account admit it for unencrypted objects', async () => {
    await setup()
    await s3As('role/worker').send(
      new PutObjectCommand({
        Bucket: 'reports',
        Key: 'public/7.txt',
        Body: 'hello',
        ServerSideEncryption: 'AES256',
      }),
    )
    const denied = await refused(() =>
      s3As(PARTNER_ARN).send(new GetObjectCommand({ Bucket: 'reports', Key: 'public/7.txt' })),
    )
    expect(denied.message).toContain(
      'because no resource-based policy allows the s3:GetObject action',
    )
    await s3As('user/admin').send(
      new PutBucketPolicyCommand({
        Bucket: 'reports',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: PARTNER_ARN },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::reports/public/*',
            },
          ],
        }),
      }),
    )
    const got = await s3As(PARTNER_ARN).send(
      new GetObjectCommand({ Bucket: 'reports', Key: 'public/7.txt' }),
    )
    expect(await got.Body!.transformToString()).toBe('hello')
    expect(aws.audit.events({ eventName: 'GetObject' }).at(-1)).toMatchObject({
      userIdentity: { accountId: OTHER_ACCOUNT, arn: PARTNER_SESSION },
      authorization: { decision: 'allow', reason: 'bucket policy' },
    })
  })
})

describe('POST Object signed by a declared principal', () => {
  async function post(name: string, key: string): Promise<Response> {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- s3-presigned-post bundles its own copy of client-s3; only the config it reads matters
    const { url, fields } = await createPresignedPost(s3As(name), {
      Bucket: 'reports',
      Key: key,
      Fields: { 'x-amz-server-side-encryption': 'aws:kms' },
      Conditions: [['eq', '$x-amz-server-side-encryption', 'aws:kms']],
    })
    const form = new FormData()
    for (const [field, value] of Object.entries(fields)) form.append(field, value)
    form.append('file', new Blob(['posted']), 'a.txt')
    return fetch(url, { method: 'POST', body: form })
  }

  it('acts as the principal whose key signed the form, for S3 and for S3’s KMS call', async () => {
    await setup()
    expect((await post('role/worker', 'invoices/8.txt')).status).toBe(204)
    expect(aws.audit.events({ eventName: 'PostObject' }).at(-1)).toMatchObject({
      userIdentity: { arn: WORKER_SESSION },
      authorization: { decision: 'allow' },
    })
    expect(aws.audit.events({ eventName: 'GenerateDataKey' }).at(-1)).toMatchObject({
      userIdentity: { arn: WORKER_SESSION, invokedBy: 's3.amazonaws.com' },
    })

    const refused = await post('role/reporting', 'invoices/9.txt')
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain(
      `User: ${REPORTING_SESSION} is not authorized to perform: s3:PutObject on resource: &quot;arn:aws:s3:::reports/invoices/9.txt&quot; because no identity-based policy allows the s3:PutObject action`,
    )
  })
})
