import type { bucketPolicyOperations } from '../../../s3/operations/bucket-policy.js'
import { bucketOf, emptyResponse, type S3Codec } from '../http.js'
import { readBoundedBody } from '../xml.js'
import { decodeBody } from './body.js'
import type { S3OperationShapes } from './types.js'

type Shapes = S3OperationShapes<typeof bucketPolicyOperations>
type Codecs = { readonly [K in keyof Shapes]: S3Codec<Shapes[K]['input'], Shapes[K]['output']> }

/** Far above the 20 KB a policy may have; the domain gives the policy's own size error. */
const MAX_BODY_BYTES = 1024 * 1024

/**
 * `PUT|GET|DELETE /{Bucket}?policy`. The policy travels as the raw JSON body both ways
 * (botocore's model: payload `Policy`, a string); Put and Delete answer 204 as S3 does.
 */
export const bucketPolicyCodecs: Codecs = {
  PutBucketPolicy: {
    async decode(req) {
      return {
        Bucket: bucketOf(req),
        Policy: new TextDecoder().decode(
          await readBoundedBody(decodeBody(req).Body, MAX_BODY_BYTES),
        ),
      }
    },
    encode: () => emptyResponse({}, 204),
  },
  GetBucketPolicy: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      new Response(out.Policy, { status: 200, headers: { 'content-type': 'application/json' } }),
  },
  DeleteBucketPolicy: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  },
}
