/**
 * The browser's side of CORS, which the page no longer performs itself once MSW's service worker
 * answers: a service worker may answer a cross-origin request with any response, so Chromium sends
 * no preflight and checks no header. To fail as a page fails against S3, the lane runs the Fetch
 * standard's CORS steps here (https://fetch.spec.whatwg.org/#http-cors-protocol): a preflight
 * when the request needs one, the CORS check on every answer, and only the exposed response
 * headers given to the page. S3's half (which rules allow what) stays in the world (s3/cors.ts).
 */

/** Methods a page may send without a preflight (Fetch: CORS-safelisted method). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST'])

/** `Content-Type` values that need no preflight (Fetch: CORS-safelisted request-header). */
const SAFE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
])

/** Response headers a page reads without `Access-Control-Expose-Headers` (Fetch). */
const SAFE_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
])

function isSafeHeader(name: string, value: string): boolean {
  if (value.length > 128) return false
  switch (name) {
    case 'accept':
    case 'accept-language':
    case 'content-language':
      return true
    case 'content-type':
      return SAFE_CONTENT_TYPES.has(value.split(';')[0]?.trim().toLowerCase() ?? '')
    case 'range':
      return /^bytes=\d+-\d*$/.test(value)
    default:
      return false
  }
}

/** Names of the request's headers a preflight must ask for, lower-case and sorted (Fetch). */
export function unsafeHeaderNames(headers: Headers): string[] {
  const names: string[] = []
  headers.forEach((value, name) => {
    if (!isSafeHeader(name, value)) names.push(name)
  })
  return names.sort()
}

/** Whether the request needs a preflight before it may be sent. */
export function needsPreflight(method: string, headers: Headers): boolean {
  return !SAFE_METHODS.has(method) || unsafeHeaderNames(headers).length > 0
}

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')

/**
 * Fetch's CORS check of a response: why it fails, or undefined when the page may read it.
 * `credentialed` is a request whose credentials mode is `include`.
 */
export function corsCheck(
  response: Response,
  origin: string,
  credentialed: boolean,
): string | undefined {
  const allowed = response.headers.get('access-control-allow-origin')
  if (allowed === null) {
    return "No 'Access-Control-Allow-Origin' header is present on the requested resource."
  }
  if (allowed === '*' && !credentialed) return undefined
  if (allowed !== origin) {
    return `The 'Access-Control-Allow-Origin' header has a value '${allowed}' that is not equal to the supplied origin.`
  }
  if (credentialed && response.headers.get('access-control-allow-credentials') !== 'true') {
    return "The value of the 'Access-Control-Allow-Credentials' header in the response is not 'true'."
  }
  return undefined
}

/** Fetch's checks of a successful preflight's methods and headers; why it fails, or undefined. */
export function preflightGrants(
  response: Response,
  method: string,
  headerNames: readonly string[],
  credentialed: boolean,
): string | undefined {
  const methods = list(response.headers.get('access-control-allow-methods'))
  const wildcard = (items: readonly string[]): boolean => !credentialed && items.includes('*')
  if (!SAFE_METHODS.has(method) && !methods.includes(method) && !wildcard(methods)) {
    return `Method ${method} is not allowed by Access-Control-Allow-Methods in preflight response.`
  }
  const headers = list(response.headers.get('access-control-allow-headers')).map((h) =>
    h.toLowerCase(),
  )
  const missing = headerNames.find((name) => !headers.includes(name) && !wildcard(headers))
  if (missing !== undefined) {
    return `Request header field ${missing} is not allowed by Access-Control-Allow-Headers in preflight response.`
  }
  return undefined
}

/** The response as the page sees it: only safelisted and exposed headers (Fetch). */
export function exposedResponse(response: Response, credentialed: boolean): Response {
  const exposed = new Set(
    list(response.headers.get('access-control-expose-headers')).map((h) => h.toLowerCase()),
  )
  const all = exposed.has('*') && !credentialed
  const headers = new Headers()
  response.headers.forEach((value, name) => {
    if (SAFE_RESPONSE_HEADERS.has(name) || exposed.has(name) || (all && name !== 'set-cookie')) {
      headers.append(name, value)
    }
  })
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  })
}
