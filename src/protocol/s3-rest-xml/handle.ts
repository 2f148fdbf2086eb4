import { isAwsError } from '../../core/aws-error.js'
import type { Clock } from '../../core/clock.js'
import { type CorsRule, corsActual, corsPreflight } from '../../s3/cors.js'
import { type SigV4Credentials, verifySigV4 } from '../auth/sigv4.js'
import type { S3SigningService } from '../endpoints.js'
import type { CallSite, Dispatcher, OperationCall } from '../operation.js'
import { HeaderSnapshot } from '../header-snapshot.js'
import type { RequestMeta } from '../request-meta.js'
import { s3AccessRequest } from './access.js'
import { resolveS3Address } from './addressing.js'
import { ID_2, REQUEST_ID } from './headers.js'
import type { S3HttpRequest } from './http.js'
import { renderS3Error } from './render-error.js'
import { unroutedError } from './resources.js'
import { matchRoute, routeInput } from './routes.js'
import { type S3OperationName, s3Operations } from './operations/index.js'

export interface S3ProtocolOptions {
  /** The user's custom endpoints, for virtual-hosted buckets under them. */
  readonly endpoints: readonly (string | URL)[]
  readonly clock: Clock
  /** When set, signatures are verified in full (SPEC §5.5). */
  readonly credentials: readonly SigV4Credentials[]
  /** A bucket's CORS rules, for the headers of actual requests that carry an `Origin`. */
  readonly corsRules?: (bucket: string) => readonly CorsRule[] | undefined
}

/**
 * The CORS headers S3 adds to the response of an actual request with an `Origin`, whatever its
 * outcome (s3/cors.ts). Requests without `Origin` (every SDK call outside a browser) skip this.
 */
function withCors(
  response: Response,
  request: Request,
  bucket: string | undefined,
  options: S3ProtocolOptions,
): Response {
  const origin = request.headers.get('origin')
  if (origin === null || bucket === undefined || request.method === 'OPTIONS') return response
  const headers = corsActual(options.corsRules?.(bucket), {
    origin,
    method: request.method,
    requestMethod: request.headers.get('access-control-request-method') ?? undefined,
    requestHeaders: request.headers.get('access-control-request-headers') ?? undefined,
  })
  for (const [name, value] of Object.entries(headers ?? {})) response.headers.set(name, value)
  return response
}

/**
 * Presigned URLs carry signed `x-amz-*` parameters in the query instead of headers; S3 reads them
 * as the headers they stand for (SSE headers, storage class, metadata), except checksums: S3
 * ignores `x-amz-checksum-*` and `x-amz-sdk-checksum-algorithm` in a presigned query and stores
 * the body (sdk-wire-facts §1c: the default presigner puts the empty body's CRC32 there). They
 * stay signed (the signature covers the query as sent); a checksum *header* is still verified.
 */
function effectiveHeaders(request: Request, url: URL): Headers {
  if (!url.searchParams.has('X-Amz-Signature')) return new HeaderSnapshot(request.headers)
  // Copied entry by entry: `new Headers(init)` of a request MSW intercepted with a body keeps only
  // its content-type (seen under vitest), which lost the SSE-C headers of presigned PUTs.
  const headers = new Headers()
  request.headers.forEach((value, name) => {
    headers.append(name, value)
  })
  for (const [name, value] of url.searchParams) {
    const lower = name.toLowerCase()
    if (
      lower.startsWith('x-amz-') &&
      !PRESIGN_PARAMS.has(lower) &&
      !isQueryChecksum(lower) &&
      !headers.has(lower)
    )
      headers.set(lower, value)
  }
  return headers
}

/** `x-amz-checksum-<alg>`/`-type` and the SDK's algorithm name; not `x-amz-checksum-mode` (GET). */
const isQueryChecksum = (name: string): boolean =>
  name === 'x-amz-sdk-checksum-algorithm' ||
  (name.startsWith('x-amz-checksum-') && name !== 'x-amz-checksum-mode')

const PRESIGN_PARAMS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-content-sha256',
])

