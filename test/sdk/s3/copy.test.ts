import { CreateKeyCommand, DisableKeyCommand } from '@aws-sdk/client-kms'
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
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
const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex')
const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64')

/** Reference §2.1 `copy-object-in-place-no-change` [AWS-cap]. */
const COPY_TO_ITSELF =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."

type PutInput = ConstructorParameters<typeof PutObjectCommand>[0]
type CopyInput = ConstructorParameters<typeof CopyObjectCommand>[0]

let keyArn: string
let otherKeyArn: string

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'src' }))
  await s3.send(new CreateBucketCommand({ Bucket: 'dst' }))
  keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!
  otherKeyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!
})

const put = (key: string, body: string | Buffer, extra: Partial<PutInput> = {}) =>
  s3.send(new PutObjectCommand({ Bucket: 'src', Key: key, Body: body, ...extra }))

const copy = (extra: Partial<CopyInput> = {}) =>
  s3.send(
    new CopyObjectCommand({ Bucket: 'dst', Key: 'copy.txt', CopySource: 'src/a.txt', ...extra }),
  )

async function bytes(bucket: string, key: string, versionId?: string): Promise<Buffer> {
  const got = await s3.send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ...(versionId === undefined ? {} : { VersionId: versionId }),
    }),
  )
  return bodyBytes(got.Body)
}

/** The error a call fails with, after proving that nothing changed. */
const refused = (send: () => Promise<unknown>) => expectUnchanged(aws, () => errorOf(send()))

describe('CopyObject: bytes, metadata and content headers', () => {
  it('copies the body, metadata and content headers (COPY), SSE-S3 by default with the MD5 ETag', async () => {
    await put('a.txt', 'hello world', {
      ContentType: 'text/plain',
      CacheControl: 'no-cache',
      Metadata: { owner: 'me' },
    })
    const out = await copy()
    expect(out.CopyObjectResult?.ETag).toBe(`"${md5('hello world')}"`)
    expect(out.CopyObjectResult?.LastModified).toBeInstanceOf(Date)
    // The source's checksum algorithm (the SDK's CRC32) is kept for the copy.
    expect(out.CopyObjectResult?.ChecksumCRC32).toBe('DUoRhQ==')
    expect(out.ServerSideEncryption).toBe('AES256')
    expect(out.VersionId).toBeUndefined()
    expect(out.CopySourceVersionId).toBeUndefined()
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'dst', Key: 'copy.txt' }))
    expect(head.ContentType).toBe('text/plain')
    expect(head.CacheControl).toBe('no-cache')
    expect(head.Metadata).toEqual({ owner: 'me' })
    expect(head.StorageClass).toBeUndefined()
    expect((await bytes('dst', 'copy.txt')).toString()).toBe('hello world')
  })

  it('takes a copy source the SDK sends unencoded (spaces, plus signs, unicode)', async () => {
    await put('dir/a b+c ü.txt', 'odd name')
    await copy({ CopySource: 'src/dir/a b+c ü.txt', Key: 'dir/copy b+c.txt' })
    expect((await bytes('dst', 'dir/copy b+c.txt')).toString()).toBe('odd name')
  })

  it('with REPLACE takes metadata and content headers from the request only', async () => {
    await put('a.txt', 'x', { ContentType: 'text/plain', Metadata: { owner: 'me' } })
    await copy({ MetadataDirective: 'REPLACE', Metadata: { team: 'blue' }, ContentLanguage: 'en' })
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'dst', Key: 'copy.txt' }))
    expect(head.Metadata).toEqual({ team: 'blue' })
    expect(head.ContentLanguage).toBe('en')
    // No Content-Type in the request: S3's default, not the source's.
    expect(head.ContentType).toBe('binary/octet-stream')
  })

  it('with COPY ignores metadata sent with the request', async () => {
    await put('a.txt', 'x', { Metadata: { owner: 'me' } })
    await copy({ Metadata: { team: 'blue' } })
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'dst', Key: 'copy.txt' }))
    expect(head.Metadata).toEqual({ owner: 'me' })
  })

  it('stores the storage class asked for, else STANDARD (not the source’s)', async () => {
    await put('a.txt', 'x', { StorageClass: 'STANDARD_IA' })
    await copy()
    const plain = await s3.send(new HeadObjectCommand({ Bucket: 'dst', Key: 'copy.txt' }))
    expect(plain.StorageClass).toBeUndefined()
    await copy({ Key: 'cold.txt', StorageClass: 'GLACIER_IR' })
    const cold = await s3.send(new HeadObjectCommand({ Bucket: 'dst', Key: 'cold.txt' }))
    expect(cold.StorageClass).toBe('GLACIER_IR')
  })

  it('computes the checksum asked for with x-amz-checksum-algorithm', async () => {
    await put('a.txt', 'hello world')
    const out = await copy({ ChecksumAlgorithm: 'SHA256' })
    expect(out.CopyObjectResult?.ChecksumSHA256).toBe(
      createHash('sha256').update('hello world').digest('base64'),
    )
  })

  it('streams a body spanning many segments, re-encrypted: different bytes at rest, same plaintext', async () => {
    const body = Buffer.alloc(300_000)
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) % 251
    await put('a.txt', body)
    const out = await copy()
    expect(out.CopyObjectResult?.ETag).toBe(`"${md5(body)}"`)
    expect(await bytes('dst', 'copy.txt')).toEqual(body)
    const source = Buffer.from(aws.s3.rawObject('src', 'a.txt'))
    const copied = Buffer.from(aws.s3.rawObject('dst', 'copy.txt'))
    expect(copied.equals(source)).toBe(false)
    expect(copied.includes(body.subarray(0, 64))).toBe(false)
  })
})

