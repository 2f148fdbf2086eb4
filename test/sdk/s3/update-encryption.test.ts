import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
  UpdateObjectEncryptionCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const kms = kmsClient()
const ACCOUNT = '123456789012'
const OBJECT_ARN = 'arn:aws:s3:::vault/doc.txt'
const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64')

let keyArn: string
let newKeyArn: string

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'vault' }))
  keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!
  newKeyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!
})

const put = (extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
  s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'doc.txt', Body: 'ledger', ...extra }))

const update = (arn: string, extra: { BucketKeyEnabled?: boolean; VersionId?: string } = {}) =>
  s3.send(
    new UpdateObjectEncryptionCommand({
      Bucket: 'vault',
      Key: 'doc.txt',
      ...(extra.VersionId === undefined ? {} : { VersionId: extra.VersionId }),
      ObjectEncryption: {
        SSEKMS: {
          KMSKeyArn: arn,
          ...(extra.BucketKeyEnabled === undefined
            ? {}
            : { BucketKeyEnabled: extra.BucketKeyEnabled }),
        },
      },
    }),
  )

/** What HEAD reports that must not change, and the bytes at rest. */
async function fingerprint(versionId?: string) {
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: 'vault', Key: 'doc.txt', VersionId: versionId }),
  )
  return {
    eTag: head.ETag,
    lastModified: head.LastModified?.toISOString(),
    length: head.ContentLength,
    raw: Buffer.from(aws.s3.rawObject('vault', 'doc.txt', versionId)).toString('hex'),
  }
}

const kmsEventsSince = (count: number) =>
  aws.audit.events({ eventSource: 'kms.amazonaws.com' }).slice(count)

const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

/** A client whose UpdateObjectEncryption body is replaced (for documents the SDK cannot build). */
function rawBodyClient(xml: string): S3Client {
  const client = s3Client()
  client.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { body?: unknown; headers: Record<string, string> }
      request.body = xml
      request.headers['content-length'] = String(Buffer.byteLength(xml))
      delete request.headers['x-amz-checksum-crc32']
      delete request.headers['x-amz-sdk-checksum-algorithm']
      return next(args)
    },
    { step: 'build', priority: 'low' },
  )
  return client
}

