import {
  CreateKeyCommand,
  DisableKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const kms = kmsClient()
const ACCOUNT = '123456789012'
const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64')

let keyId: string
let keyArn: string

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'vault' }))
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'vault key' }))
  keyId = KeyMetadata!.KeyId!
  keyArn = KeyMetadata!.Arn!
})

const putKms = (extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
  s3.send(
    new PutObjectCommand({
      Bucket: 'vault',
      Key: 'doc.txt',
      Body: 'top secret text',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyId,
      ...extra,
    }),
  )

/** The S3 error a put/get fails with, after checking that nothing changed. */
async function refused(send: () => Promise<unknown>) {
  return expectUnchanged(aws, () => errorOf(send()))
}

describe('SSE-KMS envelope encryption (SPEC §4.1)', () => {
  it('encrypts at rest under a fresh data key: the bytes at rest do not contain the plaintext', async () => {
    await putKms()
    const raw = Buffer.from(aws.s3.rawObject('vault', 'doc.txt'))
    expect(raw.includes(Buffer.from('top secret text'))).toBe(false)
    expect(aws.s3.object('vault', 'doc.txt').describe()?.encryption).toEqual({
      type: 'SSE-KMS',
      algorithm: 'aws:kms',
      keyArn,
      encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::vault/doc.txt' },
      bucketKeyEnabled: false,
    })
  })

  it('names the key by ARN in every response, whatever form the request used', async () => {
    await kms.send(
      new (await import('@aws-sdk/client-kms')).CreateAliasCommand({
        AliasName: 'alias/vault',
        TargetKeyId: keyId,
      }),
    )
    for (const form of [
      keyId,
      keyArn,
      'alias/vault',
      `arn:aws:kms:us-east-1:${ACCOUNT}:alias/vault`,
    ]) {
      const put = await putKms({ SSEKMSKeyId: form })
      expect(put.SSEKMSKeyId).toBe(keyArn)
    }
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'vault', Key: 'doc.txt' }))
    expect(head.ServerSideEncryption).toBe('aws:kms')
    expect(head.SSEKMSKeyId).toBe(keyArn)
  })

  it('adds the user context to aws:s3:arn and echoes it; Decrypt on GET sends it back', async () => {
    const put = await putKms({ SSEKMSEncryptionContext: b64json({ tenant: 'acme' }) })
    expect(JSON.parse(Buffer.from(put.SSEKMSEncryptionContext!, 'base64').toString())).toEqual({
      tenant: 'acme',
      'aws:s3:arn': 'arn:aws:s3:::vault/doc.txt',
    })
    await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'doc.txt' }))).Body)
    const decrypt = aws.audit.events({ eventName: 'Decrypt' })
    expect(decrypt.map((e) => e.requestParameters?.encryptionContext)).toEqual([
      { tenant: 'acme', 'aws:s3:arn': 'arn:aws:s3:::vault/doc.txt' },
    ])
  })

  it('uses the bucket ARN as context with a bucket key, and echoes bucket-key-enabled', async () => {
    const put = await putKms({ BucketKeyEnabled: true })
    expect(put.BucketKeyEnabled).toBe(true)
    const [event] = aws.audit.events({ eventName: 'GenerateDataKey' })
    expect(event!.requestParameters?.encryptionContext).toEqual({
      'aws:s3:arn': 'arn:aws:s3:::vault',
    })
  })

  it('gives SSE-KMS ETags that are not the MD5 and differ per PUT; SSE-S3 ETags are the MD5', async () => {
    const md5 = `"${createHash('md5').update('top secret text').digest('hex')}"`
    const first = await putKms()
    const second = await putKms()
    expect(first.ETag).not.toBe(md5)
    expect(second.ETag).not.toBe(first.ETag)
    const plain = await s3.send(
      new PutObjectCommand({ Bucket: 'vault', Key: 'plain', Body: 'top secret text' }),
    )
    expect(plain.ETag).toBe(md5)
  })

  it('applies bucket default encryption to new objects only', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'before', Body: 'x' }))
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'vault',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: keyArn,
              },
            },
          ],
        },
      }),
    )
    const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: 'vault' })))
      .ServerSideEncryptionConfiguration!.Rules![0]!
    expect(rule.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: keyArn,
    })
    const after = await s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'after', Body: 'x' }))
    expect(after.SSEKMSKeyId).toBe(keyArn)
    expect(aws.s3.object('vault', 'before').describe()?.encryption.type).toBe('SSE-S3')
  })
})

