import {
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import type { S3EventDelivery } from '../../../../src/index.js'
import { expect, test } from '../../../../src/vitest.js'

test('a JPEG upload would notify the thumbnails queue', async ({ aws }) => {
  await aws.load({ buckets: [{ name: 'photos' }] })
  const s3 = new S3Client({})
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: 'photos',
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            QueueArn: 'arn:aws:sqs:us-east-1:123456789012:thumbnails',
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.jpg' }] } },
          },
        ],
      },
    }),
  )
  const deliveries: S3EventDelivery[] = []
  aws.s3.onEvent((delivery) => deliveries.push(delivery)) // returns the unsubscribe function

  await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: 'cat 1.jpg', Body: '…' }))
  await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: 'notes.txt', Body: '…' }))

  expect(deliveries).toHaveLength(1) // the filter leaves notes.txt out
  expect(deliveries[0]).toMatchObject({
    destination: 'queue',
    arn: 'arn:aws:sqs:us-east-1:123456789012:thumbnails',
    message: {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'photos' }, object: { key: 'cat+1.jpg', size: 3 } },
        },
      ],
    },
  })
})
