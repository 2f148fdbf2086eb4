import type { S3SigningService } from '../endpoints.js'
import type { S3Address } from './addressing.js'
import type { S3Resource, S3RouteSpec } from './define.js'
import { CONTENT_TYPE, QUERY_X_ID } from './headers.js'
import { type S3OperationName, s3Operations } from './operations/index.js'

export type RouteTarget = S3Resource

/** One row of the route table, from a definition's `routes`: all conditions must hold. */
export interface Route extends S3RouteSpec {
  readonly operation: S3OperationName
  readonly target: RouteTarget
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

const conditionCount = (r: Route): number =>
  (r.signingService === undefined ? 0 : 1) +
  (r.query?.length ?? 0) +
  Object.keys(r.queryValues ?? {}).length +
  (r.headers?.length ?? 0) +
  (r.contentType === undefined ? 0 : 1)

/**
 * Every definition's routes, most specific first: the first row whose conditions hold wins, so
 * `PUT ?partNumber&uploadId` with a copy source is UploadPartCopy before UploadPart, and the bare
 * `GET /{Bucket}` (ListObjects) comes last. Rows with the same number of conditions never
 * compete: they differ in a selecting subresource, which a request for the other lacks.
 */
export const S3_ROUTES: readonly Route[] = Object.values(s3Operations)
  .flatMap((definition): Route[] =>
    definition.routes.map((spec) => ({
      ...spec,
      operation: definition.name,
      target: definition.resource,
    })),
  )
  // Stable: equal rows keep the definitions' order.
  .sort((a, b) => conditionCount(b) - conditionCount(a))

/** What routing looks at; built from a Request by `routeInput`. */
export interface RouteInput {
  readonly method: string
  readonly target: RouteTarget
  readonly query: URLSearchParams
  readonly headers: Headers
  /** The SigV4 service the request is signed for (endpoints.ts); `s3` when absent. */
  readonly signingService?: S3SigningService
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
  if ((route.signingService ?? 's3') !== (input.signingService ?? 's3')) return false
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
  signingService: S3SigningService = 's3',
): RouteInput {
  return {
    method: request.method.toUpperCase(),
    target: targetOf(address),
    query: url.searchParams,
    headers: request.headers,
    signingService,
  }
}
