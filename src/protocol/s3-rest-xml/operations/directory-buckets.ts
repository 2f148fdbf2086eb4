import {
  createSession,
  listDirectoryBuckets,
  renameObject,
} from '../../../s3/operations/directory-buckets.js'
import { writeGetObjectResponse } from '../../../s3/operations/object-lambda.js'
import { intParam } from '../codecs/params.js'
import { defineS3Operation } from '../define.js'
import { bucketOf, keyOf, optional, xmlResponse } from '../http.js'

/** Nothing succeeds: the domain refuses every call (docs/coverage.md says why). */
const never = (): Response => {
  throw new Error('unreachable: the operation always refuses')
}

/**
 * S3 Express One Zone and S3 Object Lambda operations, answered as S3 answers them for what the
 * mock emulates: general-purpose buckets, no directory bucket, no Object Lambda access point.
 */
export const directoryBucketOperations = {
  ListDirectoryBuckets: defineS3Operation({
    name: 'ListDirectoryBuckets',
    resource: 'service',
    // `GET /` on `s3express-control.<region>.amazonaws.com`, signed for `s3express`; on a custom
    // endpoint the credential scope tells it from ListBuckets (the SDK adds `x-id`, too).
    routes: [{ method: 'GET', signingService: 's3express' }],
    actions: ['s3express:ListAllMyDirectoryBuckets'],
    readOnly: true,
    run: listDirectoryBuckets,
    decode: (req) => {
      const token = optional(req.query.get('continuation-token'))
      const max = intParam(req.query, 'max-directory-buckets', 0, 1000)
      return {
        ...(token === undefined ? {} : { ContinuationToken: token }),
        ...(max === undefined ? {} : { MaxDirectoryBuckets: max }),
      }
    },
    // The SDK's ListDirectoryBucketsOutput: <ListAllMyDirectoryBucketsResult><Buckets>…
    encode: (out) =>
      xmlResponse('ListAllMyDirectoryBucketsResult', {
        Buckets: {
          Bucket: out.Buckets.map((b) => ({ Name: b.Name, BucketRegion: b.BucketRegion })),
        },
      }),
  }),
  CreateSession: defineS3Operation({
    name: 'CreateSession',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['session'] }],
    actions: ['s3express:CreateSession'],
    readOnly: true,
    run: createSession,
    decode: (req) => {
      const mode = optional(req.headers.get('x-amz-create-session-mode'))
      return { Bucket: bucketOf(req), ...(mode === undefined ? {} : { SessionMode: mode }) }
    },
    encode: never,
  }),
  RenameObject: defineS3Operation({
    name: 'RenameObject',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['renameObject'] }],
    actions: ['s3:RenameObject'],
    readOnly: false,
    run: renameObject,
    decode: (req) => ({
      Bucket: bucketOf(req),
      Key: keyOf(req),
      RenameSource: req.headers.get('x-amz-rename-source') ?? '',
    }),
    encode: never,
  }),
  WriteGetObjectResponse: defineS3Operation({
    name: 'WriteGetObjectResponse',
    // `POST /WriteGetObjectResponse` on `<RequestRoute>.s3-object-lambda.<region>.amazonaws.com`:
    // the route addresses like a virtual-hosted bucket (addressing.ts).
    resource: 'object',
    routes: [{ method: 'POST', signingService: 's3-object-lambda' }],
    // Authorised by the request token, not a bucket policy: there is no bucket.
    actions: [],
    readOnly: false,
    run: writeGetObjectResponse,
    decode: (req) => ({
      RequestRoute: req.headers.get('x-amz-request-route') ?? bucketOf(req),
      RequestToken: req.headers.get('x-amz-request-token') ?? '',
    }),
    encode: never,
  }),
}