describe('CopyObject: destination encryption (SPEC §4.1)', () => {
  it('an SSE-KMS source copied without SSE headers becomes SSE-S3 (the bucket default), MD5 ETag', async () => {
    await put('a.txt', 'kms body', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
    const out = await copy()
    expect(out.ServerSideEncryption).toBe('AES256')
    expect(out.SSEKMSKeyId).toBeUndefined()
    expect(out.CopyObjectResult?.ETag).toBe(`"${md5('kms body')}"`)
    expect(aws.s3.object('dst', 'copy.txt').describe()?.encryption).toEqual({ type: 'SSE-S3' })
    expect((await bytes('dst', 'copy.txt')).toString()).toBe('kms body')
  })

  it('an unencrypted request gets the destination bucket default, not the source’s encryption', async () => {
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'dst',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: otherKeyArn,
              },
            },
          ],
        },
      }),
    )
    await put('a.txt', 'body', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
    const out = await copy()
    expect(out.ServerSideEncryption).toBe('aws:kms')
    expect(out.SSEKMSKeyId).toBe(otherKeyArn)
    // SSE-KMS ETags are not the MD5.
    expect(out.CopyObjectResult?.ETag).not.toBe(`"${md5('body')}"`)
  })

  it('SSE headers apply to the destination; the source context is not carried over', async () => {
    await put('a.txt', 'body', {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
      SSEKMSEncryptionContext: b64json({ tenant: 't1' }),
    })
    const out = await copy({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: otherKeyArn })
    expect(out.SSEKMSKeyId).toBe(otherKeyArn)
    expect(out.SSEKMSEncryptionContext).toBeUndefined()
    expect(aws.s3.object('dst', 'copy.txt').describe()?.encryption).toEqual({
      type: 'SSE-KMS',
      algorithm: 'aws:kms',
      keyArn: otherKeyArn,
      encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::dst/copy.txt' },
      bucketKeyEnabled: false,
    })
    expect((await bytes('dst', 'copy.txt')).toString()).toBe('body')
  })

  it('echoes a context the copy request gives, with the destination ARN added', async () => {
    await put('a.txt', 'body')
    const out = await copy({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
      SSEKMSEncryptionContext: b64json({ tenant: 't2' }),
      BucketKeyEnabled: true,
    })
    expect(out.BucketKeyEnabled).toBe(true)
    expect(JSON.parse(Buffer.from(out.SSEKMSEncryptionContext!, 'base64').toString())).toEqual({
      tenant: 't2',
      'aws:s3:arn': 'arn:aws:s3:::dst',
    })
  })

  it('audits the source Decrypt and the destination GenerateDataKey, each as S3 with its object ARN', async () => {
    await put('a.txt', 'body', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
    const before = aws.audit.events({ eventSource: 'kms.amazonaws.com' }).length
    await copy({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: otherKeyArn })
    const calls = aws.audit.events({ eventSource: 'kms.amazonaws.com' }).slice(before)
    expect(calls.map((e) => e.eventName)).toEqual(['Decrypt', 'GenerateDataKey'])
    const [decrypt, generate] = calls
    expect(decrypt!.userIdentity.invokedBy).toBe('s3.amazonaws.com')
    expect(decrypt!.requestParameters?.encryptionContext).toEqual({
      'aws:s3:arn': 'arn:aws:s3:::src/a.txt',
    })
    expect(decrypt!.resources.map((r) => r.ARN)).toEqual([keyArn])
    expect(generate!.userIdentity.invokedBy).toBe('s3.amazonaws.com')
    expect(generate!.requestParameters?.encryptionContext).toEqual({
      'aws:s3:arn': 'arn:aws:s3:::dst/copy.txt',
    })
    expect(generate!.resources.map((r) => r.ARN)).toEqual([otherKeyArn])
    const event = aws.audit.events({ eventSource: 's3.amazonaws.com', eventName: 'CopyObject' })
    expect(event).toHaveLength(1)
    expect(event[0]!.resources.map((r) => r.ARN)).toEqual([
      'arn:aws:s3:::dst',
      'arn:aws:s3:::dst/copy.txt',
      'arn:aws:s3:::src',
      'arn:aws:s3:::src/a.txt',
    ])
  })

  it('fails with KMS.NotFoundException for a malformed destination key id, changing nothing', async () => {
    await put('a.txt', 'body')
    const err = await refused(() =>
      copy({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'fake-key-id' }),
    )
    expect(err.name).toBe('KMS.NotFoundException')
    expect(err.message).toBe("Invalid keyId 'fake-key-id'")
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('fails with KMS.DisabledException when the source key is disabled, asking KMS for nothing new', async () => {
    await put('a.txt', 'body', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
    await kms.send(new DisableKeyCommand({ KeyId: keyArn }))
    const before = aws.audit.events({ eventName: 'GenerateDataKey' }).length
    const err = await refused(() => copy())
    expect(err.name).toBe('KMS.DisabledException')
    expect(err.message).toBe(`${keyArn} is disabled.`)
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect(aws.audit.events({ eventName: 'GenerateDataKey' })).toHaveLength(before)
  })

  it('refuses an unknown encryption method', async () => {
    await put('a.txt', 'body')
    const err = await refused(() => copy({ ServerSideEncryption: 'aes256' as never }))
    expect(err.name).toBe('InvalidArgument')
    expect(err.message).toBe('The encryption method specified is not supported')
  })
})

describe('CopyObject onto itself', () => {
  const inPlace = (extra: Partial<CopyInput> = {}) =>
    s3.send(
      new CopyObjectCommand({ Bucket: 'src', Key: 'a.txt', CopySource: 'src/a.txt', ...extra }),
    )

  it('is refused with AWS’s exact text when nothing changes', async () => {
    await put('a.txt', 'body', { Metadata: { owner: 'me' } })
    const err = await refused(() => inPlace())
    expect(err.name).toBe('InvalidRequest')
    expect(err.message).toBe(COPY_TO_ITSELF)
    expect(err.$metadata.httpStatusCode).toBe(400)
    // An explicit COPY directive is no change either.
    const again = await refused(() => inPlace({ MetadataDirective: 'COPY' }))
    expect(again.message).toBe(COPY_TO_ITSELF)
  })

  it('is allowed when the metadata is replaced', async () => {
    await put('a.txt', 'body', { Metadata: { owner: 'me' } })
    await inPlace({ MetadataDirective: 'REPLACE', Metadata: { owner: 'you' } })
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'a.txt' }))
    expect(head.Metadata).toEqual({ owner: 'you' })
  })

  it('is allowed when the encryption changes (re-encrypts under SSE-KMS)', async () => {
    await put('a.txt', 'body')
    const out = await inPlace({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
    expect(out.SSEKMSKeyId).toBe(keyArn)
    expect(aws.s3.object('src', 'a.txt').describe()?.encryption).toMatchObject({
      type: 'SSE-KMS',
      keyArn,
    })
    expect((await bytes('src', 'a.txt')).toString()).toBe('body')
  })

  it('is allowed when the storage class changes', async () => {
    await put('a.txt', 'body')
    await inPlace({ StorageClass: 'STANDARD_IA' })
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'a.txt' }))
    expect(head.StorageClass).toBe('STANDARD_IA')
  })

  it('restores an older version onto the current one (not a copy to itself)', async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'src',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    const v1 = await put('a.txt', 'first')
    await put('a.txt', 'second')
    const out = await inPlace({ CopySource: `src/a.txt?versionId=${v1.VersionId!}` })
    expect(out.CopySourceVersionId).toBe(v1.VersionId)
    expect(out.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/)
    expect((await bytes('src', 'a.txt')).toString()).toBe('first')
  })
})

