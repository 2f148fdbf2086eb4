import {
  GetBucketTaggingCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3'
import { defineScenario, type Scenario } from '../define.js'

/** Object and bucket tagging (issue #16 item 1): the header, the subresource and S3's limits. */

const objectTags = defineScenario({
  name: 'tagging-object',
  description:
    'x-amz-tagging on PutObject sets the tags, GetObjectTagging returns them, HEAD counts them, and PutObjectTagging replaces them.',
  requires: ['create-bucket'],
  async run(t) {
    const Key = t.key('tagged.txt')
    await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key, Body: 'x', Tagging: 'team=storage&stage=' }),
    )
    const first = await t.s3.send(new GetObjectTaggingCommand({ Bucket: t.bucket, Key }))
    t.check('tags from the header', first.TagSet, [
      { Key: 'team', Value: 'storage' },
      { Key: 'stage', Value: '' },
    ])
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key }))
    t.check('x-amz-tagging-count', head.TagCount, 2)
    await t.s3.send(
      new PutObjectTaggingCommand({
        Bucket: t.bucket,
        Key,
        Tagging: { TagSet: [{ Key: 'only', Value: 'one' }] },
      }),
    )
    const second = await t.s3.send(new GetObjectTaggingCommand({ Bucket: t.bucket, Key }))
    t.check('tags replaced', second.TagSet, [{ Key: 'only', Value: 'one' }])
  },
})

const tagLimits = defineScenario({
  name: 'tagging-limits',
  description:
    'More than 10 object tags is 400 BadRequest; a key with characters outside the tag set is InvalidTag; an untagged bucket is NoSuchTagSet.',
  requires: ['create-bucket'],
  async run(t) {
    const Key = t.key('limits.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: 'x' }))
    const TagSet = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    await t.expectError(
      'eleven tags',
      t.s3.send(new PutObjectTaggingCommand({ Bucket: t.bucket, Key, Tagging: { TagSet } })),
      { status: 400, code: 'BadRequest', message: 'Object tags cannot be greater than 10' },
    )
    await t.expectError(
      'a key with braces',
      t.s3.send(
        new PutObjectTaggingCommand({
          Bucket: t.bucket,
          Key,
          Tagging: { TagSet: [{ Key: 'a{b}', Value: 'v' }] },
        }),
      ),
      { status: 400, code: 'InvalidTag', message: 'The TagKey you have provided is invalid' },
    )
    await t.expectError(
      'an untagged bucket',
      t.s3.send(new GetBucketTaggingCommand({ Bucket: t.bucket })),
      { status: 404, code: 'NoSuchTagSet', message: 'The TagSet does not exist' },
    )
    await t.s3.send(
      new PutBucketTaggingCommand({
        Bucket: t.bucket,
        Tagging: { TagSet: [{ Key: 'cost-centre', Value: '42' }] },
      }),
    )
    const got = await t.s3.send(new GetBucketTaggingCommand({ Bucket: t.bucket }))
    t.check('bucket tags', got.TagSet, [{ Key: 'cost-centre', Value: '42' }])
  },
})

export const taggingScenarios: readonly Scenario[] = [objectTags, tagLimits]