/** S3 request ids: 16 upper-case hex characters; host ids: base64. */
export function s3RequestIds(
  uuid: string,
  hostBytes: Uint8Array,
): { requestId: string; hostId: string } {
  return {
    // The first 16 hex digits of the UUID (8-4-4-…): no regex, no intermediate strings.
    requestId: `${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(14, 18)}`.toUpperCase(),
    hostId: Buffer.from(hostBytes).toString('base64'),
  }
}

/**
 * The S3 REST-XML protocol: address → route → authenticate → decode → dispatch → encode. Every
 * failure is rendered as S3 renders it (`<Error>`, no body on HEAD), and every request is one
 * audit event, including those refused before reaching an operation.
 */
export async function handleS3Request(
  request: Request,
  meta: RequestMeta,
  region: string,
  dispatcher: Dispatcher,
  options: S3ProtocolOptions,
  hostId: string,
  signingService: S3SigningService = 's3',
): Promise<Response> {
  const url = meta.url
  let call: OperationCall = {
    service: 's3',
    name: `${request.method} ${url.pathname}`,
    input: undefined,
    region,
    meta,
  }
  const progress = { dispatched: false }
  let bucket: string | undefined
  try {
    const address = resolveS3Address(url, options.endpoints)
    bucket = address.bucket
    // A browser's preflight (S3's "OPTIONS object"): unsigned, answered from the bucket's CORS
    // rules by the pure evaluation in s3/cors.ts, in both lanes and in server mode.
    if (request.method.toUpperCase() === 'OPTIONS' && bucket !== undefined) {
      const headers = corsPreflight(
        options.corsRules?.(bucket),
        {
          origin: request.headers.get('origin') ?? undefined,
          method: 'OPTIONS',
          requestMethod: request.headers.get('access-control-request-method') ?? undefined,
          requestHeaders: request.headers.get('access-control-request-headers') ?? undefined,
        },
        address.key === undefined ? 'BUCKET' : 'OBJECT',
      )
      return new Response(null, {
        status: 200,
        headers: { ...headers, [REQUEST_ID]: meta.requestId, [ID_2]: hostId },
      })
    }
    const routing = routeInput(request, address, url, signingService)
    const match = matchRoute(routing)
    if (match.operation === undefined) throw unroutedError(routing, match.description)
    const req: S3HttpRequest = {
      request,
      url,
      method: meta.method,
      bucket: address.bucket,
      key: address.key,
      query: url.searchParams,
      headers: effectiveHeaders(request, url),
      meta,
      // Only POST Object checks a signature itself (its form's policy).
      credentials: options.credentials,
    }
    const access = s3AccessRequest(s3Operations[match.operation], req, region)
    call = { ...call, name: match.operation, access }
    const auth = await verifySigV4(
      request,
      {
        clock: options.clock,
        credentials: options.credentials,
        service: match.route.signingService ?? 's3',
      },
      url,
    )
    // Anonymous requests go on: the bucket policy decides (s3/policy/authorize.ts), and without
    // an Allow to `*` they are refused with AccessDenied as private buckets refuse them.
    if (auth.chunks !== undefined) req.chunkSignatures = auth.chunks
    const response = await runOperation(match.operation, req, dispatcher, call, progress)
    response.headers.set(REQUEST_ID, meta.requestId)
    response.headers.set(ID_2, hostId)
    return withCors(response, request, bucket, options)
  } catch (error) {
    if (!isAwsError(error)) throw error
    if (!progress.dispatched) dispatcher.reject(call, error)
    return withCors(
      renderS3Error(error, meta.method, meta.requestId, hostId),
      request,
      bucket,
      options,
    )
  }
}

/**
 * Decode → dispatch → encode with one definition: generic in the operation, so its input and
 * output types flow from the definition through the dispatcher without a cast.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- K correlates the lookups (TS #47109)
async function runOperation<K extends S3OperationName>(
  name: K,
  req: S3HttpRequest,
  dispatcher: Dispatcher,
  site: CallSite,
  progress: { dispatched: boolean },
): Promise<Response> {
  const definition = s3Operations[name]
  const input = await definition.decode(req)
  // From here on the dispatcher audits the call, failed or not.
  progress.dispatched = true
  const output = await dispatcher.s3(name, input, site)
  return definition.encode(output, req)
}
