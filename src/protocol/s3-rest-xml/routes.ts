import type { S3Address } from './addressing.js'
import { CONTENT_TYPE, COPY_SOURCE, QUERY_X_ID } from './headers.js'

/** The S3 operations this mock routes, named as AWS names them. */
export type S3OperationName =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'DeleteBucket'
  | 'HeadBucket'
  | 'GetBucketLocation'
  | 'PutBucketVersioning'
  | 'GetBucketVersioning'
  | 'PutBucketEncryption'
  | 'GetBucketEncryption'
  | 'DeleteBucketEncryption'
  | 'PutBucketPolicy'
  | 'GetBucketPolicy'
  | 'DeleteBucketPolicy'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'ListObjectVersions'
  | 'ListMultipartUploads'
  | 'DeleteObjects'
  | 'PostObject'
  | 'PutObject'
  | 'CopyObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'GetObjectAttributes'
  | 'UpdateObjectEncryption'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts'

export type RouteTarget = 'service' | 'bucket' | 'object'

/** One row of the route table: all conditions must hold. */
export interface Route {
  readonly operation: S3OperationName
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'
  readonly target: RouteTarget
  /** Query keys that must be present (any value, including empty: `?uploads=`). */
  readonly query?: readonly string[]
  /** Query keys that must have this exact value. */
  readonly queryValues?: Readonly<Record<string, string>>
  /** Headers that must be present. */
  readonly headers?: readonly string[]
  /** Media type the content-type must start with. */
  readonly contentType?: string
}

/**
 * Query keys that select an operation (S3 "subresources"). A request carrying one that a route
 * does not name is not that route: `GET /{Bucket}?lifecycle` must not become ListObjects.
 * Plain parameters (versionId, partNumber, prefix, response-*) are not selectors.
 */
// prettier-ignore
export const SUBRESOURCES: ReadonlySet<string> = new Set([
  'abac',
  'accelerate',
  'acl',
  'analytics',
  'annotation',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'list-type',
  'location',
  'logging',
  'metadataAnnotationTable',
  'metadataConfiguration',
  'metadataInventoryTable',
  'metadataJournalTable',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versioning',
  'versions',
  'website',
])

/** Most specific first: the first row whose conditions hold wins. */
export const S3_ROUTES: readonly Route[] = [
  { operation: 'ListBuckets', method: 'GET', target: 'service' },

  { operation: 'GetBucketLocation', method: 'GET', target: 'bucket', query: ['location'] },
  { operation: 'PutBucketVersioning', method: 'PUT', target: 'bucket', query: ['versioning'] },
  { operation: 'GetBucketVersioning', method: 'GET', target: 'bucket', query: ['versioning'] },
  { operation: 'PutBucketEncryption', method: 'PUT', target: 'bucket', query: ['encryption'] },
  { operation: 'GetBucketEncryption', method: 'GET', target: 'bucket', query: ['encryption'] },
  {
    operation: 'DeleteBucketEncryption',
    method: 'DELETE',
    target: 'bucket',
    query: ['encryption'],
  },
  { operation: 'PutBucketPolicy', method: 'PUT', target: 'bucket', query: ['policy'] },
  { operation: 'GetBucketPolicy', method: 'GET', target: 'bucket', query: ['policy'] },
  { operation: 'DeleteBucketPolicy', method: 'DELETE', target: 'bucket', query: ['policy'] },
  {
    operation: 'ListObjectsV2',
    method: 'GET',
    target: 'bucket',
    queryValues: { 'list-type': '2' },
  },
  { operation: 'ListObjectVersions', method: 'GET', target: 'bucket', query: ['versions'] },
  { operation: 'ListMultipartUploads', method: 'GET', target: 'bucket', query: ['uploads'] },
  { operation: 'DeleteObjects', method: 'POST', target: 'bucket', query: ['delete'] },
  { operation: 'PostObject', method: 'POST', target: 'bucket', contentType: 'multipart/form-data' },
  { operation: 'ListObjects', method: 'GET', target: 'bucket' },
  { operation: 'CreateBucket', method: 'PUT', target: 'bucket' },
  { operation: 'DeleteBucket', method: 'DELETE', target: 'bucket' },
  { operation: 'HeadBucket', method: 'HEAD', target: 'bucket' },

  {
    operation: 'UploadPartCopy',
    method: 'PUT',
    target: 'object',
    query: ['partNumber', 'uploadId'],
    headers: [COPY_SOURCE],
  },
  { operation: 'UploadPart', method: 'PUT', target: 'object', query: ['partNumber', 'uploadId'] },
  { operation: 'UpdateObjectEncryption', method: 'PUT', target: 'object', query: ['encryption'] },
  { operation: 'CopyObject', method: 'PUT', target: 'object', headers: [COPY_SOURCE] },
  { operation: 'PutObject', method: 'PUT', target: 'object' },
  { operation: 'CreateMultipartUpload', method: 'POST', target: 'object', query: ['uploads'] },
  { operation: 'CompleteMultipartUpload', method: 'POST', target: 'object', query: ['uploadId'] },
  { operation: 'AbortMultipartUpload', method: 'DELETE', target: 'object', query: ['uploadId'] },
  { operation: 'ListParts', method: 'GET', target: 'object', query: ['uploadId'] },
  { operation: 'GetObjectAttributes', method: 'GET', target: 'object', query: ['attributes'] },
  { operation: 'GetObject', method: 'GET', target: 'object' },
  { operation: 'HeadObject', method: 'HEAD', target: 'object' },
  { operation: 'DeleteObject', method: 'DELETE', target: 'object' },
]

