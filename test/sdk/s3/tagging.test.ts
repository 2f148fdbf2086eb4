import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'tagged'
const Key = 'doc.txt'

const tagSet = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }))
const getTags = async (VersionId?: string) =>
  (await s3.send(new GetObjectTaggingCommand({ Bucket, Key, ...(VersionId ? { VersionId } : {}) })))
    .TagSet

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

describe('object tagging', () => {
  it('puts, gets and deletes the tag set; HEAD and GET answer x-amz-tagging-count', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }))
    expect(await getTags()).toEqual([])
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key }))).TagCount).toBeUndefined()

    const put = await s3.send(
      new PutObjectTaggingCommand({ Bucket, Key, Tagging: { TagSet: tagSet(2) } }),
    )
    expect(put.$metadata.httpStatusCode).toBe(200)
    expect(put.VersionId).toBeUndefined()
    expect(await getTags()).toEqual(tagSet(2))
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key }))).TagCount).toBe(2)
    expect((await s3.send(new GetObjectCommand({ Bucket, Key }))).TagCount).toBe(2)

    const deleted = await s3.send(new DeleteObjectTaggingCommand({ Bucket, Key }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    expect(await getTags()).toEqual([])
  })

  it('PutObject with x-amz-tagging sets tags; an overwrite without it clears them', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x', Tagging: 'team=a%20b&env=' }))
    expect(await getTags()).toEqual([
      { Key: 'team', Value: 'a b' },
      { Key: 'env', Value: '' },
    ])
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'y' }))
    expect(await getTags()).toEqual([])
  })

  it('tags each version on its own in a versioned bucket', async () => {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    )
    const v1 = (await s3.send(new PutObjectCommand({ Bucket, Key, Body: '1', Tagging: 'v=1' })))
      .VersionId
    const v2 = (await s3.send(new PutObjectCommand({ Bucket, Key, Body: '2' }))).VersionId
    const put = await s3.send(
      new PutObjectTaggingCommand({ Bucket, Key, VersionId: v1, Tagging: { TagSet: tagSet(1) } }),
    )
    expect(put.VersionId).toBe(v1)
    expect(await getTags(v1)).toEqual(tagSet(1))
    expect(await getTags(v2)).toEqual([])
    const latest = await s3.send(new GetObjectTaggingCommand({ Bucket, Key }))
    expect(latest.VersionId).toBe(v2)

    const marker = await s3.send(new DeleteObjectCommand({ Bucket, Key }))
    const onMarker = await errorOf(getTags())
    expect(onMarker.name).toBe('NoSuchKey')
    const byMarker = await errorOf(getTags(marker.VersionId))
    expect(byMarker.name).toBe('MethodNotAllowed')
    expect(byMarker.$metadata.httpStatusCode).toBe(405)
  })

  it('refuses 11 tags, bad characters, long keys and duplicates, changing nothing', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x', Tagging: 'keep=me' }))
    const cases: [{ Key: string; Value: string }[], string, string][] = [
      [tagSet(11), 'BadRequest', 'Object tags cannot be greater than 10'],
      [[{ Key: 'a{b}', Value: '' }], 'InvalidTag', 'The TagKey you have provided is invalid'],
      [
        [{ Key: 'k'.repeat(129), Value: '' }],
        'InvalidTag',
        'The TagKey you have provided is invalid',
      ],
      [
        [{ Key: 'k', Value: 'v'.repeat(257) }],
        'InvalidTag',
        'The TagValue you have provided is invalid',
      ],
      [
        [
          { Key: 'a', Value: '1' },
          { Key: 'a', Value: '2' },
        ],
        'InvalidTag',
        'Cannot provide multiple Tags with the same key',
      ],
    ]
    for (const [TagSet, name, message] of cases) {
      const error = await expectUnchanged(aws, () =>
        errorOf(s3.send(new PutObjectTaggingCommand({ Bucket, Key, Tagging: { TagSet } }))),
      )
      expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
        name,
        message,
        400,
      ])
    }
    expect(await getTags()).toEqual([{ Key: 'keep', Value: 'me' }])
  })

  it('refuses a bad x-amz-tagging on PutObject and stores nothing', async () => {
    const tooMany = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutObjectCommand({
            Bucket,
            Key,
            Body: 'x',
            Tagging: tagSet(11)
              .map((t) => `${t.Key}=${t.Value}`)
              .join('&'),
          }),
        ),
      ),
    )
    expect([tooMany.name, tooMany.message]).toEqual([
      'BadRequest',
      'Object tags cannot be greater than 10',
    ])
    const dup = await errorOf(
      s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x', Tagging: 'a=1&a=2' })),
    )
    expect(dup.name).toBe('InvalidArgument')
  })

  it('answers NoSuchKey for a missing object and NoSuchBucket for a missing bucket', async () => {
    expect((await errorOf(getTags())).name).toBe('NoSuchKey')
    const error = await errorOf(
      s3.send(new GetObjectTaggingCommand({ Bucket: 'nope-bucket', Key })),
    )
    expect(error.name).toBe('NoSuchBucket')
  })

  it('CopyObject copies the source tags by default and takes x-amz-tagging with REPLACE', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x', Tagging: 'src=1' }))
    const CopySource = `${Bucket}/${Key}`
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'copy', CopySource, Tagging: 'ignored=1' }))
    const copied = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'copy' }))
    expect(copied.TagSet).toEqual([{ Key: 'src', Value: '1' }])
    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'replaced',
        CopySource,
        TaggingDirective: 'REPLACE',
        Tagging: 'new=2',
      }),
    )
    const replaced = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'replaced' }))
    expect(replaced.TagSet).toEqual([{ Key: 'new', Value: '2' }])
  })

  it('CreateMultipartUpload tags the completed object', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key, Tagging: 'mp=yes' }),
    )
    const part = await s3.send(
      new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'data' }),
    )
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag ?? '' }] },
      }),
    )
    expect(await getTags()).toEqual([{ Key: 'mp', Value: 'yes' }])
  })
})

describe('bucket tagging', () => {
  it('puts (204), gets, replaces and deletes; NoSuchTagSet without tags', async () => {
    const missing = await errorOf(s3.send(new GetBucketTaggingCommand({ Bucket })))
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual([
      'NoSuchTagSet',
      'The TagSet does not exist',
      404,
    ])
    const put = await s3.send(
      new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tagSet(50) } }),
    )
    expect(put.$metadata.httpStatusCode).toBe(204)
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(tagSet(50))
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tagSet(1) } }))
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(tagSet(1))
    const deleted = await s3.send(new DeleteBucketTaggingCommand({ Bucket }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    expect((await errorOf(s3.send(new GetBucketTaggingCommand({ Bucket })))).name).toBe(
      'NoSuchTagSet',
    )
  })

  it('refuses 51 tags and aws: keys, changing nothing', async () => {
    for (const TagSet of [tagSet(51), [{ Key: 'aws:cloudformation:stack', Value: 'x' }]]) {
      const error = await expectUnchanged(aws, () =>
        errorOf(s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }))),
      )
      expect(error.$metadata.httpStatusCode).toBe(400)
    }
  })
})
