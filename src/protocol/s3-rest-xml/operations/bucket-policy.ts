import {
  deleteBucketPolicy,
  getBucketPolicy,
  putBucketPolicy,
} from '../../../s3/operations/bucket-policy.js'
import { defineS3Operation } from '../define.js'
import { bucketOf, emptyResponse } from '../http.js'
import { MAX_POLICY_READ_BYTES, readPayload } from '../codecs/payload.js'

/**
 * `PUT|GET|DELETE /{Bucket}?policy`. The policy travels as the raw JSON body both ways
 * (botocore's model: payload `Policy`, a string); Put and Delete answer 204 as S3 does.
 */
export const bucketPolicyOperations = {
  PutBucketPolicy: defineS3Operation({
    name: 'PutBucketPolicy',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['policy'] }],
    actions: ['s3:PutBucketPolicy'],
    readOnly: false,
    run: putBucketPolicy,
    async decode(req) {
      return {
        Bucket: bucketOf(req),
        Policy: new TextDecoder().decode(await readPayload(req, MAX_POLICY_READ_BYTES)),
      }
    },
    encode: () => emptyResponse({}, 204),
  }),
  GetBucketPolicy: defineS3Operation({
    name: 'GetBucketPolicy',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['policy'] }],
    actions: ['s3:GetBucketPolicy'],
    readOnly: true,
    run: getBucketPolicy,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      new Response(out.Policy, { status: 200, headers: { 'content-type': 'application/json' } }),
  }),
  DeleteBucketPolicy: defineS3Operation({
    name: 'DeleteBucketPolicy',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['policy'] }],
    actions: ['s3:DeleteBucketPolicy'],
    readOnly: false,
    run: deleteBucketPolicy,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
}
