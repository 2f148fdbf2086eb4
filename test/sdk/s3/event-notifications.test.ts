import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  ListObjectsV2Command,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  RestoreObjectCommand,
  UploadPartCommand,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { createHash, randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock, type S3EventDelivery, type S3EventRecord } from '../../../src/index.js'
import { errorOf, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const clock = new ManualClock('2026-05-10T09:30:00.000Z')
// SSE-C writes allowed, to show their keys never reach a record.
const aws = useMockAws({ clock, blockSseCOnNewBuckets: false })
const s3 = s3Client()
const Bucket = 'events'
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:uploads'
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:removals'
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:thumbnails'
const days = (n: number) => n * 86_400_000

let deliveries: S3EventDelivery[]
let off: () => void

beforeEach(async () => {
  clock.set('2026-05-10T09:30:00.000Z')
  await s3.send(new CreateBucketCommand({ Bucket }))
  deliveries = []
  off = aws.s3.onEvent((delivery) => deliveries.push(delivery))
})
afterEach(() => {
  off()
})

const notify = (NotificationConfiguration: NotificationConfiguration) =>
  s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration }))
const queueAll = () =>
  notify({
    QueueConfigurations: [
      {
        Id: 'all',
        QueueArn: QUEUE,
        Events: [
          's3:ObjectCreated:*',
          's3:ObjectRemoved:*',
          's3:LifecycleExpiration:*',
          's3:ObjectRestore:*',
          's3:ObjectTagging:*',
          's3:ObjectAcl:Put',
        ],
      },
    ],
  })
const put = (Key: string, Body = 'hello') => s3.send(new PutObjectCommand({ Bucket, Key, Body }))
const versioned = () =>
  s3.send(
    new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  )

/** The single record of each delivery, in order. */
const records = (): S3EventRecord[] =>
  deliveries.flatMap((d) => (d.destination === 'eventbridge' ? [] : d.message.Records))
const names = () => records().map((r) => r.eventName)

