import { CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  CopyObjectCommand,
  type CopyObjectCommandInput,
  CreateBucketCommand,
  DeleteObjectAnnotationCommand,
  DeleteObjectCommand,
  GetObjectAnnotationCommand,
  ListObjectAnnotationsCommand,
  type ListObjectAnnotationsCommandInput,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectAnnotationCommand,
  type PutObjectAnnotationCommandInput,
  PutObjectCommand,
  S3Client,
  UpdateObjectEncryptionCommand,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { internalsOf } from '../../../src/world/subjects.js'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { customerKey, expectS3Error, sseC, unblockSseC } from '../../support/sse-c.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'annotated'
const Key = 'report.pdf'

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

const putObject = async (Body = 'the object', extra: Record<string, unknown> = {}) =>
  s3.send(new PutObjectCommand({ Bucket, Key, Body, ...extra }))
const annotate = (
  AnnotationName: string,
  AnnotationPayload: PutObjectAnnotationCommandInput['AnnotationPayload'],
  extra: Partial<PutObjectAnnotationCommandInput> = {},
) =>
  s3.send(
    new PutObjectAnnotationCommand({ Bucket, Key, AnnotationName, AnnotationPayload, ...extra }),
  )
const read = async (AnnotationName: string, VersionId?: string) =>
  (
    await bodyBytes(
      (
        await s3.send(
          new GetObjectAnnotationCommand({
            Bucket,
            Key,
            AnnotationName,
            ...(VersionId ? { VersionId } : {}),
          }),
        )
      ).AnnotationPayload,
    )
  ).toString()
const names = async (extra: Partial<ListObjectAnnotationsCommandInput> = {}) =>
  (await s3.send(new ListObjectAnnotationsCommand({ Bucket, Key, ...extra }))).Annotations?.map(
    (a) => a.AnnotationName,
  ) ?? []

/** Expects an S3 error (code, status, message) and the world unchanged. */
async function refused(
  call: () => Promise<unknown>,
  code: string,
  status: number,
  message: string,
) {
  const err = await expectUnchanged(aws, () => errorOf(call()))
  expectS3Error(err, code, status, message)
  return err
}

/** The bytes at rest of one annotation: what `raw()` shows for objects. */
function annotationAtRest(name: string): Buffer {
  const version = internalsOf(aws).states().s3.buckets.get(Bucket)?.objects.get(Key)?.[0]
  if (version?.kind !== 'object') throw new Error('no object')
  const annotation = version.annotations?.get(name)
  if (annotation === undefined) throw new Error(`no annotation ${name}`)
  return Buffer.from(annotation.blob.rawBytes())
}

describe('object annotations', () => {
  it('puts, gets, lists and deletes an annotation, with ETag, checksum and SSE-S3', async () => {
    const object = await putObject()
    const payload = '{"sentiment":"positive"}'
    const put = await annotate('ml.sentiment', payload)
    expect(put.$metadata.httpStatusCode).toBe(200)
    expect(put).toMatchObject({
      Key,
      AnnotationName: 'ml.sentiment',
      ETag: `"${createHash('md5').update(payload).digest('hex')}"`,
      ServerSideEncryption: 'AES256',
      ChecksumType: 'FULL_OBJECT',
    })
    // The SDK's default checksum (CRC32) is verified and kept.
    expect(put.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/)
    expect(put.ObjectVersionId).toBeUndefined()

    const get = await s3.send(
      new GetObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'ml.sentiment' }),
    )
    expect(get).toMatchObject({
      ETag: put.ETag,
      ContentLength: payload.length,
      ServerSideEncryption: 'AES256',
    })
    expect(get.LastModified).toBeInstanceOf(Date)
    // The SDK asks for checksums (x-amz-checksum-mode: ENABLED) and validates the payload.
    expect(get.ChecksumCRC32).toBe(put.ChecksumCRC32)
    expect((await bodyBytes(get.AnnotationPayload)).toString()).toBe(payload)
    const list = await s3.send(new ListObjectAnnotationsCommand({ Bucket, Key }))
    expect(list).toMatchObject({
      Bucket,
      Key,
      AnnotationCount: 1,
      MaxAnnotationResults: 1000,
      Annotations: [
        {
          AnnotationName: 'ml.sentiment',
          Size: payload.length,
          ETag: put.ETag,
          ChecksumAlgorithm: ['CRC32'],
        },
      ],
    })
    expect(list.NextContinuationToken).toBeUndefined()

    // Annotating does not change the object (its ETag stays).
    expect(
      (await s3.send(new PutObjectCommand({ Bucket, Key: 'other', Body: 'x' }))).ETag,
    ).toBeDefined()
    expect(object.ETag).toBe(`"${createHash('md5').update('the object').digest('hex')}"`)

    const deleted = await s3.send(
      new DeleteObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'ml.sentiment' }),
    )
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    expect(await names()).toEqual([])
    // Deleting a name the object lacks is also 204.
    const again = await s3.send(
      new DeleteObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'ml.sentiment' }),
    )
    expect(again.$metadata.httpStatusCode).toBe(204)
  })

  it('replaces the payload of an existing name', async () => {
    await putObject()
    await annotate('state', 'one')
    await annotate('state', 'two, longer')
    expect(await read('state')).toBe('two, longer')
    expect(await names()).toEqual(['state'])
  })

  it('stores the payload encrypted: the bytes at rest never contain it', async () => {
    await putObject()
    await annotate('notes', 'confidential annotation text')
    expect(annotationAtRest('notes').includes(Buffer.from('confidential annotation text'))).toBe(
      false,
    )
  })

  it('accepts unicode names and UTF-8 payloads; a chosen checksum algorithm is kept', async () => {
    await putObject()
    const put = await annotate('résumé_été-1.0', 'données annotées ✓', {
      ChecksumAlgorithm: 'SHA256',
    })
    expect(put.ChecksumSHA256).toBe(
      createHash('sha256').update('données annotées ✓').digest('base64'),
    )
    expect(await read('résumé_été-1.0')).toBe('données annotées ✓')
    const [entry] =
      (await s3.send(new ListObjectAnnotationsCommand({ Bucket, Key }))).Annotations ?? []
    expect(entry?.ChecksumAlgorithm).toEqual(['SHA256'])
  })
})

