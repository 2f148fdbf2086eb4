/**
 * Server mode's own endpoints, for suites in other languages: a health check to wait on and a
 * reset between tests (as moto's `POST /moto-api/reset`). They live under `/_s3-kms-mock/`, which
 * no path-style S3 request can address: bucket names start with a lowercase letter or a digit
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). They are only
 * answered on the server's own host, never on a virtual-hosted `bucket.localhost`, where the
 * same path is an ordinary object key.
 */
export const CONTROL_PREFIX = '/_s3-kms-mock/'
export const HEALTH_PATH = `${CONTROL_PREFIX}health`
export const RESET_PATH = `${CONTROL_PREFIX}reset`

/**
 * Every control endpoint but the health check needs this request header with the value `1`. A
 * cross-site "simple" request (a form post, `fetch` in no-cors mode) cannot carry a custom header:
 * a browser must first send a CORS preflight, which this server never grants, so no web page can
 * reset the world or read it.
 */
export const CONTROL_HEADER = 'x-s3-kms-mock-control'

export interface ControlTarget {
  /** Empties the world (and loads the server's fixture again). */
  reset(): void | Promise<void>
  /** True for the server's own host (not a virtual-hosted bucket under it). */
  isServerHost(url: URL): boolean
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body)}\n`, {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  })
}

/** Wraps a handler so the control paths are answered before anything reaches it. */
export function withControlRoutes(
  handle: (request: Request) => Promise<Response>,
  target: ControlTarget,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    if (!url.pathname.startsWith(CONTROL_PREFIX) || !target.isServerHost(url)) {
      return handle(request)
    }
    // Control requests carry no body worth reading; drop it so the connection can be reused.
    await request.body?.cancel().catch(() => undefined)
    const method = request.method.toUpperCase()
    // One rule for the whole prefix, so every control endpoint (present and future) has it.
    if (url.pathname !== HEALTH_PATH && request.headers.get(CONTROL_HEADER) !== '1') {
      return json(403, {
        error: `Missing the request header "${CONTROL_HEADER}: 1", which every control endpoint but ${HEALTH_PATH} needs (no web page can send it without a CORS preflight, which this server never grants).`,
      })
    }
    if (url.pathname === HEALTH_PATH) {
      if (method !== 'GET' && method !== 'HEAD') {
        return json(405, { error: 'Use GET.' }, { allow: 'GET, HEAD' })
      }
      return json(200, { status: 'running', services: ['s3', 'kms'] })
    }
    if (url.pathname === RESET_PATH) {
      if (method !== 'POST') return json(405, { error: 'Use POST.' }, { allow: 'POST' })
      await target.reset()
      return json(200, { status: 'ok' })
    }
    return json(404, {
      error: `No such control endpoint. Use GET ${HEALTH_PATH} or POST ${RESET_PATH}.`,
    })
  }
}