describe('aws.s3.onEvent: records in S3 event message shape', () => {
  it('delivers ObjectCreated:Put with the record S3 sends, to the configured queue', async () => {
    await queueAll()
    const written = await put('photos/red flower:1.jpg')
    expect(deliveries).toHaveLength(1)
    const [delivery] = deliveries
    expect([delivery?.destination, delivery?.arn]).toEqual(['queue', QUEUE])
    expect(records()).toEqual([
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2026-05-10T09:30:00.000Z',
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: expect.stringMatching(/^A[A-Z2-7]{13}$/) as string },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': written.$metadata.requestId,
          'x-amz-id-2': written.$metadata.extendedRequestId,
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'all',
          bucket: {
            name: Bucket,
            ownerIdentity: { principalId: expect.stringMatching(/^A[A-Z2-7]{13}$/) as string },
            arn: 'arn:aws:s3:::events',
          },
          object: {
            // URL-encoded as S3 encodes keys in records: space as '+', '/' kept.
            key: 'photos/red+flower%3A1.jpg',
            size: 5,
            eTag: written.ETag?.replace(/"/g, ''),
            sequencer: expect.stringMatching(/^[0-9A-F]{18}$/) as string,
          },
        },
      },
    ])
  })

  it('announces each kind of change with its event name', async () => {
    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      }),
    )
    await queueAll()
    await put('a')
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'b', CopySource: `${Bucket}/a` }))
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'c' }))
    const part = await s3.send(
      new UploadPartCommand({
        Bucket,
        Key: 'c',
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: 'part',
      }),
    )
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'c',
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    )
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket,
        Key: 'a',
        Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] },
      }),
    )
    await s3.send(new DeleteObjectTaggingCommand({ Bucket, Key: 'a' }))
    await s3.send(new PutObjectAclCommand({ Bucket, Key: 'a', ACL: 'private' }))
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'a' }))
    await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'b' }, { Key: 'c' }] } }),
    )
    expect(names()).toEqual([
      'ObjectCreated:Put',
      'ObjectCreated:Copy',
      'ObjectCreated:CompleteMultipartUpload',
      'ObjectTagging:Put',
      'ObjectTagging:Delete',
      'ObjectAcl:Put',
      'ObjectRemoved:Delete',
      'ObjectRemoved:Delete',
      'ObjectRemoved:Delete',
    ])
    const rs = records()
    // Tagging and ACL records are version 2.3; removals carry no size or ETag.
    expect(rs.map((r) => r.eventVersion)).toEqual([
      '2.1',
      '2.1',
      '2.1',
      '2.3',
      '2.3',
      '2.3',
      '2.1',
      '2.1',
      '2.1',
    ])
    expect(rs[6]?.s3.object).toEqual({ key: 'a', sequencer: expect.any(String) as string })
    // Sequencers increase with each PUT and DELETE.
    const sequencers = rs.flatMap((r) => r.s3.object.sequencer ?? [])
    expect(sequencers).toHaveLength(6)
    expect([...sequencers].sort()).toEqual(sequencers)
    expect(new Set(sequencers).size).toBe(6)
  })

  it('announces a POST upload as ObjectCreated:Post', async () => {
    clock.set(Date.now())
    await queueAll()
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- s3-presigned-post bundles its own copy of client-s3; only the config it reads matters
    const { url, fields } = await createPresignedPost(s3, { Bucket, Key: 'form.txt' })
    const form = new FormData()
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    form.append('file', new Blob(['posted']), 'form.txt')
    const response = await fetch(url, { method: 'POST', body: form })
    expect(response.status).toBe(204)
    expect(records().map((r) => [r.eventName, r.s3.object.key, r.s3.object.size])).toEqual([
      ['ObjectCreated:Post', 'form.txt', 6],
    ])
  })

  it('announces a restore when it starts and when the clock completes it', async () => {
    await queueAll()
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'cold', Body: 'frozen', StorageClass: 'GLACIER' }),
    )
    await s3.send(
      new RestoreObjectCommand({
        Bucket,
        Key: 'cold',
        RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Expedited' } },
      }),
    )
    clock.advance(days(1))
    await s3.send(new ListObjectsV2Command({ Bucket }))
    await s3.send(new ListObjectsV2Command({ Bucket }))
    expect(names()).toEqual(['ObjectCreated:Put', 'ObjectRestore:Post', 'ObjectRestore:Completed'])
    const completed = records()[2]
    expect(completed?.userIdentity.principalId).toBe('s3.amazonaws.com')
    expect(completed?.glacierEventData).toEqual({
      restoreEventData: {
        lifecycleRestorationExpiryTime: '2026-05-13T00:00:00.000Z',
        lifecycleRestoreStorageClass: 'GLACIER',
      },
    })
  })
})

