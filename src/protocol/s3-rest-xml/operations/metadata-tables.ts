import {
  createBucketMetadataConfiguration,
  createBucketMetadataTableConfiguration,
  deleteBucketMetadataConfiguration,
  deleteBucketMetadataTableConfiguration,
  getBucketMetadataConfiguration,
  getBucketMetadataTableConfiguration,
  updateBucketMetadataAnnotationTableConfiguration,
  updateBucketMetadataInventoryTableConfiguration,
  updateBucketMetadataJournalTableConfiguration,
} from '../../../s3/operations/metadata-tables.js'
import type {
  AnnotationTableConfiguration,
  InventoryTableConfiguration,
  MetadataConfiguration,
  MetadataTableConfiguration,
  RecordExpiration,
} from '../../../s3/metadata-tables.js'
import { defineS3Operation } from '../define.js'
import { bucketOf, emptyResponse } from '../http.js'
import { modelResponse, readModelDocument } from '../model/codec.js'

/**
 * S3 Metadata: `?metadataTable` (V1) and `?metadataConfiguration` (V2), and the three table
 * Updates. IAM: "The IAM policy action name is the same for the V1 and V2 API operations"
 * (s3:Create/Get/DeleteBucketMetadataTableConfiguration); each Update has its own action.
 */
export const metadataTableOperations = {
  CreateBucketMetadataConfiguration: defineS3Operation({
    name: 'CreateBucketMetadataConfiguration',
    resource: 'bucket',
    routes: [{ method: 'POST', query: ['metadataConfiguration'] }],
    actions: ['s3:CreateBucketMetadataTableConfiguration'],
    readOnly: false,
    run: createBucketMetadataConfiguration,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      MetadataConfiguration: await readModelDocument<MetadataConfiguration>(
        req,
        'MetadataConfiguration',
        'MetadataConfiguration',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketMetadataConfiguration: defineS3Operation({
    name: 'GetBucketMetadataConfiguration',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['metadataConfiguration'] }],
    actions: ['s3:GetBucketMetadataTableConfiguration'],
    readOnly: true,
    run: getBucketMetadataConfiguration,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) => modelResponse('GetBucketMetadataConfigurationResult', out),
  }),
  DeleteBucketMetadataConfiguration: defineS3Operation({
    name: 'DeleteBucketMetadataConfiguration',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['metadataConfiguration'] }],
    actions: ['s3:DeleteBucketMetadataTableConfiguration'],
    readOnly: false,
    run: deleteBucketMetadataConfiguration,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
  CreateBucketMetadataTableConfiguration: defineS3Operation({
    name: 'CreateBucketMetadataTableConfiguration',
    resource: 'bucket',
    routes: [{ method: 'POST', query: ['metadataTable'] }],
    actions: ['s3:CreateBucketMetadataTableConfiguration'],
    readOnly: false,
    run: createBucketMetadataTableConfiguration,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      MetadataTableConfiguration: await readModelDocument<MetadataTableConfiguration>(
        req,
        'MetadataTableConfiguration',
        'MetadataTableConfiguration',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketMetadataTableConfiguration: defineS3Operation({
    name: 'GetBucketMetadataTableConfiguration',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['metadataTable'] }],
    actions: ['s3:GetBucketMetadataTableConfiguration'],
    readOnly: true,
    run: getBucketMetadataTableConfiguration,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      modelResponse(
        'GetBucketMetadataTableConfigurationResult',
        out.GetBucketMetadataTableConfigurationResult,
      ),
  }),
  DeleteBucketMetadataTableConfiguration: defineS3Operation({
    name: 'DeleteBucketMetadataTableConfiguration',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['metadataTable'] }],
    actions: ['s3:DeleteBucketMetadataTableConfiguration'],
    readOnly: false,
    run: deleteBucketMetadataTableConfiguration,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
  UpdateBucketMetadataJournalTableConfiguration: defineS3Operation({
    name: 'UpdateBucketMetadataJournalTableConfiguration',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['metadataJournalTable'] }],
    actions: ['s3:UpdateBucketMetadataJournalTableConfiguration'],
    readOnly: false,
    run: updateBucketMetadataJournalTableConfiguration,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      JournalTableConfiguration: await readModelDocument<{ RecordExpiration: RecordExpiration }>(
        req,
        'JournalTableConfiguration',
        'JournalTableConfigurationUpdates',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  UpdateBucketMetadataInventoryTableConfiguration: defineS3Operation({
    name: 'UpdateBucketMetadataInventoryTableConfiguration',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['metadataInventoryTable'] }],
    actions: ['s3:UpdateBucketMetadataInventoryTableConfiguration'],
    readOnly: false,
    run: updateBucketMetadataInventoryTableConfiguration,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      InventoryTableConfiguration: await readModelDocument<InventoryTableConfiguration>(
        req,
        'InventoryTableConfiguration',
        'InventoryTableConfigurationUpdates',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  UpdateBucketMetadataAnnotationTableConfiguration: defineS3Operation({
    name: 'UpdateBucketMetadataAnnotationTableConfiguration',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['metadataAnnotationTable'] }],
    actions: ['s3:UpdateBucketMetadataAnnotationTableConfiguration'],
    readOnly: false,
    run: updateBucketMetadataAnnotationTableConfiguration,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      AnnotationTableConfiguration: await readModelDocument<AnnotationTableConfiguration>(
        req,
        'AnnotationTableConfiguration',
        'AnnotationTableConfigurationUpdates',
      ),
    }),
    encode: () => emptyResponse(),
  }),
}
