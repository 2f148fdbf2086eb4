import {
  AccessDenied,
  AuthorizationHeaderMalformed,
  AuthorizationQueryParametersError,
  InvalidArgument,
} from '../../s3/errors.js'

/** A SigV4 signature as sent, header or presigned query form. */
export interface SigV4Auth {
  readonly kind: 'header' | 'presigned'
  readonly accessKeyId: string
  /** Scope date, `yyyymmdd`. */
  readonly date: string
  readonly region: string
  readonly service: string
  /** `x-amz-date` / `X-Amz-Date`, `yyyymmddThhmmssZ`. */
  readonly longDate: string
  readonly signedHeaders: readonly string[]
  readonly signature: string
  /** Presigned only: `X-Amz-Expires` in seconds. */
  readonly expires?: number
}

export interface ScopeExpectations {
  /** When set, a credential scope for another region is refused. */
  readonly region?: string
  /** Defaults to `s3`. */
  readonly service?: string
}

const ALGORITHM = 'AWS4-HMAC-SHA256'
const LONG_DATE = /^\d{8}T\d{6}Z$/
const MAX_EXPIRES = 604800
const EXPECTING = 'expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".'

/** Scope checks shared by both forms; `fail` wraps the detail in the form's error. */
function parseCredential(
  credential: string,
  longDate: string,
  expect: ScopeExpectations,
  fail: (detail: string, region?: string) => Error,
): { accessKeyId: string; date: string; region: string; service: string } {
  const parts = credential.split('/')
  const [accessKeyId, date, region, service, terminal] = parts
  if (
    parts.length !== 5 ||
    accessKeyId === undefined ||
    accessKeyId === '' ||
    date === undefined ||
    !/^\d{8}$/.test(date) ||
    region === undefined ||
    region === '' ||
    service === undefined ||
    terminal === undefined
  ) {
    throw fail(`the Credential is mal-formed; ${EXPECTING}`)
  }
  if (expect.region !== undefined && region !== expect.region) {
    throw fail(`the region '${region}' is wrong; expecting '${expect.region}'`, expect.region)
  }
  const wanted = expect.service ?? 's3'
  if (service !== wanted) {
    throw fail(`incorrect service "${service}". This endpoint belongs to "${wanted}".`)
  }
  if (terminal !== 'aws4_request') {
    throw fail(`incorrect terminal "${terminal}". This endpoint uses "aws4_request".`)
  }
  if (date !== longDate.slice(0, 8)) {
    throw fail(`Invalid credential date. Date is not the same as X-Amz-Date.`)
  }
  return { accessKeyId, date, region, service }
}

function signedHeaderList(value: string): string[] {
  return value
    .split(';')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '')
}

