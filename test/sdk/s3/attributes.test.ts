import { CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectAttributesCommand,
  type ObjectAttributes,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const ALL: ObjectAttributes[] = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']
const md5 = (text: string) => createHash('md5').update(text).digest('hex')

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'attrs' }))
})

const attributes = (
  extra: Partial<ConstructorParameters<typeof GetObjectAttributesCommand>[0]> = {},
) =>
  s3.send(
    new GetObjectAttributesCommand({
      Bucket: 'attrs',
      Key: 'a.txt',
      ObjectAttributes: ALL,
      ...extra,
    }),
  )

describe('GetObjectAttributes', () => {
  it('answers the bare ETag, the checksum, the storage class and the size of a single PUT', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'attrs', Key: 'a.txt', Body: 'hello world' }))
    const out = await attributes()
    // Without quotes, unlike every other ETag S3 returns (GetObjectAttributes API reference).
    expect(out.ETag).toBe(md5('hello world'))
    expect(out.Checksum).toEqual({ ChecksumCRC32: 'DUoRhQ==', ChecksumType: 'FULL_OBJECT' })
    expect(out.StorageClass).toBe('STANDARD')
    expect(out.ObjectSize).toBe(11)
    // A single PUT has no parts.
    expect(out.ObjectParts).toBeUndefined()
    expect(out.LastModified).toBeInstanceOf(Date)
    expect(out.VersionId).toBeUndefined()
  })

  it('answers only what was asked for', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'attrs',
        Key: 'a.txt',
        Body: 'x',
        StorageClass: 'STANDARD_IA',
      }),
    )
    const out = await attributes({ ObjectAttributes: ['StorageClass', 'ObjectSize'] })
    expect(out.StorageClass).toBe('STANDARD_IA')
    expect(out.ObjectSize).toBe(1)
    expect(out.ETag).toBeUndefined()
    expect(out.Checksum).toBeUndefined()
  })

  it('does not call KMS for an SSE-KMS object (no body is read)', async () => {
    const { KeyMetadata } = await kmsClient().send(new CreateKeyCommand({}))
    await s3.send(
      new PutObjectCommand({
        Bucket: 'attrs',
        Key: 'a.txt',
        Body: 'secret',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KeyMetadata!.Arn,
      }),
    )
    const out = await attributes()
    expect(out.ETag).toMatch(/^[0-9a-f]{32}$/)
    expect(out.ETag).not.toBe(md5('secret'))
    expect(aws.audit.events({ eventName: 'Decrypt' })).toHaveLength(0)
    const event = aws.audit.events({ eventName: 'GetObjectAttributes' })
    expect(event).toHaveLength(1)
    expect(event[0]!.readOnly).toBe(true)
  })

  it('reads a named version and reports its id', async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'attrs',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'attrs', Key: 'a.txt', Body: 'one' }))
    await s3.send(new PutObjectCommand({ Bucket: 'attrs', Key: 'a.txt', Body: 'three' }))
    const old = await attributes({ VersionId: v1.VersionId })
    expect(old.VersionId).toBe(v1.VersionId)
    expect(old.ObjectSize).toBe(3)
    const latest = await attributes()
    expect(latest.ObjectSize).toBe(5)
    expect(latest.VersionId).not.toBe(v1.VersionId)
  })

  it('answers NoSuchKey for a missing or deleted object', async () => {
    const missing = await expectUnchanged(aws, () => errorOf(attributes()))
    expect(missing.name).toBe('NoSuchKey')
    expect(missing.message).toBe('The specified key does not exist.')
    expect(missing.$metadata.httpStatusCode).toBe(404)
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'attrs',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    await s3.send(new PutObjectCommand({ Bucket: 'attrs', Key: 'a.txt', Body: 'x' }))
    await s3.send(new DeleteObjectCommand({ Bucket: 'attrs', Key: 'a.txt' }))
    const deleted = await errorOf(attributes())
    expect(deleted.name).toBe('NoSuchKey')
  })

  it('answers NoSuchVersion and NoSuchBucket', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'attrs', Key: 'a.txt', Body: 'x' }))
    const version = await errorOf(attributes({ VersionId: 'B'.repeat(32) }))
    expect(version.name).toBe('NoSuchVersion')
    expect(version.$metadata.httpStatusCode).toBe(404)
    const bucket = await errorOf(attributes({ Bucket: 'nobucket' }))
    expect(bucket.name).toBe('NoSuchBucket')
  })

  it('refuses an unknown attribute name', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'attrs', Key: 'a.txt', Body: 'x' }))
    const err = await errorOf(attributes({ ObjectAttributes: ['ETag', 'Owner' as never] }))
    expect(err.name).toBe('InvalidArgument')
    expect(err.message).toBe('Invalid attribute name specified.')
    expect(err.$metadata.httpStatusCode).toBe(400)
  })
})
