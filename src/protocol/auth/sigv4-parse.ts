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
    throw fail('X-Amz-Expires must be less than a week (in seconds) that is 604800')
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

/**
 * Reads the SigV4 signature of a request, refusing malformed ones with S3's errors
 * (AuthorizationQueryParametersError for the query form, AuthorizationHeaderMalformed for the
 * header). Undefined when the request is not SigV4-signed (anonymous or SigV2).
 */
export function parseSigV4(
  request: Request,
  url: URL = new URL(request.url),
  expect: ScopeExpectations = {},
): SigV4Auth | undefined {
  const authorization = request.headers.get('authorization')
  const query = url.searchParams
  const isPresigned =
    query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature')
  if (authorization !== null && isPresigned) {
    throw new InvalidArgument(
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      'Authorization',
      authorization,
    )
  }
  if (isPresigned) return presigned(query, expect)
  if (authorization?.startsWith(`${ALGORITHM} `) === true)
    return header(request, authorization, expect)
  return undefined
}