describe('PutObjectAnnotation validation', () => {
  beforeEach(async () => {
    await putObject()
  })

  it.each([
    ['a reserved aws prefix', 'aws.labels'],
    ['a reserved S3 prefix, any case', 'S3-state'],
    ['a space', 'two words'],
    ['a slash', 'a/b'],
    ['a colon', 'ns:name'],
    ['an empty name', ''],
  ])('refuses %s: InvalidAnnotationName', async (_, name) => {
    await refused(
      () => annotate(name, 'x'),
      'InvalidAnnotationName',
      400,
      'The annotation name you provided is invalid.',
    )
  })

  it('refuses a name over 512 bytes (AnnotationNameTooLong); 512 bytes is accepted', async () => {
    await refused(
      () => annotate('é'.repeat(256) + 'x', 'x'),
      'AnnotationNameTooLong',
      400,
      'The annotation name exceeds 512 bytes.',
    )
    await annotate('é'.repeat(256), 'x')
  })

  it('refuses an empty payload and one over 1 MiB; exactly 1 MiB is accepted', async () => {
    const message = 'The annotation payload must be between 1 byte and 1 MiB in size.'
    await refused(() => annotate('empty', ''), 'InvalidRequest', 400, message)
    await refused(
      () => annotate('big', 'a'.repeat(1024 * 1024 + 1)),
      'InvalidRequest',
      400,
      message,
    )
    await annotate('big', 'a'.repeat(1024 * 1024))
  })

  it('refuses a payload that is not UTF-8 with 415 UnsupportedMediaType', async () => {
    await refused(
      () => annotate('binary', new Uint8Array([0x66, 0xff, 0xfe])),
      'UnsupportedMediaType',
      415,
      'The annotation payload is not valid UTF-8 encoded text.',
    )
  })

  it('refuses a checksum that does not match the payload', async () => {
    const err = await expectUnchanged(aws, () =>
      errorOf(
        annotate('sum', 'payload', {
          ChecksumSHA256: createHash('sha256').update('other').digest('base64'),
        }),
      ),
    )
    expect(err.name).toBe('BadDigest')
    expect(err.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses the 1,001st annotation of a version (AnnotationLimitExceeded)', async () => {
    // 999 annotations seeded in the version (1,000 SDK round trips would take most of a minute),
    // then the 1,000th through the SDK.
    await annotate('seed', 'x')
    const entries = internalsOf(aws).states().s3.buckets.get(Bucket)!.objects.get(Key)!
    const version = entries[0]!
    if (version.kind !== 'object') throw new Error('no object')
    const seed = version.annotations!.get('seed')!
    const annotations = new Map(
      Array.from({ length: 999 }, (_, i) => [`n${i}`, { ...seed, name: `n${i}` }] as const),
    )
    entries[0] = { ...version, annotations }
    await annotate('n999', 'x')
    await refused(
      () => annotate('one-more', 'x'),
      'AnnotationLimitExceeded',
      400,
      'The request would exceed the maximum number of annotations allowed per object.',
    )
    // Replacing an existing one is not a new annotation.
    await annotate('n0', 'y')
    expect(await read('n0')).toBe('y')
    expect((await s3.send(new ListObjectAnnotationsCommand({ Bucket, Key }))).AnnotationCount).toBe(
      1000,
    )
  })

  it('keeps every one of concurrent puts on the same object', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `c${String(i).padStart(2, '0')}`)
    await Promise.all(many.map((name) => annotate(name, name)))
    expect(await names()).toEqual(many)
  })

  it('answers NoSuchBucket and NoSuchKey', async () => {
    await refused(
      () =>
        s3.send(
          new PutObjectAnnotationCommand({
            Bucket: 'nope',
            Key,
            AnnotationName: 'a',
            AnnotationPayload: 'x',
          }),
        ),
      'NoSuchBucket',
      404,
      'The specified bucket does not exist',
    )
    await refused(
      () =>
        s3.send(
          new PutObjectAnnotationCommand({
            Bucket,
            Key: 'missing',
            AnnotationName: 'a',
            AnnotationPayload: 'x',
          }),
        ),
      'NoSuchKey',
      404,
      'The specified key does not exist.',
    )
  })

  it('honours x-amz-object-if-match: 412 PreconditionFailed on another ETag', async () => {
    const { ETag } = await putObject('new body')
    await refused(
      () => annotate('cond', 'x', { ObjectIfMatch: '"0123456789abcdef0123456789abcdef"' }),
      'PreconditionFailed',
      412,
      'At least one of the pre-conditions you specified did not hold',
    )
    await annotate('cond', 'x', { ObjectIfMatch: ETag! })
    expect(await read('cond')).toBe('x')
  })
})