describe('UpdateObjectEncryption: re-keys without rewriting data (SPEC §4.1)', () => {
  it('moves an SSE-S3 object to SSE-KMS with one Encrypt of the same data key; bytes at rest identical', async () => {
    await put()
    const before = await fingerprint()
    const kmsBefore = aws.audit.events({ eventSource: 'kms.amazonaws.com' }).length
    await update(newKeyArn)
    expect(await fingerprint()).toEqual(before)
    const calls = kmsEventsSince(kmsBefore)
    expect(calls.map((e) => e.eventName)).toEqual(['Encrypt'])
    expect(calls[0]!.userIdentity.invokedBy).toBe('s3.amazonaws.com')
    expect(calls[0]!.requestParameters?.encryptionContext).toEqual({ 'aws:s3:arn': OBJECT_ARN })
    expect(calls[0]!.resources.map((r) => r.ARN)).toEqual([newKeyArn])
    expect(aws.s3.object('vault', 'doc.txt').describe()?.encryption).toEqual({
      type: 'SSE-KMS',
      algorithm: 'aws:kms',
      keyArn: newKeyArn,
      encryptionContext: { 'aws:s3:arn': OBJECT_ARN },
      bucketKeyEnabled: false,
    })
    const got = await s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'doc.txt' }))
    expect(got.ServerSideEncryption).toBe('aws:kms')
    expect(got.SSEKMSKeyId).toBe(newKeyArn)
    expect((await bodyBytes(got.Body)).toString()).toBe('ledger')
    const decrypt = aws.audit.events({ eventName: 'Decrypt' })
    expect(decrypt.at(-1)!.resources.map((r) => r.ARN)).toEqual([newKeyArn])
    const event = aws.audit.events({ eventName: 'UpdateObjectEncryption' })
    expect(event).toHaveLength(1)
    expect(event[0]!.readOnly).toBe(false)
  })

  it('moves an SSE-KMS object to another key with one ReEncrypt (old key → new key), keeping the user context', async () => {
    await put({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
      SSEKMSEncryptionContext: b64json({ tenant: 't1' }),
    })
    const before = await fingerprint()
    const kmsBefore = aws.audit.events({ eventSource: 'kms.amazonaws.com' }).length
    await update(newKeyArn)
    expect(await fingerprint()).toEqual(before)
    const calls = kmsEventsSince(kmsBefore)
    expect(calls.map((e) => e.eventName)).toEqual(['ReEncrypt'])
    const [reEncrypt] = calls
    expect(reEncrypt!.userIdentity.invokedBy).toBe('s3.amazonaws.com')
    expect(reEncrypt!.resources.map((r) => r.ARN)).toEqual([keyArn, newKeyArn])
    expect(reEncrypt!.requestParameters).toMatchObject({
      sourceEncryptionContext: { tenant: 't1', 'aws:s3:arn': OBJECT_ARN },
      destinationKeyId: newKeyArn,
      destinationEncryptionContext: { tenant: 't1', 'aws:s3:arn': OBJECT_ARN },
    })
    // The old key no longer matters for reading.
    await kms.send(new DisableKeyCommand({ KeyId: keyArn }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'doc.txt' }))
    expect(got.SSEKMSKeyId).toBe(newKeyArn)
    expect((await bodyBytes(got.Body)).toString()).toBe('ledger')
  })

  it('with BucketKeyEnabled names the bucket in the context and reports the bucket key', async () => {
    await put()
    await update(newKeyArn, { BucketKeyEnabled: true })
    expect(aws.s3.object('vault', 'doc.txt').describe()?.encryption).toMatchObject({
      encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::vault' },
      bucketKeyEnabled: true,
    })
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'vault', Key: 'doc.txt' }))
    expect(head.BucketKeyEnabled).toBe(true)
    expect(head.SSEKMSKeyId).toBe(newKeyArn)
  })

  it('re-keys only the version named', async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'vault',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    const v1 = await put({ Body: 'v1' })
    await put({ Body: 'v2' })
    const before = await fingerprint(v1.VersionId)
    await update(newKeyArn, { VersionId: v1.VersionId! })
    expect(await fingerprint(v1.VersionId)).toEqual(before)
    expect(aws.s3.object('vault', 'doc.txt', v1.VersionId).describe()?.encryption).toMatchObject({
      type: 'SSE-KMS',
      keyArn: newKeyArn,
    })
    expect(aws.s3.object('vault', 'doc.txt').describe()?.encryption).toEqual({ type: 'SSE-S3' })
  })
})