function presigned(query: URLSearchParams, expect: ScopeExpectations): SigV4Auth {
  const fail = (message: string, region?: string) =>
    new AuthorizationQueryParametersError(message, region === undefined ? {} : { Region: region })
  const get = (name: string) => query.get(name)
  const algorithm = get('X-Amz-Algorithm')
  const credential = get('X-Amz-Credential')
  const signature = get('X-Amz-Signature')
  const longDate = get('X-Amz-Date')
  const signedHeaders = get('X-Amz-SignedHeaders')
  const expires = get('X-Amz-Expires')
  if (
    algorithm === null ||
    credential === null ||
    signature === null ||
    longDate === null ||
    signedHeaders === null ||
    expires === null
  ) {
    throw fail(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    )
  }
  // Uncaptured texts below follow what S3-compatible servers copy from S3.
  if (algorithm !== ALGORITHM) throw fail(`X-Amz-Algorithm only supports "${ALGORITHM}"`)
  if (!LONG_DATE.test(longDate)) {
    throw fail(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`)
  }
  if (!/^-?\d+$/.test(expires)) throw fail('X-Amz-Expires should be a number')
  const seconds = Number(expires)
  if (seconds < 0) throw fail('X-Amz-Expires must be non-negative')
  if (seconds > MAX_EXPIRES) {
    // Captured from S3 (bryanjos/aws_auth#31, aws/aws-cli#5464).
    throw fail(
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    )
  }
  const scope = parseCredential(credential, longDate, expect, (detail, region) =>
    fail(`Error parsing the X-Amz-Credential parameter; ${detail}`, region),
  )
  return {
    kind: 'presigned',
    ...scope,
    longDate,
    signedHeaders: signedHeaderList(signedHeaders),
    signature,
    expires: seconds,
  }
}

/** `yyyymmddThhmmssZ` from an RFC 1123 `Date` header, for clients that sign that instead. */
function longDateOf(date: string | null): string | undefined {
  if (date === null) return undefined
  const ms = Date.parse(date)
  if (Number.isNaN(ms)) return undefined
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function header(request: Request, value: string, expect: ScopeExpectations): SigV4Auth {
  const fields = new Map<string, string>()
  for (const part of value.slice(ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=')
    if (eq !== -1) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const credential = fields.get('Credential')
  const signedHeaders = fields.get('SignedHeaders')
  const signature = fields.get('Signature')
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    throw new AuthorizationHeaderMalformed(
      'the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    )
  }
  const amzDate = request.headers.get('x-amz-date')
  const longDate =
    amzDate !== null && LONG_DATE.test(amzDate) ? amzDate : longDateOf(request.headers.get('date'))
  if (longDate === undefined) {
    throw new AccessDenied('AWS authentication requires a valid Date or x-amz-date header')
  }
  const scope = parseCredential(credential, longDate, expect, (detail, region) => {
    return new AuthorizationHeaderMalformed(detail, region)
  })
  return {
    kind: 'header',
    ...scope,
    longDate,
    signedHeaders: signedHeaderList(signedHeaders),
    signature,
  }
}

/** How a request says who signed it, before any of it is checked (SPEC §5.5, §5.8). */
export type AuthForm =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'sigv4-header'; readonly value: string }
  | { readonly kind: 'sigv4-query' }
  | { readonly kind: 'sigv2-header'; readonly accessKeyId: string }
  | { readonly kind: 'sigv2-query'; readonly accessKeyId: string | undefined }
  /** An `Authorization` header of no form AWS accepts (`AWS4-HMAC-SHA256x …`, `Bearer …`). */
  | { readonly kind: 'unsupported'; readonly value: string }

const SIGV2_HEADER = /^AWS ([^:\s]+):(\S+)$/

/**
 * Classifies the `Authorization` header and query: SigV4 (header or presigned), SigV2 (header
 * `AWS key:signature`, or query `AWSAccessKeyId` + `Signature` + `Expires`), none, or something
 * unsupported. Only the exact SigV4 algorithm followed by a space counts as SigV4: a prefix match
 * would let `AWS4-HMAC-SHA256x` through as signed.
 */
export function authFormOf(request: Request, url: URL): AuthForm {
  const authorization = request.headers.get('authorization')
  const query = url.searchParams
  if (authorization !== null) {
    if (authorization.startsWith(`${ALGORITHM} `))
      return { kind: 'sigv4-header', value: authorization }
    const v2 = SIGV2_HEADER.exec(authorization)
    if (v2?.[1] !== undefined) return { kind: 'sigv2-header', accessKeyId: v2[1] }
    return { kind: 'unsupported', value: authorization }
  }
  if (query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature'))
    return { kind: 'sigv4-query' }
  if (query.has('AWSAccessKeyId') || query.has('Signature')) {
    return { kind: 'sigv2-query', accessKeyId: query.get('AWSAccessKeyId') ?? undefined }
  }
  return { kind: 'anonymous' }
}

/** What S3 reads from a request's signature: SigV4 parsed, SigV2 recognised, or none. */
export type S3Signature =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'sigv4'; readonly auth: SigV4Auth }
  | { readonly kind: 'sigv2'; readonly accessKeyId: string }

/**
 * Reads the signature of an S3 request, refusing malformed ones with S3's errors in every mode:
 * AuthorizationQueryParametersError for the presigned query, AuthorizationHeaderMalformed for a
 * SigV4 header, InvalidArgument "Unsupported Authorization Type" for an unknown scheme (captured
 * from S3 in versity/versitygw#1512), AccessDenied for an incomplete SigV2 query.
 */
export function readS3Signature(
  request: Request,
  url: URL = new URL(request.url),
  expect: ScopeExpectations = {},
): S3Signature {
  const form = authFormOf(request, url)
  const query = url.searchParams
  const presignedToo =
    query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature')
  if (form.kind !== 'anonymous' && form.kind !== 'sigv4-query' && presignedToo) {
    throw new InvalidArgument(
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      'Authorization',
      request.headers.get('authorization') ?? '',
    )
  }
  switch (form.kind) {
    case 'anonymous':
      return form
    case 'sigv4-query':
      return { kind: 'sigv4', auth: presigned(query, expect) }
    case 'sigv4-header':
      return { kind: 'sigv4', auth: header(request, form.value, expect) }
    case 'sigv2-header':
      return { kind: 'sigv2', accessKeyId: form.accessKeyId }
    case 'sigv2-query': {
      const accessKeyId = form.accessKeyId
      if (accessKeyId === undefined || !query.has('Signature') || !query.has('Expires')) {
        // Not captured from S3: the text S3-compatible servers copy for it.
        throw new AccessDenied(
          'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters',
        )
      }
      return { kind: 'sigv2', accessKeyId }
    }
    case 'unsupported':
      if (form.value.trim() === ALGORITHM) {
        throw new AuthorizationHeaderMalformed(
          'the authorization header requires three components: Credential, SignedHeaders, and Signature.',
        )
      }
      throw new InvalidArgument('Unsupported Authorization Type', 'Authorization', form.value)
  }
}