describe('reading and listing', () => {
  beforeEach(async () => {
    await putObject()
  })

  it('answers NoSuchAnnotation for a name the object lacks, NoSuchKey for a missing object', async () => {
    await refused(
      () => s3.send(new GetObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'absent' })),
      'NoSuchAnnotation',
      404,
      'The specified annotation does not exist on this object.',
    )
    await refused(
      () =>
        s3.send(new GetObjectAnnotationCommand({ Bucket, Key: 'missing', AnnotationName: 'a' })),
      'NoSuchKey',
      404,
      'The specified key does not exist.',
    )
    await refused(
      () => s3.send(new ListObjectAnnotationsCommand({ Bucket, Key: 'missing' })),
      'NoSuchKey',
      404,
      'The specified key does not exist.',
    )
    await refused(
      () =>
        s3.send(new DeleteObjectAnnotationCommand({ Bucket, Key: 'missing', AnnotationName: 'a' })),
      'NoSuchKey',
      404,
      'The specified key does not exist.',
    )
  })

  it('lists in name order, filtered by prefix, page by page with continuation tokens', async () => {
    for (const name of ['ml.b', 'etl.status', 'ml.a', 'ml.c', 'label']) await annotate(name, name)
    expect(await names()).toEqual(['etl.status', 'label', 'ml.a', 'ml.b', 'ml.c'])
    expect(await names({ AnnotationPrefix: 'ml.' })).toEqual(['ml.a', 'ml.b', 'ml.c'])

    const first = await s3.send(
      new ListObjectAnnotationsCommand({
        Bucket,
        Key,
        AnnotationPrefix: 'ml.',
        MaxAnnotationResults: 2,
      }),
    )
    expect(first.Annotations?.map((a) => a.AnnotationName)).toEqual(['ml.a', 'ml.b'])
    expect(first).toMatchObject({
      AnnotationCount: 2,
      MaxAnnotationResults: 2,
      AnnotationPrefix: 'ml.',
    })
    expect(first.NextContinuationToken).toBeDefined()
    const second = await s3.send(
      new ListObjectAnnotationsCommand({
        Bucket,
        Key,
        AnnotationPrefix: 'ml.',
        MaxAnnotationResults: 2,
        ContinuationToken: first.NextContinuationToken,
      }),
    )
    expect(second.Annotations?.map((a) => a.AnnotationName)).toEqual(['ml.c'])
    expect(second.ContinuationToken).toBe(first.NextContinuationToken)
    expect(second.NextContinuationToken).toBeUndefined()
  })

  it('refuses a bad page size, token or prefix', async () => {
    const err = await refused(
      () => s3.send(new ListObjectAnnotationsCommand({ Bucket, Key, MaxAnnotationResults: 1001 })),
      'InvalidArgument',
      400,
      'Argument max-annotation-results must be an integer between 1 and 1000',
    )
    expect((err as never as { ArgumentName: string }).ArgumentName).toBe('max-annotation-results')
    await refused(
      () =>
        s3.send(
          new ListObjectAnnotationsCommand({ Bucket, Key, ContinuationToken: 'bm90IG91cnM=' }),
        ),
      'InvalidArgument',
      400,
      'The continuation token provided is incorrect',
    )
    await refused(
      () => s3.send(new ListObjectAnnotationsCommand({ Bucket, Key, AnnotationPrefix: 'a/b' })),
      'InvalidPrefix',
      400,
      'The annotation prefix you provided is invalid.',
    )
  })

  it('DeleteObjectAnnotation honours x-amz-object-if-match', async () => {
    await annotate('keep', 'x')
    await refused(
      () =>
        s3.send(
          new DeleteObjectAnnotationCommand({
            Bucket,
            Key,
            AnnotationName: 'keep',
            ObjectIfMatch: '"ffffffffffffffffffffffffffffffff"',
          }),
        ),
      'PreconditionFailed',
      412,
      'At least one of the pre-conditions you specified did not hold',
    )
    expect(await names()).toEqual(['keep'])
  })
})