describe('CopyObject: versions', () => {
  it('copies a named version and reports both version ids', async () => {
    for (const bucket of ['src', 'dst']) {
      await s3.send(
        new PutBucketVersioningCommand({
          Bucket: bucket,
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      )
    }
    const v1 = await put('a.txt', 'old')
    await put('a.txt', 'new')
    const out = await copy({ CopySource: `src/a.txt?versionId=${v1.VersionId!}` })
    expect(out.CopySourceVersionId).toBe(v1.VersionId)
    expect(out.VersionId).toBeDefined()
    expect((await bytes('dst', 'copy.txt', out.VersionId)).toString()).toBe('old')
    const latest = await copy()
    expect(latest.CopySourceVersionId).not.toBe(v1.VersionId)
  })

  it('refuses a delete marker named by version id, and answers NoSuchKey behind a current marker', async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'src',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    await put('a.txt', 'body')
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3')
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'src', Key: 'a.txt' }))
    const hidden = await refused(() => copy())
    expect(hidden.name).toBe('NoSuchKey')
    expect(hidden.$metadata.httpStatusCode).toBe(404)
    const named = await refused(() =>
      copy({ CopySource: `src/a.txt?versionId=${marker.VersionId!}` }),
    )
    expect(named.name).toBe('InvalidRequest')
    expect(named.message).toBe(
      'The source of a copy request may not specifically refer to a delete marker by version id.',
    )
  })

  it('answers NoSuchVersion for an unknown version and InvalidArgument for a malformed one', async () => {
    await put('a.txt', 'body')
    const unknown = await refused(() =>
      copy({ CopySource: `src/a.txt?versionId=${'A'.repeat(32)}` }),
    )
    expect(unknown.name).toBe('NoSuchVersion')
    expect(unknown.$metadata.httpStatusCode).toBe(404)
    const malformed = await refused(() => copy({ CopySource: 'src/a.txt?versionId=nope' }))
    expect(malformed.name).toBe('InvalidArgument')
    expect(malformed.message).toBe('Invalid version id specified')
  })
})

