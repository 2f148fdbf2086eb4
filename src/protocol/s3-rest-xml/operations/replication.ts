import {
  deleteBucketReplication,
  getBucketReplication,
  putBucketReplication,
} from '../../../s3/operations/replication.js'
import type { ReplicationConfiguration } from '../../../s3/replication.js'
import { defineS3Operation } from '../define.js'
import { bucketOf, emptyResponse, xmlResponse } from '../http.js'
import { encodeStructure, readModelDocument } from '../model/codec.js'

/**
 * `?replication`. S3 asks `s3:PutReplicationConfiguration` for Put and Delete (and `iam:PassRole`
 * on the role, which is IAM's and not evaluated here).
 */
export const replicationOperations = {
  PutBucketReplication: defineS3Operation({
    name: 'PutBucketReplication',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['replication'] }],
    actions: ['s3:PutReplicationConfiguration'],
    readOnly: false,
    run: putBucketReplication,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      ReplicationConfiguration: await readModelDocument<ReplicationConfiguration>(
        req,
        'ReplicationConfiguration',
        'ReplicationConfiguration',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketReplication: defineS3Operation({
    name: 'GetBucketReplication',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['replication'] }],
    actions: ['s3:GetReplicationConfiguration'],
    readOnly: true,
    run: getBucketReplication,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse(
        'ReplicationConfiguration',
        encodeStructure('ReplicationConfiguration', out.ReplicationConfiguration),
      ),
  }),
  DeleteBucketReplication: defineS3Operation({
    name: 'DeleteBucketReplication',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['replication'] }],
    actions: ['s3:PutReplicationConfiguration'],
    readOnly: false,
    run: deleteBucketReplication,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
}