describe('annotations and object versions', () => {
  it('overwriting or deleting an unversioned object removes its annotations', async () => {
    await putObject()
    await annotate('a', 'x')
    await putObject('overwritten')
    expect(await names()).toEqual([])
    await annotate('b', 'y')
    await s3.send(new DeleteObjectCommand({ Bucket, Key }))
    await putObject('again')
    expect(await names()).toEqual([])
  })

  it('keeps annotations per version; a delete marker hides them, deleting the version removes them', async () => {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    )
    const v1 = (await putObject('one')).VersionId!
    await annotate('first', 'on v1')
    const v2 = (await putObject('two')).VersionId!
    // A new version starts without annotations.
    expect(await names()).toEqual([])
    const put = await annotate('second', 'on v2')
    expect(put.ObjectVersionId).toBe(v2)
    await annotate('extra', 'on v1 too', { VersionId: v1 })
    expect(await names({ VersionId: v1 })).toEqual(['extra', 'first'])
    const listed = await s3.send(new ListObjectAnnotationsCommand({ Bucket, Key, VersionId: v1 }))
    expect(listed.ObjectVersionId).toBe(v1)
    expect(await read('first', v1)).toBe('on v1')

    const marker = await s3.send(new DeleteObjectCommand({ Bucket, Key }))
    await refused(
      () => s3.send(new ListObjectAnnotationsCommand({ Bucket, Key })),
      'NoSuchKey',
      404,
      'The specified key does not exist.',
    )
    const onMarker = await refused(
      () =>
        s3.send(
          new GetObjectAnnotationCommand({
            Bucket,
            Key,
            AnnotationName: 'x',
            VersionId: marker.VersionId!,
          }),
        ),
      'MethodNotAllowed',
      405,
      'The specified method is not allowed against this resource.',
    )
    expect(onMarker.name).toBe('MethodNotAllowed')
    // The version under the marker keeps its annotations.
    expect(await names({ VersionId: v2 })).toEqual(['second'])

    const deletedAnnotation = await s3.send(
      new DeleteObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'extra', VersionId: v1 }),
    )
    expect(deletedAnnotation.ObjectVersionId).toBe(v1)
    expect(await names({ VersionId: v1 })).toEqual(['first'])
    await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId: v1 }))
    await refused(
      () => s3.send(new ListObjectAnnotationsCommand({ Bucket, Key, VersionId: v1 })),
      'NoSuchVersion',
      404,
      'The specified version does not exist.',
    )
  })
})