/** What routing looks at; built from a Request by `routeInput`. */
export interface RouteInput {
  readonly method: string
  readonly target: RouteTarget
  readonly query: URLSearchParams
  readonly headers: Headers
}

export type RouteMatch =
  | {
      readonly operation: S3OperationName
      readonly route: Route
      /** The SDK's `x-id` hint when sent: agrees with the routed operation? */
      readonly xIdAgrees: boolean | undefined
    }
  | {
      readonly operation: undefined
      /** For NotImplemented: `GET /{Bucket}?lifecycle`, with the SDK's name when sent. */
      readonly description: string
    }

export function targetOf(address: Pick<S3Address, 'bucket' | 'key'>): RouteTarget {
  if (address.bucket === undefined) return 'service'
  return address.key === undefined ? 'bucket' : 'object'
}

function matches(route: Route, input: RouteInput): boolean {
  if (route.method !== input.method || route.target !== input.target) return false
  const named = new Set([...(route.query ?? []), ...Object.keys(route.queryValues ?? {})])
  for (const key of named) if (!input.query.has(key)) return false
  for (const [key, value] of Object.entries(route.queryValues ?? {})) {
    if (input.query.get(key) !== value) return false
  }
  for (const key of input.query.keys()) {
    if (SUBRESOURCES.has(key) && !named.has(key)) return false
  }
  for (const header of route.headers ?? []) if (!input.headers.has(header)) return false
  if (route.contentType !== undefined) {
    const type = (input.headers.get(CONTENT_TYPE) ?? '').toLowerCase()
    if (!type.startsWith(route.contentType)) return false
  }
  return true
}

const TEMPLATES: Record<RouteTarget, string> = {
  service: '/',
  bucket: '/{Bucket}',
  object: '/{Bucket}/{Key+}',
}

function describe(input: RouteInput, xId: string | null): string {
  const selectors = [...new Set(input.query.keys())].filter((k) => SUBRESOURCES.has(k))
  const request = `${input.method} ${TEMPLATES[input.target]}${
    selectors.length === 0 ? '' : `?${selectors.join('&')}`
  }`
  return xId === null || xId === '' ? request : `${xId} (${request})`
}

/** Finds the operation; `x-id` never decides it (the SDK's hint, absent from other clients). */
export function matchRoute(input: RouteInput): RouteMatch {
  const method = input.method.toUpperCase()
  const normalised = method === input.method ? input : { ...input, method }
  const xId = input.query.get(QUERY_X_ID)
  const route = S3_ROUTES.find((r) => matches(r, normalised))
  if (route === undefined) return { operation: undefined, description: describe(normalised, xId) }
  return {
    operation: route.operation,
    route,
    xIdAgrees: xId === null ? undefined : xId === route.operation,
  }
}

/** Routing input from a request and its resolved address. */
export function routeInput(
  request: Request,
  address: S3Address,
  url = new URL(request.url),
): RouteInput {
  return {
    method: request.method.toUpperCase(),
    target: targetOf(address),
    query: url.searchParams,
    headers: request.headers,
  }
}
