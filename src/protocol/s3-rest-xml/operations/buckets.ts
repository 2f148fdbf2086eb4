import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  listBuckets,
  putBucketVersioning,
} from '../../../s3/operations/buckets.js'
import { defineS3Operation } from '../define.js'
import { BUCKET_OBJECT_LOCK_ENABLED, BUCKET_REGION } from '../headers.js'
import { bucketOf, emptyResponse, optional, xmlResponse } from '../http.js'
import { parseXml, xmlText } from '../xml.js'
import { MAX_CONFIG_BYTES, readPayload, readXmlBody } from '../codecs/payload.js'
import { intParam } from '../codecs/params.js'

export const bucketOperations = {
  CreateBucket: defineS3Operation({
    name: 'CreateBucket',
    resource: 'bucket',
    routes: [{ method: 'PUT' }],
    actions: ['s3:CreateBucket'],
    readOnly: false,
    run: createBucket,
    async decode(req) {
      const lock = req.headers.get(BUCKET_OBJECT_LOCK_ENABLED)
      const base = {
        Bucket: bucketOf(req),
        ...(lock === null ? {} : { ObjectLockEnabledForBucket: lock.toLowerCase() === 'true' }),
      }
      // The body is optional: no configuration means us-east-1 (or the endpoint's own region).
      const bytes = await readPayload(req, MAX_CONFIG_BYTES)
      if (new TextDecoder().decode(bytes).trim() === '') return base
      const config = parseXml(bytes, { root: 'CreateBucketConfiguration' })
      const constraint = xmlText(config, 'LocationConstraint')
      return {
        ...base,
        CreateBucketConfiguration:
          constraint === undefined ? {} : { LocationConstraint: constraint },
      }
    },
    encode: (out) => emptyResponse({ location: out.Location }),
  }),
  DeleteBucket: defineS3Operation({
    name: 'DeleteBucket',
    resource: 'bucket',
    routes: [{ method: 'DELETE' }],
    actions: ['s3:DeleteBucket'],
    readOnly: false,
    run: deleteBucket,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
  HeadBucket: defineS3Operation({
    name: 'HeadBucket',
    resource: 'bucket',
    routes: [{ method: 'HEAD' }],
    actions: ['s3:ListBucket'],
    readOnly: true,
    run: headBucket,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      emptyResponse({
        [BUCKET_REGION]: out.BucketRegion,
        'x-amz-access-point-alias': String(out.AccessPointAlias),
      }),
  }),
  ListBuckets: defineS3Operation({
    name: 'ListBuckets',
    resource: 'service',
    routes: [{ method: 'GET' }],
    actions: ['s3:ListAllMyBuckets'],
    readOnly: true,
    run: listBuckets,
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
  }),
  GetBucketLocation: defineS3Operation({
    name: 'GetBucketLocation',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['location'] }],
    actions: ['s3:GetBucketLocation'],
    readOnly: true,
    run: getBucketLocation,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse(
        'LocationConstraint',
        out.LocationConstraint === undefined ? {} : { '#text': out.LocationConstraint },
      ),
  }),
  PutBucketVersioning: defineS3Operation({
    name: 'PutBucketVersioning',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['versioning'] }],
    actions: ['s3:PutBucketVersioning'],
    readOnly: false,
    run: putBucketVersioning,
    async decode(req) {
      const config = await readXmlBody(req, {
        root: 'VersioningConfiguration',
        maxBytes: MAX_CONFIG_BYTES,
      })
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
  }),
  GetBucketVersioning: defineS3Operation({
    name: 'GetBucketVersioning',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['versioning'] }],
    actions: ['s3:GetBucketVersioning'],
    readOnly: true,
    run: getBucketVersioning,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) => xmlResponse('VersioningConfiguration', { Status: out.Status }),
  }),
}