describe('which events a configuration selects', () => {
  it('filters by event type, wildcard, prefix and suffix', async () => {
    await notify({
      QueueConfigurations: [
        {
          Id: 'images',
          QueueArn: QUEUE,
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: [
                { Name: 'prefix', Value: 'uploads/' },
                { Name: 'suffix', Value: '.jpg' },
              ],
            },
          },
        },
      ],
      TopicConfigurations: [
        { Id: 'removals', TopicArn: TOPIC, Events: ['s3:ObjectRemoved:Delete'] },
      ],
    })
    await put('uploads/cat.jpg')
    await put('uploads/cat.png')
    await put('other/cat.jpg')
    await put('UPLOADS/cat.jpg')
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'other/cat.jpg' }))
    expect(
      deliveries.map((d) =>
        d.destination === 'eventbridge'
          ? []
          : [
              d.destination,
              d.arn,
              d.message.Records[0]?.eventName,
              d.message.Records[0]?.s3.object.key,
            ],
      ),
    ).toEqual([
      ['queue', QUEUE, 'ObjectCreated:Put', 'uploads/cat.jpg'],
      ['topic', TOPIC, 'ObjectRemoved:Delete', 'other/cat.jpg'],
    ])
  })

  it('delivers nothing without a configuration, or for types none selects', async () => {
    await put('before-config')
    await notify({
      LambdaFunctionConfigurations: [
        { Id: 'fn', LambdaFunctionArn: LAMBDA, Events: ['s3:ObjectRemoved:*'] },
      ],
    })
    await put('after-config')
    expect(deliveries).toEqual([])
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'after-config' }))
    expect(deliveries.map((d) => [d.destination, d.arn])).toEqual([['lambda', LAMBDA]])
  })

  it('sends every event to EventBridge in its shape when the bucket enables it', async () => {
    await notify({ EventBridgeConfiguration: {} })
    const written = await put('docs/a b.txt')
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'docs/a b.txt' }))
    expect(deliveries.map((d) => [d.destination, d.arn])).toEqual([
      ['eventbridge', 'arn:aws:events:us-east-1:123456789012:event-bus/default'],
      ['eventbridge', 'arn:aws:events:us-east-1:123456789012:event-bus/default'],
    ])
    expect(deliveries[0]?.message).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '123456789012',
      time: '2026-05-10T09:30:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::events'],
      detail: {
        version: '0',
        bucket: { name: Bucket },
        object: {
          key: 'docs/a b.txt',
          size: 5,
          etag: written.ETag?.replace(/"/g, ''),
          sequencer: expect.stringMatching(/^[0-9A-F]{18}$/) as string,
        },
        'request-id': written.$metadata.requestId,
        requester: '123456789012',
        'source-ip-address': '127.0.0.1',
        reason: 'PutObject',
      },
    })
    const deleted = deliveries[1]?.message as { 'detail-type': string; detail: object }
    expect([deleted['detail-type'], deleted.detail]).toMatchObject([
      'Object Deleted',
      { reason: 'DeleteObject', 'deletion-type': 'Permanently Deleted' },
    ])
  })

  it('stops delivering to a listener once unsubscribed; others still receive', async () => {
    await queueAll()
    const other: S3EventDelivery[] = []
    const offOther = aws.s3.onEvent((d) => other.push(d))
    await put('one')
    off()
    await put('two')
    offOther()
    await put('three')
    expect(deliveries).toHaveLength(1)
    expect(
      other.map((d) =>
        d.destination === 'eventbridge' ? '' : d.message.Records[0]?.s3.object.key,
      ),
    ).toEqual(['one', 'two'])
  })
})

describe('versioned buckets', () => {
  it('carries version ids; a delete without one announces the delete marker', async () => {
    await versioned()
    await queueAll()
    const first = await put('doc')
    const marker = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'doc' }))
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'doc', VersionId: first.VersionId }))
    expect(records().map((r) => [r.eventName, r.s3.object.versionId, r.s3.object.size])).toEqual([
      ['ObjectCreated:Put', first.VersionId, 5],
      ['ObjectRemoved:DeleteMarkerCreated', marker.VersionId, undefined],
      ['ObjectRemoved:Delete', first.VersionId, undefined],
    ])
  })
})

describe('suspended versioning and several destinations', () => {
  it('gives writes of a suspended bucket the null version id', async () => {
    await versioned()
    await s3.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } }),
    )
    await queueAll()
    await put('doc')
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'doc' }))
    expect(records().map((r) => [r.eventName, r.s3.object.versionId])).toEqual([
      ['ObjectCreated:Put', 'null'],
      ['ObjectRemoved:DeleteMarkerCreated', 'null'],
    ])
  })

  it('sends one event to its queue and to EventBridge, with one sequencer', async () => {
    await notify({
      QueueConfigurations: [
        {
          Id: 'q',
          QueueArn: QUEUE,
          Events: ['s3:ObjectCreated:Put'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'docs/' }] } },
        },
      ],
      TopicConfigurations: [
        {
          Id: 't',
          TopicArn: TOPIC,
          Events: ['s3:ObjectCreated:Put'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'other/' }] } },
        },
      ],
      EventBridgeConfiguration: {},
    })
    await put('docs/a')
    expect(deliveries.map((d) => d.destination)).toEqual(['queue', 'eventbridge'])
    const [queued, bridged] = deliveries
    const sequencer = (d: S3EventDelivery | undefined) =>
      d?.destination === 'eventbridge'
        ? d.message.detail.object.sequencer
        : d?.message.Records[0]?.s3.object.sequencer
    expect(sequencer(queued)).toBe(sequencer(bridged))
  })
})