describe('SSE-KMS errors as S3 reports them (reference §2.1)', () => {
  it.each([
    ['fake-key-id', () => "Invalid keyId 'fake-key-id'"],
    [
      '11111111-2222-3333-4444-555555555555',
      () =>
        `Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555' does not exist`,
    ],
    [
      `arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
      () => 'Invalid arn eu-west-1',
    ],
  ])('refuses key %s with KMS.NotFoundException', async (key, message) => {
    const err = await refused(() => putKms({ SSEKMSKeyId: key }))
    expect(err.name).toBe('KMS.NotFoundException')
    expect(err.message).toBe(message())
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses a disabled key on PUT and on GET', async () => {
    await putKms()
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    for (const send of [
      () => putKms({ Key: 'new.txt' }),
      () => s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'doc.txt' })),
    ]) {
      const err = await refused(send)
      expect(err.name).toBe('KMS.DisabledException')
      expect(err.message).toBe(`${keyArn} is disabled.`)
      expect(err.$metadata.httpStatusCode).toBe(400)
    }
  })

  it('refuses GET of an object whose key is pending deletion', async () => {
    await putKms()
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    const err = await refused(() =>
      s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'doc.txt' })),
    )
    expect(err.name).toBe('KMS.KMSInvalidStateException')
    expect(err.message).toBe(`${keyArn} is pending deletion.`)
  })

  it('refuses keys that are not symmetric encryption keys', async () => {
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }),
    )
    const err = await refused(() => putKms({ SSEKMSKeyId: KeyMetadata!.KeyId }))
    expect(err.name).toBe('KMS.InvalidKeyUsageException')
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses an unknown encryption method', async () => {
    const err = await refused(() => putKms({ ServerSideEncryption: 'aes256' as never }))
    expect(err.name).toBe('InvalidArgument')
    expect(err.message).toBe('The encryption method specified is not supported')
  })

  it('refuses a KMS key id without aws:kms', async () => {
    const err = await refused(() =>
      s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'k', Body: 'x', SSEKMSKeyId: keyId })),
    )
    expect(err.name).toBe('InvalidArgument')
    expect(err.message).toBe(
      'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
    )
  })

  it('refuses a context that is not base64 JSON of a string map', async () => {
    for (const context of [
      'not base64 json',
      Buffer.from('[1,2]').toString('base64'),
      b64json({ a: 1 }),
    ]) {
      const err = await refused(() => putKms({ SSEKMSEncryptionContext: context }))
      expect(err.name).toBe('InvalidArgument')
      expect(err.message).toBe(
        "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map",
      )
    }
  })

  it('refuses an aws:s3:arn in the context that is not the object ARN', async () => {
    const err = await refused(() =>
      putKms({ SSEKMSEncryptionContext: b64json({ 'aws:s3:arn': 'arn:aws:s3:::other/key' }) }),
    )
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses SSE-C headers together with aws:kms', async () => {
    // New buckets block SSE-C writes (403, before any other check); unblock to reach this rule.
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'vault',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
            },
          ],
        },
      }),
    )
    const err = await refused(() =>
      putKms({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'k'.repeat(32) }),
    )
    expect(err.name).toBe('InvalidArgument')
    expect(err.message).toBe(
      'Server Side Encryption with Customer provided key is incompatible with the encryption method specified',
    )
  })

  it('refuses SSE-KMS requests not signed with SigV4', async () => {
    const response = await fetch('https://vault.s3.us-east-1.amazonaws.com/sigv2.txt', {
      method: 'PUT',
      body: 'x',
      headers: {
        'x-amz-server-side-encryption': 'aws:kms',
        authorization: 'AWS AKIDEXAMPLE:c2lnbmF0dXJl',
      },
    })
    expect(response.status).toBe(400)
    const text = await response.text()
    expect(text).toContain('<Code>InvalidArgument</Code>')
    expect(text).toContain(
      '<Message>Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.</Message>',
    )
    expect(aws.s3.keys('vault')).toEqual([])
  })

  it('refuses SSE request headers on GET and HEAD', async () => {
    await putKms()
    const response = await fetch('https://vault.s3.us-east-1.amazonaws.com/doc.txt', {
      headers: {
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-date': '20260601T120000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKID/20260601/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      },
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('<Code>InvalidArgument</Code>')
  })

  it('refuses a default KMSMasterKeyID with AES256', async () => {
    const err = await refused(() =>
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: 'vault',
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'AES256',
                  KMSMasterKeyID: keyArn,
                },
              },
            ],
          },
        }),
      ),
    )
    expect(err.name).toBe('InvalidArgument')
    expect(err.message).toBe(
      'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
    )
  })

  it('reports KMS throttling seen through S3, and records the injected fault', async () => {
    aws.faults.inject({
      service: 'kms',
      operation: 'GenerateDataKey',
      invokedBy: 's3.amazonaws.com',
      error: 'ThrottlingException',
      times: 1,
    })
    const err = await refused(() => putKms())
    expect(err.$metadata.httpStatusCode).toBe(503)
    expect(aws.audit.events({ eventName: 'GenerateDataKey' })[0]?.injectedFault?.error).toBe(
      'ThrottlingException',
    )
  })
})