describe('CopyObject and annotations', () => {
  const copyTo = (extra: Partial<CopyObjectCommandInput> = {}) =>
    s3.send(
      new CopyObjectCommand({ Bucket, Key: 'copy.pdf', CopySource: `${Bucket}/${Key}`, ...extra }),
    )
  const namesOfCopy = async () =>
    (await s3.send(new ListObjectAnnotationsCommand({ Bucket, Key: 'copy.pdf' }))).Annotations ?? []

  beforeEach(async () => {
    await putObject()
  })

  it('copies annotations by default, with their ETags and checksums', async () => {
    const put = await annotate('label', 'copied along', { ChecksumAlgorithm: 'SHA1' })
    await copyTo()
    const [entry] = await namesOfCopy()
    expect(entry).toMatchObject({
      AnnotationName: 'label',
      ETag: put.ETag,
      ChecksumAlgorithm: ['SHA1'],
    })
    const get = await s3.send(
      new GetObjectAnnotationCommand({ Bucket, Key: 'copy.pdf', AnnotationName: 'label' }),
    )
    expect(get.ChecksumSHA1).toBe(put.ChecksumSHA1)
    expect((await bodyBytes(get.AnnotationPayload)).toString()).toBe('copied along')
  })

  it('re-encrypts them under an SSE-KMS destination’s key and context', async () => {
    const kms = kmsClient()
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'copies' }))
    await annotate('label', 'now under kms')
    await copyTo({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KeyMetadata!.KeyId })
    const before = aws.audit.events({ eventName: 'Decrypt' }).length
    const get = await s3.send(
      new GetObjectAnnotationCommand({ Bucket, Key: 'copy.pdf', AnnotationName: 'label' }),
    )
    expect(get.ServerSideEncryption).toBe('aws:kms')
    expect((await bodyBytes(get.AnnotationPayload)).toString()).toBe('now under kms')
    const [decrypt] = aws.audit.events({ eventName: 'Decrypt' }).slice(before)
    expect(decrypt?.requestParameters?.encryptionContext).toEqual({
      'aws:s3:arn': `arn:aws:s3:::${Bucket}/copy.pdf`,
    })
  })

  it('leaves them out with AnnotationDirective EXCLUDE; refuses an unknown directive', async () => {
    await annotate('label', 'x')
    await copyTo({ AnnotationDirective: 'EXCLUDE' })
    expect(await namesOfCopy()).toEqual([])
    await refused(
      () => copyTo({ AnnotationDirective: 'MOVE' as never }),
      'InvalidArgument',
      400,
      'Unknown annotation directive.',
    )
  })
})

describe('annotations and encryption', () => {
  it('encrypts under an SSE-KMS parent’s key and context: KMS Decrypt on put and get', async () => {
    const kms = kmsClient()
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'annotations' }))
    await putObject('secret object', {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KeyMetadata!.KeyId,
    })
    const before = aws.audit.events({ eventName: 'Decrypt' }).length
    const put = await annotate('label', 'kms protected annotation')
    expect(put.ServerSideEncryption).toBe('aws:kms')
    expect(put.ETag).not.toBe(
      `"${createHash('md5').update('kms protected annotation').digest('hex')}"`,
    )
    expect(annotationAtRest('label').includes(Buffer.from('kms protected annotation'))).toBe(false)
    const get = await s3.send(
      new GetObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'label' }),
    )
    expect(get.ServerSideEncryption).toBe('aws:kms')
    expect((await bodyBytes(get.AnnotationPayload)).toString()).toBe('kms protected annotation')

    const decrypts = aws.audit.events({ eventName: 'Decrypt' }).slice(before)
    expect(decrypts).toHaveLength(2)
    for (const event of decrypts) {
      expect(event.requestParameters?.encryptionContext).toEqual({
        'aws:s3:arn': `arn:aws:s3:::${Bucket}/${Key}`,
      })
      expect(event.resources[0]?.ARN).toBe(KeyMetadata!.Arn)
    }
  })

  it('refuses annotations on an SSE-C object', async () => {
    await unblockSseC(s3, Bucket)
    await putObject('customer keyed', sseC(customerKey(7)))
    await refused(
      () => annotate('label', 'x'),
      'InvalidRequest',
      400,
      'Annotations are not supported on objects encrypted with SSE-C.',
    )
  })
})

