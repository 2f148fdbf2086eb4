import {
  CreateBucketCommand,
  DeleteBucketReplicationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketReplicationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  type Event,
  type NotificationConfiguration,
  type ReplicationConfiguration,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../../support/kms.js'
import { s3Client } from '../../../support/s3.js'
import { expectUnchanged } from '../../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'events-bucket'
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:uploads'
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:deletes'

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

const triple = (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => [
  e.name,
  e.message,
  e.$metadata.httpStatusCode,
]

describe('Put/GetBucketNotificationConfiguration', () => {
  const putNotification = (NotificationConfiguration: NotificationConfiguration) =>
    s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration }))

  it('answers an empty configuration by default; stores, names and returns destinations', async () => {
    const empty = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }))
    expect([empty.$metadata.httpStatusCode, empty.QueueConfigurations]).toEqual([200, undefined])
    await putNotification({
      QueueConfigurations: [
        {
          Id: 'uploads',
          QueueArn: QUEUE,
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
        },
      ],
      TopicConfigurations: [{ TopicArn: TOPIC, Events: ['s3:ObjectRemoved:Delete'] }],
      EventBridgeConfiguration: {},
    })
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }))
    expect(got.QueueConfigurations).toEqual([
      {
        Id: 'uploads',
        QueueArn: QUEUE,
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
      },
    ])
    // S3 names a configuration put without an Id.
    expect(got.TopicConfigurations?.[0]?.Id).toMatch(/^[A-Za-z0-9+/=]{20,}$/)
    expect(got.EventBridgeConfiguration).toEqual({})
    await putNotification({})
    const off = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }))
    expect(off.QueueConfigurations).toBeUndefined()
  })

  it.each<[string, NotificationConfiguration, string]>([
    [
      'an unknown event',
      { QueueConfigurations: [{ QueueArn: QUEUE, Events: ['s3:ObjectMunched:*' as Event] }] },
      'The event is not supported for notifications',
    ],
    [
      'an ARN of another service',
      { QueueConfigurations: [{ QueueArn: TOPIC, Events: ['s3:ObjectCreated:*'] }] },
      'The ARN is not well formed',
    ],
    [
      'a filter rule that is neither prefix nor suffix',
      {
        QueueConfigurations: [
          {
            QueueArn: QUEUE,
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'middle' as 'prefix', Value: 'x' }] } },
          },
        ],
      },
      'filter rule name must be either prefix or suffix',
    ],
    [
      'two prefix rules',
      {
        QueueConfigurations: [
          {
            QueueArn: QUEUE,
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: 'prefix', Value: 'a' },
                  { Name: 'Prefix' as 'prefix', Value: 'b' },
                ],
              },
            },
          },
        ],
      },
      'Cannot specify more than one prefix rule in a filter.',
    ],
    [
      'two configurations that fire for the same event',
      {
        QueueConfigurations: [{ QueueArn: QUEUE, Events: ['s3:ObjectCreated:*'] }],
        TopicConfigurations: [{ TopicArn: TOPIC, Events: ['s3:ObjectCreated:Put'] }],
      },
      'Configurations overlap. Configurations on the same bucket cannot share a common event type.',
    ],
  ])('refuses %s (InvalidArgument), changing nothing', async (_, config, message) => {
    const error = await expectUnchanged(aws, () => errorOf(putNotification(config)))
    expect(triple(error)).toEqual(['InvalidArgument', message, 400])
  })
})

describe('Put/Get/DeleteBucketReplication', () => {
  const Destination = 'events-replica'
  const config: ReplicationConfiguration = {
    Role: 'arn:aws:iam::123456789012:role/replication',
    Rules: [
      {
        ID: 'all',
        Priority: 1,
        Filter: { Prefix: '' },
        Status: 'Enabled',
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: { Bucket: `arn:aws:s3:::${Destination}`, StorageClass: 'STANDARD_IA' },
      },
    ],
  }
  const put = (ReplicationConfiguration = config) =>
    s3.send(new PutBucketReplicationCommand({ Bucket, ReplicationConfiguration }))
  const enableVersioning = (name: string) =>
    s3.send(
      new PutBucketVersioningCommand({
        Bucket: name,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )

  it('needs versioning on the source bucket (InvalidRequest), changing nothing', async () => {
    const error = await expectUnchanged(aws, () => errorOf(put()))
    expect(triple(error)).toEqual([
      'InvalidRequest',
      "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
      400,
    ])
  })

  it('needs versioning on the destination, which must exist (InvalidRequest)', async () => {
    await enableVersioning(Bucket)
    const missing = await expectUnchanged(aws, () => errorOf(put()))
    expect(triple(missing)).toEqual([
      'InvalidRequest',
      'Destination bucket must have versioning enabled.',
      400,
    ])
    await s3.send(new CreateBucketCommand({ Bucket: Destination }))
    const unversioned = await expectUnchanged(aws, () => errorOf(put()))
    expect(unversioned.message).toBe('Destination bucket must have versioning enabled.')
  })

  it('stores the rules, returns them, deletes them (204); absent is ReplicationConfigurationNotFoundError', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: Destination }))
    await enableVersioning(Bucket)
    await enableVersioning(Destination)
    const missing = await errorOf(s3.send(new GetBucketReplicationCommand({ Bucket })))
    expect(triple(missing)).toEqual([
      'ReplicationConfigurationNotFoundError',
      'The replication configuration was not found',
      404,
    ])
    expect((await put()).$metadata.httpStatusCode).toBe(200)
    const got = await s3.send(new GetBucketReplicationCommand({ Bucket }))
    expect(got.ReplicationConfiguration).toEqual(config)
    const deleted = await s3.send(new DeleteBucketReplicationCommand({ Bucket }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const gone = await errorOf(s3.send(new GetBucketReplicationCommand({ Bucket })))
    expect(gone.name).toBe('ReplicationConfigurationNotFoundError')
  })

  it('refuses a rule status outside Enabled/Disabled (MalformedXML)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: Destination }))
    await enableVersioning(Bucket)
    await enableVersioning(Destination)
    const bad = { ...config, Rules: [{ ...config.Rules![0]!, Status: 'On' as 'Enabled' }] }
    const error = await expectUnchanged(aws, () => errorOf(put(bad)))
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['MalformedXML', 400])
  })
})
