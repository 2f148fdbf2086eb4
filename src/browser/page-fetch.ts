import type { WireRequest } from '../relay/protocol.js'
import {
  corsCheck,
  exposedResponse,
  needsPreflight,
  preflightGrants,
  unsafeHeaderNames,
} from './cors.js'

/**
 * A page request the browser's CORS steps refused (the page's `fetch` rejected with a
 * TypeError, as it does against S3). `preflight` is S3's answer when it refused the preflight.
 * @public
 */
export interface CorsRefusal {
  /** The page request's method. */
  readonly method: string
  /** The page request's URL. */
  readonly url: string
  /** The page's origin, as the browser sends it. */
  readonly origin: string
  /** Chromium's wording of why. */
  readonly reason: string
  /** S3's answer to the preflight: status, and the code and message of its `<Error>`. */
  readonly preflight?: {
    readonly status: number
    readonly code?: string
    readonly message?: string
  }
}

/** S3's error code and message from an `<Error>` body, read as the page would read it. */
function errorOf(text: string): { code?: string; message?: string } {
  const document = new DOMParser().parseFromString(text, 'application/xml')
  const code = document.querySelector('Error > Code')?.textContent ?? undefined
  const message = document.querySelector('Error > Message')?.textContent ?? undefined
  return {
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
  }
}

async function wireOf(request: Request, origin: string): Promise<WireRequest> {
  const headers: [string, string][] = [['origin', origin]]
  request.headers.forEach((value, name) => headers.push([name, value]))
  const method = request.method.toUpperCase()
  const body =
    method === 'GET' || method === 'HEAD' ? null : new Uint8Array(await request.arrayBuffer())
  return { method, url: request.url, headers, body }
}

/**
 * Answers a page's request as Chromium would against S3: a cross-origin request is preflighted
 * when Fetch requires it (headers a page cannot set, such as `Origin`, are added to the wire
 * request directly: a page-made `Request` would drop them), checked, and filtered; a refusal is
 * a network error. Same-origin requests go through as they are.
 */
export async function answerAsBrowser(
  request: Request,
  send: (wire: WireRequest) => Promise<Response>,
  refusals: CorsRefusal[],
): Promise<Response> {
  const origin = globalThis.location.origin
  const method = request.method.toUpperCase()
  if (new URL(request.url).origin === origin) return send(await wireOf(request, origin))
  const credentialed = request.credentials === 'include'
  const refuse = (reason: string, preflight?: CorsRefusal['preflight']): Response => {
    refusals.push({ method, url: request.url, origin, reason, ...(preflight ? { preflight } : {}) })
    console.error(
      `Access to fetch at '${request.url}' from origin '${origin}' has been blocked by CORS policy: ${reason}`,
    )
    return Response.error()
  }
  if (needsPreflight(method, request.headers)) {
    const names = unsafeHeaderNames(request.headers)
    const preflight = await send({
      method: 'OPTIONS',
      url: request.url,
      headers: [
        ['origin', origin],
        ['access-control-request-method', method],
        ...(names.length === 0
          ? []
          : [['access-control-request-headers', names.join(',')] as [string, string]]),
      ],
      body: null,
    })
    if (preflight.status < 200 || preflight.status > 299) {
      return refuse(
        "Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
        { status: preflight.status, ...errorOf(await preflight.text()) },
      )
    }
    const why =
      corsCheck(preflight, origin, credentialed) ??
      preflightGrants(preflight, method, names, credentialed)
    if (why !== undefined) {
      return refuse(`Response to preflight request doesn't pass access control check: ${why}`)
    }
  }
  const response = await send(await wireOf(request, origin))
  const why = corsCheck(response, origin, credentialed)
  if (why !== undefined) return refuse(why)
  return exposedResponse(response, credentialed)
}
