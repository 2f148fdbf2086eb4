import type { AuditEvent } from '../core/audit.js'
import { auditFilterFromQuery, ControlQueryError, objectQueryFrom } from './control-queries.js'

/**
 * Server mode's own endpoints, for suites in other languages: a health check to wait on, a
 * reset between tests (as moto's `POST /moto-api/reset`), and read-only views of what an
 * in-process suite asserts on (`world.audit.events()`, `world.s3.object().describe()`). They live
 * under `/_s3-kms-mock/`, which no path-style S3 request can address: bucket names start with a
 * lowercase letter or a digit
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). They are only
 * answered on the server's own host, never on a virtual-hosted `bucket.localhost`, where the
 * same path is an ordinary object key.
 */
export const CONTROL_PREFIX = '/_s3-kms-mock/'
export const HEALTH_PATH = `${CONTROL_PREFIX}health`
export const RESET_PATH = `${CONTROL_PREFIX}reset`
export const AUDIT_PATH = `${CONTROL_PREFIX}audit`
export const OBJECT_PATH = `${CONTROL_PREFIX}object`

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
  /** The world's assertion views; undefined while the server is still starting. */
  view(): ControlView | undefined
}

/** The part of the world's assertion API (`world.audit`, `world.s3`) the views answer from. */
export interface ControlView {
  readonly audit: { events(filter: (event: AuditEvent) => boolean): AuditEvent[] }
  readonly s3: {
    object(bucket: string, key: string, versionId?: string): { describe(): object | undefined }
  }
}

/** `undefined` members (an object without a checksum) are written as `null`: a stable shape. */
function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body, (_key, value: unknown) => (value === undefined ? null : value))
  return new Response(`${text}\n`, {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  })
}

const ROUTES = `GET ${HEALTH_PATH}, POST ${RESET_PATH}, GET ${AUDIT_PATH} or GET ${OBJECT_PATH}`

async function answer(request: Request, url: URL, target: ControlTarget): Promise<Response> {
  const method = request.method.toUpperCase()
  const onlyGet = (): Response => json(405, { error: 'Use GET.' }, { allow: 'GET' })
  switch (url.pathname) {
    case HEALTH_PATH:
      if (method !== 'GET' && method !== 'HEAD') {
        return json(405, { error: 'Use GET.' }, { allow: 'GET, HEAD' })
      }
      return json(200, { status: 'running', services: ['s3', 'kms'] })
    case RESET_PATH:
      if (method !== 'POST') return json(405, { error: 'Use POST.' }, { allow: 'POST' })
      await target.reset()
      return json(200, { status: 'ok' })
    case AUDIT_PATH: {
      if (method !== 'GET') return onlyGet()
      const filter = auditFilterFromQuery(url.searchParams)
      const world = target.view()
      if (world === undefined) return json(503, { error: 'The server is still starting.' })
      return json(200, { events: world.audit.events(filter) })
    }
    case OBJECT_PATH: {
      if (method !== 'GET') return onlyGet()
      const { bucket, key, versionId } = objectQueryFrom(url.searchParams)
      const world = target.view()
      if (world === undefined) return json(503, { error: 'The server is still starting.' })
      const described = world.s3.object(bucket, key, versionId).describe()
      if (described === undefined) {
        const version = versionId === undefined ? '' : ` version ${versionId}`
        return json(404, {
          error: `No object s3://${bucket}/${key}${version} (or it is a delete marker).`,
        })
      }
      return json(200, described)
    }
    default:
      return json(404, { error: `No such control endpoint. Use ${ROUTES}.` })
  }
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
    // One rule for the whole prefix, so every control endpoint (present and future) has it; the
    // health check stays open to plain probes (docker healthcheck, wait-for scripts).
    if (url.pathname !== HEALTH_PATH && request.headers.get(CONTROL_HEADER) !== '1') {
      return json(403, {
        error: `Missing the request header "${CONTROL_HEADER}: 1", which every control endpoint but ${HEALTH_PATH} needs (no web page can send it without a CORS preflight, which this server never grants).`,
      })
    }
    try {
      return await answer(request, url, target)
    } catch (error) {
      if (error instanceof ControlQueryError) return json(400, { error: error.message })
      throw error
    }
  }
}