describe('audit and permissions', () => {
  it('records each call in the audit log with CloudTrail’s readOnly', async () => {
    await putObject()
    await annotate('a', 'x')
    await read('a')
    await names()
    await s3.send(new DeleteObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'a' }))
    const events = aws.audit
      .events({ eventSource: 's3.amazonaws.com' })
      .filter((e) => e.eventName.includes('Annotation'))
    expect(events.map((e) => [e.eventName, e.readOnly])).toEqual([
      ['PutObjectAnnotation', false],
      ['GetObjectAnnotation', true],
      ['ListObjectAnnotations', true],
      ['DeleteObjectAnnotation', false],
    ])
    expect(events[0]!.requestParameters).toMatchObject({ bucketName: Bucket, key: Key })
  })

  it('a bucket policy denying s3:PutObjectAnnotation refuses it, and only it', async () => {
    await putObject()
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:PutObjectAnnotation',
              Resource: `arn:aws:s3:::${Bucket}/*`,
            },
          ],
        }),
      }),
    )
    await refused(
      () => annotate('a', 'x'),
      'AccessDenied',
      403,
      `User: arn:aws:iam::123456789012:root is not authorized to perform: s3:PutObjectAnnotation on resource: "arn:aws:s3:::${Bucket}/${Key}" with an explicit deny in a resource-based policy`,
    )
    expect(await names()).toEqual([])
  })

  it('UpdateObjectEncryption re-wraps the parent’s key; its annotations stay readable', async () => {
    const kms = kmsClient()
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'rekey' }))
    await putObject()
    await annotate('kept', 'still readable')
    await s3.send(
      new UpdateObjectEncryptionCommand({
        Bucket,
        Key,
        ObjectEncryption: { SSEKMS: { KMSKeyArn: KeyMetadata!.Arn! } },
      }),
    )
    const get = await s3.send(
      new GetObjectAnnotationCommand({ Bucket, Key, AnnotationName: 'kept' }),
    )
    expect(get.ServerSideEncryption).toBe('aws:kms')
    expect((await bodyBytes(get.AnnotationPayload)).toString()).toBe('still readable')
  })
})

describe('annotations and Object Lock', () => {
  const locked = 'locked-annotations'
  const governed = new Date(Date.now() + 86_400_000)

  /** A client that adds `x-amz-bypass-governance-retention: true` (DeleteObjectAnnotation has no member for it). */
  function bypassing(): S3Client {
    const client = s3Client()
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> }
        request.headers['x-amz-bypass-governance-retention'] = 'true'
        return next(args)
      },
      { step: 'build', name: 'bypassGovernance', priority: 'low' },
    )
    return client
  }

  it('needs the governance bypass to delete an annotation of a locked version', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: locked, ObjectLockEnabledForBucket: true }))
    const { VersionId } = await s3.send(
      new PutObjectCommand({
        Bucket: locked,
        Key,
        Body: 'x',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: governed,
      }),
    )
    await s3.send(
      new PutObjectAnnotationCommand({
        Bucket: locked,
        Key,
        AnnotationName: 'hold',
        AnnotationPayload: 'x',
      }),
    )
    const del = () =>
      new DeleteObjectAnnotationCommand({ Bucket: locked, Key, AnnotationName: 'hold' })
    const err = await expectUnchanged(aws, () => errorOf(s3.send(del())))
    expect({ name: err.name, status: err.$metadata.httpStatusCode }).toEqual({
      name: 'AccessDenied',
      status: 403,
    })
    const done = await bypassing().send(del())
    expect(done.ObjectVersionId).toBe(VersionId)
    const list = await s3.send(new ListObjectAnnotationsCommand({ Bucket: locked, Key }))
    expect(list.Annotations ?? []).toEqual([])
  })
})
