import {
  type ListedObject,
  listObjects,
  listObjectsV2,
  listObjectVersions,
} from '../../../s3/operations/list.js'
import { defineS3Operation } from '../define.js'
import { LIST_CONDITION_KEYS } from '../access.js'
import { bucketOf, optional, xmlResponse } from '../http.js'
import type { XmlInput } from '../xml.js'
import { intParam } from '../codecs/params.js'

/** Query parameters → optional members, left out when absent. */
function params(
  query: URLSearchParams,
  names: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [member, param] of Object.entries(names)) {
    const value = optional(query.get(param))
    if (value !== undefined) out[member] = value
  }
  return out
}

function maxKeys(query: URLSearchParams): { MaxKeys?: number } {
  const value = intParam(query, 'max-keys', 0, 2_147_483_647)
  return value === undefined ? {} : { MaxKeys: value }
}

function listed(o: ListedObject): XmlInput {
  return {
    Key: o.Key,
    LastModified: o.LastModified,
    ETag: o.ETag,
    ChecksumAlgorithm: o.ChecksumAlgorithm,
    ChecksumType: o.ChecksumType,
    Size: o.Size,
    StorageClass: o.StorageClass,
    Owner: o.Owner === undefined ? undefined : { ID: o.Owner.ID },
  }
}

export const listOperations = {
  ListObjectsV2: defineS3Operation({
    name: 'ListObjectsV2',
    resource: 'bucket',
    routes: [{ method: 'GET', queryValues: { 'list-type': '2' } }],
    actions: ['s3:ListBucket'],
    queryConditionKeys: LIST_CONDITION_KEYS,
    readOnly: true,
    run: listObjectsV2,
    decode: (req) => ({
      Bucket: bucketOf(req),
      ...params(req.query, {
        Prefix: 'prefix',
        Delimiter: 'delimiter',
        StartAfter: 'start-after',
        ContinuationToken: 'continuation-token',
        EncodingType: 'encoding-type',
      }),
      ...maxKeys(req.query),
      ...(req.query.get('fetch-owner') === 'true' ? { FetchOwner: true } : {}),
    }),
    encode: (out) =>
      xmlResponse('ListBucketResult', {
        Name: out.Name,
        Prefix: out.Prefix,
        Delimiter: out.Delimiter,
        MaxKeys: out.MaxKeys,
        EncodingType: out.EncodingType,
        IsTruncated: out.IsTruncated,
        KeyCount: out.KeyCount,
        ContinuationToken: out.ContinuationToken,
        NextContinuationToken: out.NextContinuationToken,
        StartAfter: out.StartAfter,
        Contents: out.Contents?.map(listed),
        CommonPrefixes: out.CommonPrefixes?.map((p) => ({ Prefix: p.Prefix })),
      }),
  }),
  ListObjects: defineS3Operation({
    name: 'ListObjects',
    resource: 'bucket',
    routes: [{ method: 'GET' }],
    actions: ['s3:ListBucket'],
    queryConditionKeys: LIST_CONDITION_KEYS,
    readOnly: true,
    run: listObjects,
    decode: (req) => ({
      Bucket: bucketOf(req),
      ...params(req.query, {
        Prefix: 'prefix',
        Delimiter: 'delimiter',
        Marker: 'marker',
        EncodingType: 'encoding-type',
      }),
      ...maxKeys(req.query),
    }),
    encode: (out) =>
      xmlResponse('ListBucketResult', {
        Name: out.Name,
        Prefix: out.Prefix,
        Marker: out.Marker,
        NextMarker: out.NextMarker,
        Delimiter: out.Delimiter,
        MaxKeys: out.MaxKeys,
        EncodingType: out.EncodingType,
        IsTruncated: out.IsTruncated,
        Contents: out.Contents?.map(listed),
        CommonPrefixes: out.CommonPrefixes?.map((p) => ({ Prefix: p.Prefix })),
      }),
  }),
  ListObjectVersions: defineS3Operation({
    name: 'ListObjectVersions',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['versions'] }],
    actions: ['s3:ListBucketVersions'],
    readOnly: true,
    run: listObjectVersions,
    decode: (req) => ({
      Bucket: bucketOf(req),
      ...params(req.query, {
        Prefix: 'prefix',
        Delimiter: 'delimiter',
        KeyMarker: 'key-marker',
        VersionIdMarker: 'version-id-marker',
        EncodingType: 'encoding-type',
      }),
      ...maxKeys(req.query),
    }),
    encode: (out) =>
      xmlResponse('ListVersionsResult', {
        Name: out.Name,
        Prefix: out.Prefix,
        KeyMarker: out.KeyMarker,
        VersionIdMarker: out.VersionIdMarker,
        NextKeyMarker: out.NextKeyMarker,
        NextVersionIdMarker: out.NextVersionIdMarker,
        Delimiter: out.Delimiter,
        MaxKeys: out.MaxKeys,
        EncodingType: out.EncodingType,
        IsTruncated: out.IsTruncated,
        Version: out.Versions?.map((v) => ({
          ...listed(v),
          VersionId: v.VersionId,
          IsLatest: v.IsLatest,
        })),
        DeleteMarker: out.DeleteMarkers?.map((d) => ({
          Key: d.Key,
          VersionId: d.VersionId,
          IsLatest: d.IsLatest,
          LastModified: d.LastModified,
          Owner: { ID: d.Owner.ID },
        })),
        CommonPrefixes: out.CommonPrefixes?.map((p) => ({ Prefix: p.Prefix })),
      }),
  }),
}
