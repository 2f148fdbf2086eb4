import type { bucketOperations } from '../../../s3/operations/buckets.js'
import type { S3OperationShapes } from './types.js'
import { BUCKET_REGION } from '../headers.js'
import { bucketOf, emptyResponse, optional, type S3Codec, xmlResponse } from '../http.js'
import { readXmlBody, xmlText } from '../xml.js'
import { intParam } from './params.js'

type Shapes = S3OperationShapes<typeof bucketOperations>
type Codecs = { readonly [K in keyof Shapes]: S3Codec<Shapes[K]['input'], Shapes[K]['output']> }

export const bucketCodecs: Codecs = {
  CreateBucket: {
    async decode(req) {
      // The body is optional: no configuration means us-east-1 (or the endpoint's own region).
      const hasBody = req.headers.get('content-length') !== '0' && req.request.body !== null
      if (!hasBody) return { Bucket: bucketOf(req) }
      const text = await req.request.text()
      if (text.trim() === '') return { Bucket: bucketOf(req) }
      const config = await readXmlBody(new Blob([text]).stream(), {
        root: 'CreateBucketConfiguration',
      })
      const constraint = xmlText(config, 'LocationConstraint')
      return {
        Bucket: bucketOf(req),
        CreateBucketConfiguration:
          constraint === undefined ? {} : { LocationConstraint: constraint },
      }
    },
    encode: (out) => emptyResponse({ location: out.Location }),
  },
  DeleteBucket: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  },
  HeadBucket: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      emptyResponse({
        [BUCKET_REGION]: out.BucketRegion,
        'x-amz-access-point-alias': String(out.AccessPointAlias),
      }),
  },
  ListBuckets: {
    decode: (req) => {
      const max = intParam(req.query, 'max-buckets', 1, 10_000)
      const token = optional(req.query.get('continuation-token'))
      const prefix = optional(req.query.get('prefix'))
      const region = optional(req.query.get('bucket-region'))
      return {
        ...(max === undefined ? {} : { MaxBuckets: max }),
        ...(token === undefined ? {} : { ContinuationToken: token }),
        ...(prefix === undefined ? {} : { Prefix: prefix }),
        ...(region === undefined ? {} : { BucketRegion: region }),
      }
    },
    encode: (out) =>
      xmlResponse('ListAllMyBucketsResult', {
        Owner: { ID: out.Owner.ID },
        Buckets: {
          Bucket: out.Buckets.map((b) => ({
            Name: b.Name,
            CreationDate: b.CreationDate,
            BucketRegion: b.BucketRegion,
          })),
        },
        ContinuationToken: out.ContinuationToken,
        Prefix: out.Prefix,
      }),
  },
  GetBucketLocation: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse(
        'LocationConstraint',
        out.LocationConstraint === undefined ? {} : { '#text': out.LocationConstraint },
      ),
  },
  PutBucketVersioning: {
    async decode(req) {
      const config = await readXmlBody(req.request.body, { root: 'VersioningConfiguration' })
      const status = xmlText(config, 'Status')
      const mfa = xmlText(config, 'MfaDelete')
      return {
        Bucket: bucketOf(req),
        VersioningConfiguration: {
          ...(status === undefined ? {} : { Status: status }),
          ...(mfa === undefined ? {} : { MFADelete: mfa }),
        },
      }
    },
    encode: () => emptyResponse(),
  },
  GetBucketVersioning: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) => xmlResponse('VersioningConfiguration', { Status: out.Status }),
  },
}
