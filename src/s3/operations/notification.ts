import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { type NotificationConfiguration, validNotification } from '../notification.js'

export interface PutBucketNotificationRequest {
  Bucket: string
  NotificationConfiguration: NotificationConfiguration
  /** `x-amz-skip-destination-validation`: accepted; destinations are never probed here. */
  SkipDestinationValidation?: boolean
}

/** PutBucketNotificationConfiguration: validates, replaces (an empty document turns it off). */
export function putBucketNotificationConfiguration(
  input: PutBucketNotificationRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const config = validNotification(input.NotificationConfiguration, ctx.random)
  if (Object.keys(config).length === 0) delete bucket.notification
  else bucket.notification = config
  return {}
}

/** GetBucketNotificationConfiguration: `<NotificationConfiguration/>` when none is set. */
export function getBucketNotificationConfiguration(
  input: { Bucket: string },
  ctx: S3Context,
): NotificationConfiguration {
  const bucket = requestBucket(ctx, input.Bucket)
  return structuredClone(bucket.notification ?? {})
}