describe('lifecycle expiration on the world clock', () => {
  const expireAfter = (Days: number) =>
    s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
          Rules: [
            { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days } },
          ],
        },
      }),
    )

  it('announces LifecycleExpiration:Delete as S3 itself, on the next request', async () => {
    await queueAll()
    await expireAfter(1)
    await put('tmp/x')
    await put('keep/y')
    clock.advance(days(2))
    expect(names()).toEqual(['ObjectCreated:Put', 'ObjectCreated:Put'])
    await s3.send(new ListObjectsV2Command({ Bucket }))
    const expired = records()[2]
    expect([expired?.eventName, expired?.eventVersion, expired?.s3.object]).toEqual([
      'LifecycleExpiration:Delete',
      '2.3',
      { key: 'tmp/x', sequencer: expect.any(String) as string },
    ])
    expect([expired?.userIdentity, expired?.requestParameters]).toEqual([
      { principalId: 's3.amazonaws.com' },
      { sourceIPAddress: 's3.amazonaws.com' },
    ])
    expect(records()).toHaveLength(3)
  })

  it('announces the delete marker lifecycle adds in a versioned bucket', async () => {
    await versioned()
    await queueAll()
    await expireAfter(1)
    await put('tmp/x')
    clock.advance(days(2))
    await s3.send(new ListObjectsV2Command({ Bucket }))
    const [, expired] = records()
    expect(expired?.eventName).toBe('LifecycleExpiration:DeleteMarkerCreated')
    expect(expired?.s3.object.versionId).toMatch(/^[A-Za-z0-9._]{32}$/)
  })
})

describe('refused requests and secrets', () => {
  it('announces nothing for a refused request', async () => {
    await queueAll()
    const error = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(new CopyObjectCommand({ Bucket, Key: 'b', CopySource: `${Bucket}/missing` })),
      ),
    )
    expect(error.name).toBe('NoSuchKey')
    const version = await errorOf(
      s3.send(new DeleteObjectCommand({ Bucket, Key: 'a', VersionId: 'not-a-version' })),
    )
    expect(version.name).toBe('InvalidArgument')
    expect(deliveries).toEqual([])
  })

  it('never puts an SSE-C key in a record', async () => {
    await queueAll()
    const key = randomBytes(32)
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'secret',
        Body: 'classified',
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: key.toString('base64'),
        SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
      }),
    )
    expect(names()).toEqual(['ObjectCreated:Put'])
    const text = JSON.stringify(deliveries)
    expect(text).not.toContain(key.toString('base64'))
    expect(text).not.toContain(key.toString('hex'))
  })
})

describe('a listener that throws', () => {
  it('does not change the S3 answer; its error surfaces as an uncaught error', async () => {
    await queueAll()
    const saved = process.listeners('uncaughtException')
    process.removeAllListeners('uncaughtException')
    const surfaced = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve))
    const offThrowing = aws.s3.onEvent(() => {
      throw new Error('assertion in listener')
    })
    const later: S3EventDelivery[] = []
    const offLater = aws.s3.onEvent((d) => later.push(d))
    try {
      const written = await put('still-written')
      expect(written.$metadata.httpStatusCode).toBe(200)
      expect(aws.s3.object(Bucket, 'still-written').exists()).toBe(true)
      expect([deliveries.length, later.length]).toEqual([1, 1])
      expect(await surfaced).toEqual(new Error('assertion in listener'))
    } finally {
      offThrowing()
      offLater()
      process.removeAllListeners('uncaughtException')
      for (const listener of saved) process.on('uncaughtException', listener)
    }
  })
})