describe('UpdateObjectEncryption: refusals change nothing', () => {
  beforeEach(async () => {
    await put()
  })

  it.each([
    ['a bare key id', () => newKeyArn.split('/')[1]!],
    ['an alias name', () => 'alias/vault'],
    ['an alias ARN', () => `arn:aws:kms:us-east-1:${ACCOUNT}:alias/vault`],
  ])('refuses %s: only a full key ARN is accepted', async (_name, arn) => {
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/vault', TargetKeyId: newKeyArn }))
    const err = await refused(() => update(arn()))
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      "Requests that modify an object's encryption type to SSE-KMS require a valid AWS KMS key Amazon Resource Name (ARN). Confirm that you have a correctly formatted KMS key ARN in your request, and then try again.",
    )
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses an empty key ARN', async () => {
    const err = await refused(() => update(''))
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      "Requests that modify an object's encryption type to SSE-KMS require an AWS KMS key Amazon Resource Name (ARN). Modify the request to specify a KMS key ARN, and then try again.",
    )
  })

  it('refuses a key of another account with AccessDenied', async () => {
    const err = await refused(() =>
      update('arn:aws:kms:us-east-1:210987654321:key/11111111-2222-3333-4444-555555555555'),
    )
    expect(err.name).toBe('AccessDenied')
    expect(err.$metadata.httpStatusCode).toBe(403)
    expect(err.message).toBe(
      'The AWS KMS key in the request must be owned by the same account as the bucket. Modify the request to specify a KMS key from the same account, and then try again.',
    )
  })

  it('passes KMS errors on as KMS.*: unknown key, disabled key', async () => {
    const missing = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`
    const notFound = await refused(() => update(missing))
    expect(notFound.name).toBe('KMS.NotFoundException')
    expect(notFound.message).toBe(`Key '${missing}' does not exist`)
    expect(notFound.$metadata.httpStatusCode).toBe(400)
    await kms.send(new DisableKeyCommand({ KeyId: newKeyArn }))
    const disabled = await refused(() => update(newKeyArn))
    expect(disabled.name).toBe('KMS.DisabledException')
    expect(disabled.message).toBe(`${newKeyArn} is disabled.`)
  })

  it('fails with the source key’s KMS error when the current key is disabled', async () => {
    await put({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
    await kms.send(new DisableKeyCommand({ KeyId: keyArn }))
    const err = await refused(() => update(newKeyArn))
    expect(err.name).toBe('KMS.DisabledException')
    expect(err.message).toBe(`${keyArn} is disabled.`)
  })

  it('refuses DSSE-KMS sources', async () => {
    await put({ ServerSideEncryption: 'aws:kms:dsse', SSEKMSKeyId: keyArn })
    const err = await refused(() => update(newKeyArn))
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      "The UpdateObjectEncryption operation doesn't support source objects with the encryption type DSSE-KMS or SSE-C. Only source objects encrypted with SSE-S3 or SSE-KMS are supported.",
    )
  })

  it('refuses a document that names no SSE-KMS target', async () => {
    const client = rawBodyClient(
      '<ObjectEncryption xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><SSE-S3/></ObjectEncryption>',
    )
    const err = await refused(() =>
      client.send(
        new UpdateObjectEncryptionCommand({
          Bucket: 'vault',
          Key: 'doc.txt',
          ObjectEncryption: { SSEKMS: { KMSKeyArn: newKeyArn } },
        }),
      ),
    )
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      'Requests that modify an object encryption configuration require a valid new encryption type. Valid values are SSEKMS. Modify the request to specify SSE-KMS for the updated encryption type, and then try again.',
    )
  })

  it('refuses a BucketKeyEnabled that is not true or false', async () => {
    const client = rawBodyClient(
      `<ObjectEncryption><SSE-KMS><KMSKeyArn>${newKeyArn}</KMSKeyArn><BucketKeyEnabled>yes</BucketKeyEnabled></SSE-KMS></ObjectEncryption>`,
    )
    const err = await refused(() =>
      client.send(
        new UpdateObjectEncryptionCommand({
          Bucket: 'vault',
          Key: 'doc.txt',
          ObjectEncryption: { SSEKMS: { KMSKeyArn: newKeyArn } },
        }),
      ),
    )
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(
      "The BucketKeyEnabled value isn't valid. Valid values are true or false. Modify the request to specify a valid value, and then try again.",
    )
  })

  it('answers NoSuchKey for a missing object and NoSuchBucket for a missing bucket', async () => {
    const key = await refused(() =>
      s3.send(
        new UpdateObjectEncryptionCommand({
          Bucket: 'vault',
          Key: 'nothing',
          ObjectEncryption: { SSEKMS: { KMSKeyArn: newKeyArn } },
        }),
      ),
    )
    expect(key.name).toBe('NoSuchKey')
    expect(key.$metadata.httpStatusCode).toBe(404)
    const bucket = await refused(() =>
      s3.send(
        new UpdateObjectEncryptionCommand({
          Bucket: 'nobucket',
          Key: 'doc.txt',
          ObjectEncryption: { SSEKMS: { KMSKeyArn: newKeyArn } },
        }),
      ),
    )
    expect(bucket.name).toBe('NoSuchBucket')
  })
})