describe('CopyObject: copy-source conditions (412, never 304)', () => {
  let eTag: string
  let modified: Date
  beforeEach(async () => {
    eTag = (await put('a.txt', 'body')).ETag!
    modified = (await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'a.txt' }))).LastModified!
  })
  const past = () => new Date(modified.getTime() - 3_600_000)
  const later = () => new Date(modified.getTime() + 1_000)

  it.each([
    ['if-match that does not match', { CopySourceIfMatch: '"0123"' }],
    ['if-none-match that matches', () => ({ CopySourceIfNoneMatch: eTag })],
    ['if-unmodified-since before the last change', () => ({ CopySourceIfUnmodifiedSince: past() })],
    ['if-modified-since at the last change', () => ({ CopySourceIfModifiedSince: modified })],
  ])('%s → 412 PreconditionFailed, nothing copied', async (_name, conditions) => {
    const extra = typeof conditions === 'function' ? conditions() : conditions
    const err = await refused(() => copy(extra))
    expect(err.name).toBe('PreconditionFailed')
    expect(err.message).toBe('At least one of the pre-conditions you specified did not hold')
    expect(err.$metadata.httpStatusCode).toBe(412)
  })

  it('copies when the conditions hold; if-match wins over a failing if-unmodified-since', async () => {
    await copy({ CopySourceIfMatch: eTag, CopySourceIfUnmodifiedSince: past() })
    await copy({ Key: 'b', CopySourceIfNoneMatch: '"other"', CopySourceIfModifiedSince: past() })
    await copy({ Key: 'c', CopySourceIfUnmodifiedSince: later() })
    expect(aws.s3.keys('dst')).toEqual(['b', 'c', 'copy.txt'])
  })
})

describe('CopyObject: errors', () => {
  it('answers NoSuchKey for a missing source and NoSuchBucket for either missing bucket', async () => {
    const key = await refused(() => copy())
    expect(key.name).toBe('NoSuchKey')
    expect(key.message).toBe('The specified key does not exist.')
    expect(key.$metadata.httpStatusCode).toBe(404)
    const source = await refused(() => copy({ CopySource: 'nobucket/a.txt' }))
    expect(source.name).toBe('NoSuchBucket')
    await put('a.txt', 'body')
    const destination = await refused(() => copy({ Bucket: 'nobucket' }))
    expect(destination.name).toBe('NoSuchBucket')
  })

  it('refuses an unknown metadata directive and a copy source without a key', async () => {
    await put('a.txt', 'body')
    const directive = await refused(() => copy({ MetadataDirective: 'MERGE' as never }))
    expect(directive.name).toBe('InvalidArgument')
    expect(directive.message).toBe('Unknown metadata directive.')
    const source = await refused(() => copy({ CopySource: 'src' }))
    expect(source.name).toBe('InvalidArgument')
    expect(source.message).toBe(
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
    )
  })

  it('refuses an unknown storage class', async () => {
    await put('a.txt', 'body')
    const err = await refused(() => copy({ StorageClass: 'COLD' as never }))
    expect(err.name).toBe('InvalidStorageClass')
    expect(err.message).toBe('The storage class you specified is not valid')
  })
})
