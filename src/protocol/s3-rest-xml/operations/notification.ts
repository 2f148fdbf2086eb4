import {
  getBucketNotificationConfiguration,
  putBucketNotificationConfiguration,
} from '../../../s3/operations/notification.js'
import type { NotificationConfiguration } from '../../../s3/notification.js'
import { defineS3Operation } from '../define.js'
import { bucketOf, emptyResponse, xmlResponse } from '../http.js'
import { encodeStructure, readModelDocument } from '../model/codec.js'

/** `?notification` (the configuration API; the deprecated PutBucketNotification is not in the SDK). */
export const notificationOperations = {
  PutBucketNotificationConfiguration: defineS3Operation({
    name: 'PutBucketNotificationConfiguration',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['notification'] }],
    actions: ['s3:PutBucketNotification'],
    readOnly: false,
    run: putBucketNotificationConfiguration,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      NotificationConfiguration: await readModelDocument<NotificationConfiguration>(
        req,
        'NotificationConfiguration',
        'NotificationConfiguration',
      ),
      SkipDestinationValidation:
        req.headers.get('x-amz-skip-destination-validation')?.toLowerCase() === 'true',
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketNotificationConfiguration: defineS3Operation({
    name: 'GetBucketNotificationConfiguration',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['notification'] }],
    actions: ['s3:GetBucketNotification'],
    readOnly: true,
    run: getBucketNotificationConfiguration,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse('NotificationConfiguration', encodeStructure('NotificationConfiguration', out)),
  }),
}
