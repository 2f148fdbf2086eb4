import {
  deleteBucketWebsite,
  getBucketWebsite,
  putBucketWebsite,
} from '../../../s3/operations/website.js'
import type { WebsiteConfiguration } from '../../../s3/website.js'
import { defineS3Operation } from '../define.js'
import { bucketOf, emptyResponse, xmlResponse } from '../http.js'
import { encodeStructure, readModelDocument } from '../model/codec.js'

/** `?website`: Put answers 200, Delete 204 (API reference). */
export const websiteOperations = {
  PutBucketWebsite: defineS3Operation({
    name: 'PutBucketWebsite',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['website'] }],
    actions: ['s3:PutBucketWebsite'],
    readOnly: false,
    run: putBucketWebsite,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      WebsiteConfiguration: await readModelDocument<WebsiteConfiguration>(
        req,
        'WebsiteConfiguration',
        'WebsiteConfiguration',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketWebsite: defineS3Operation({
    name: 'GetBucketWebsite',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['website'] }],
    actions: ['s3:GetBucketWebsite'],
    readOnly: true,
    run: getBucketWebsite,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse('WebsiteConfiguration', encodeStructure('GetBucketWebsiteOutput', out)),
  }),
  DeleteBucketWebsite: defineS3Operation({
    name: 'DeleteBucketWebsite',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['website'] }],
    actions: ['s3:DeleteBucketWebsite'],
    readOnly: false,
    run: deleteBucketWebsite,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
}
