import {
  deleteIdConfiguration,
  getIdConfiguration,
  listIdConfigurations,
  putIdConfiguration,
} from '../../../s3/operations/id-configurations.js'
import type { ConfigurationKind, IdConfiguration } from '../../../s3/id-configurations.js'
import { defineS3Operation } from '../define.js'
import { bucketOf, emptyResponse, optional, type S3HttpRequest, xmlResponse } from '../http.js'
import { encodeStructure, modelResponse, readModelDocument } from '../model/codec.js'

/**
 * `?analytics`, `?inventory`, `?metrics`, `?intelligent-tiering`: the same four operations per
 * kind, keyed by the `id` query parameter (Get/Put/Delete) or listed without it (List, with
 * `continuation-token`). IAM: Put and Delete ask the kind's Put action, Get and List its Get
 * action ("Required permissions for Amazon S3 API operations").
 */
interface Kind {
  readonly kind: ConfigurationKind
  /** The subresource, the document's root element and model shape, the IAM action suffix. */
  readonly query: string
  readonly shape: string
  readonly action: string
  readonly listShape: string
  readonly listMember: string
}

const ANALYTICS: Kind = {
  kind: 'analytics',
  query: 'analytics',
  shape: 'AnalyticsConfiguration',
  action: 'AnalyticsConfiguration',
  listShape: 'ListBucketAnalyticsConfigurationsOutput',
  listMember: 'AnalyticsConfigurationList',
}
const INVENTORY: Kind = {
  kind: 'inventory',
  query: 'inventory',
  shape: 'InventoryConfiguration',
  action: 'InventoryConfiguration',
  listShape: 'ListBucketInventoryConfigurationsOutput',
  listMember: 'InventoryConfigurationList',
}
const METRICS: Kind = {
  kind: 'metrics',
  query: 'metrics',
  shape: 'MetricsConfiguration',
  action: 'MetricsConfiguration',
  listShape: 'ListBucketMetricsConfigurationsOutput',
  listMember: 'MetricsConfigurationList',
}
const TIERING: Kind = {
  kind: 'intelligentTiering',
  query: 'intelligent-tiering',
  shape: 'IntelligentTieringConfiguration',
  action: 'IntelligentTieringConfiguration',
  listShape: 'ListBucketIntelligentTieringConfigurationsOutput',
  listMember: 'IntelligentTieringConfigurationList',
}

const idOf = (req: S3HttpRequest) => ({ Bucket: bucketOf(req), Id: req.query.get('id') ?? '' })

const put = (k: Kind) => ({
  resource: 'bucket' as const,
  routes: [{ method: 'PUT' as const, query: [k.query, 'id'] }] as const,
  actions: [`s3:Put${k.action}`],
  readOnly: false,
  run: putIdConfiguration<IdConfiguration>(k.kind),
  decode: async (req: S3HttpRequest) => ({
    ...idOf(req),
    Configuration: await readModelDocument<IdConfiguration>(req, k.shape, k.shape),
  }),
  encode: () => emptyResponse(),
})
const get = (k: Kind) => ({
  resource: 'bucket' as const,
  routes: [{ method: 'GET' as const, query: [k.query, 'id'] }] as const,
  actions: [`s3:Get${k.action}`],
  readOnly: true,
  run: getIdConfiguration(k.kind),
  decode: idOf,
  encode: (out: IdConfiguration) => xmlResponse(k.shape, encodeStructure(k.shape, out)),
})
const del = (k: Kind) => ({
  resource: 'bucket' as const,
  routes: [{ method: 'DELETE' as const, query: [k.query, 'id'] }] as const,
  actions: [`s3:Put${k.action}`],
  readOnly: false,
  run: deleteIdConfiguration(k.kind),
  decode: idOf,
  encode: () => emptyResponse({}, 204),
})
const list = (k: Kind) => ({
  resource: 'bucket' as const,
  routes: [{ method: 'GET' as const, query: [k.query] }] as const,
  actions: [`s3:Get${k.action}`],
  readOnly: true,
  run: listIdConfigurations<IdConfiguration>(k.kind),
  decode: (req: S3HttpRequest) => {
    const token = optional(req.query.get('continuation-token'))
    return { Bucket: bucketOf(req), ...(token === undefined ? {} : { ContinuationToken: token }) }
  },
  encode: (out: {
    IsTruncated: boolean
    ContinuationToken?: string
    NextContinuationToken?: string
    Configurations: IdConfiguration[]
  }) =>
    modelResponse(k.listShape, {
      IsTruncated: out.IsTruncated,
      ContinuationToken: out.ContinuationToken,
      NextContinuationToken: out.NextContinuationToken,
      [k.listMember]: out.Configurations,
    }),
})

export const idConfigurationOperations = {
  PutBucketAnalyticsConfiguration: defineS3Operation({
    name: 'PutBucketAnalyticsConfiguration',
    ...put(ANALYTICS),
  }),
  GetBucketAnalyticsConfiguration: defineS3Operation({
    name: 'GetBucketAnalyticsConfiguration',
    ...get(ANALYTICS),
  }),
  DeleteBucketAnalyticsConfiguration: defineS3Operation({
    name: 'DeleteBucketAnalyticsConfiguration',
    ...del(ANALYTICS),
  }),
  ListBucketAnalyticsConfigurations: defineS3Operation({
    name: 'ListBucketAnalyticsConfigurations',
    ...list(ANALYTICS),
  }),
  PutBucketInventoryConfiguration: defineS3Operation({
    name: 'PutBucketInventoryConfiguration',
    ...put(INVENTORY),
  }),
  GetBucketInventoryConfiguration: defineS3Operation({
    name: 'GetBucketInventoryConfiguration',
    ...get(INVENTORY),
  }),
  DeleteBucketInventoryConfiguration: defineS3Operation({
    name: 'DeleteBucketInventoryConfiguration',
    ...del(INVENTORY),
  }),
  ListBucketInventoryConfigurations: defineS3Operation({
    name: 'ListBucketInventoryConfigurations',
    ...list(INVENTORY),
  }),
  PutBucketMetricsConfiguration: defineS3Operation({
    name: 'PutBucketMetricsConfiguration',
    ...put(METRICS),
  }),
  GetBucketMetricsConfiguration: defineS3Operation({
    name: 'GetBucketMetricsConfiguration',
    ...get(METRICS),
  }),
  DeleteBucketMetricsConfiguration: defineS3Operation({
    name: 'DeleteBucketMetricsConfiguration',
    ...del(METRICS),
  }),
  ListBucketMetricsConfigurations: defineS3Operation({
    name: 'ListBucketMetricsConfigurations',
    ...list(METRICS),
  }),
  PutBucketIntelligentTieringConfiguration: defineS3Operation({
    name: 'PutBucketIntelligentTieringConfiguration',
    ...put(TIERING),
  }),
  GetBucketIntelligentTieringConfiguration: defineS3Operation({
    name: 'GetBucketIntelligentTieringConfiguration',
    ...get(TIERING),
  }),
  DeleteBucketIntelligentTieringConfiguration: defineS3Operation({
    name: 'DeleteBucketIntelligentTieringConfiguration',
    ...del(TIERING),
  }),
  ListBucketIntelligentTieringConfigurations: defineS3Operation({
    name: 'ListBucketIntelligentTieringConfigurations',
    ...list(TIERING),
  }),
}
