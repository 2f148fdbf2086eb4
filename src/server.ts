import { HEALTH_PATH, RESET_PATH, withControlRoutes } from './transport/control.js'
import { type HttpLimits, listenHttp } from './transport/http-server.js'
import { hostMatcher } from './transport/host-names.js'
import { generateCertificate, type TlsMaterial } from './transport/tls.js'
import { createMockAws } from './world/create-world.js'
import type { MockAws } from './world/mock-aws.js'
import type { MockAwsOptions } from './world/options.js'
import type { WorldFile } from './world/world-file.js'

/**
 * Options of `startServer()`: where to listen and how, plus every world option.
 * @public
 */
export interface StartServerOptions extends MockAwsOptions {
  /** Interface to bind. Default `127.0.0.1`: nothing outside this machine can reach the mock. */
  host?: string
  /** Port to bind; `0` (the default) picks a free one. The CLI defaults to 4566. */
  port?: number
  /**
   * Serve HTTPS: `true` generates a self-signed certificate for `localhost`, `127.0.0.1`, `::1`
   * and `host` (see `ca`), which also signs one for each `<bucket>.localhost` a client asks for;
   * or pass your own PEM `{ cert, key }`.
   */
  https?: boolean | { cert: string; key: string }
  /**
   * A world file (path, file URL or parsed object) loaded at start, and again after every reset,
   * so a suite in another language starts each test from the same keys, buckets and objects.
   */
  fixture?: string | URL | WorldFile
  /**
   * Host names to answer besides the server's own (`127.0.0.1`, `localhost`, `::1`,
   * `<bucket>.localhost`, any IP literal and `host`), each with its subdomains: e.g. a
   * docker-compose service name. Any other `Host` gets a 403 without touching the world, so a
   * web page cannot reach the server by DNS rebinding.
   */
  allowHosts?: readonly string[]
  /** Header, request and idle timeouts and the connection cap (see `HttpLimits` for defaults). */
  limits?: Partial<HttpLimits>
}

/**
 * A running server mode instance (SPEC §7): S3 and KMS on one port, over real HTTP(S).
 * @public
 */
export interface MockAwsHttpServer {
  /** The endpoint to give clients, e.g. `http://127.0.0.1:4566`. */
  readonly url: string
  /** Every origin the server answers as itself (`127.0.0.1`, `localhost`, the bound host). */
  readonly endpoints: readonly string[]
  /** `GET` it to wait for readiness (200 `{"status":"running"}`); it needs no control header. */
  readonly healthUrl: string
  /**
   * `POST` it (with `x-s3-kms-mock-control: 1`) to empty the world between tests (the fixture,
   * if any, is loaded again).
   */
  readonly resetUrl: string
  /** With `https`, the PEM certificate clients must trust; undefined over plain http. */
  readonly ca: string | undefined
  /** The world behind the server, to inspect or reset from the same process. */
  readonly world: MockAws
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  close(): Promise<void>
  /** Cuts every open connection now (after `close()` when a client would hold it forever). */
  destroy(): void
}

/** Audit events a server keeps unless `maxAuditEvents` says otherwise (~10 MB at most). */
export const DEFAULT_SERVER_AUDIT_EVENTS = 10_000

const WILDCARD: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '[::1]', '[::]': '[::1]' }

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/**
 * Starts S3 and KMS on a real port, for SDKs and tools in any language, or for code that cannot
 * be intercepted in-process. The world treats the server's own origins as custom endpoints, so
 * one port serves both services (told apart by `X-Amz-Target` and the signature's scope) and
 * `bucket.localhost:<port>` works for virtual-hosted addressing.
 * @public
 * @example
 * ```ts
 * const server = await startServer()
 * const s3 = new S3Client({ endpoint: server.url, forcePathStyle: true, region: 'us-east-1' })
 * // …
 * await server.close()
 * ```
 */
export async function startServer(options: StartServerOptions = {}): Promise<MockAwsHttpServer> {
  const {
    host = '127.0.0.1',
    port = 0,
    https,
    fixture,
    allowHosts = [],
    limits,
    ...worldOptions
  } = options
  let tls: TlsMaterial | undefined
  if (https === true) tls = await generateCertificate(host)
  else if (typeof https === 'object') tls = { key: https.key, cert: https.cert, ca: https.cert }

  // Filled in once the port is bound (the world's endpoints name it; port 0 picks it late) and the
  // fixture is loaded; until then clients get 503, as a server that is still starting.
  const bound: { world?: MockAws; ownHosts?: ReadonlySet<string>; canonical?: URL } = {}

  const handle = withControlRoutes(
    (request) => {
      if (bound.world === undefined) return Promise.resolve(new Response(null, { status: 503 }))
      return bound.world.handle(request)
    },
    {
      reset: async () => {
        bound.world?.reset()
        if (fixture !== undefined) await bound.world?.load(fixture)
      },
      isServerHost: (url) => bound.ownHosts?.has(url.host.toLowerCase()) === true,
      view: () => bound.world,
    },
  )

  const server = await listenHttp({
    host,
    port,
    tls,
    handle,
    // An accepted Host the world does not know (an IP of the machine when bound to 0.0.0.0, an
    // --allow-host alias) is answered as the server itself, path-style; the Host header itself is
    // kept, so signatures still verify against what the client signed.
    resolveUrl: (url) => {
      if (bound.canonical === undefined || bound.world?.owns(url) === true) return url
      return new URL(`${url.pathname}${url.search}`, bound.canonical)
    },
    onError: (error) => {
      console.error('[s3-kms-mock] server error:', error)
    },
    acceptHost: hostMatcher(host, allowHosts),
    limits,
  })

  const scheme = server.protocol
  const origin = (name: string): string => new URL(`${scheme}//${name}:${server.port}`).origin
  const shown = WILDCARD[host] ?? urlHost(host)
  const endpoints = [...new Set([shown, '127.0.0.1', 'localhost', '[::1]'].map(origin))]
  const canonical = new URL(origin(shown))
  let world: MockAws
  try {
    world = createMockAws({
      // A long-running server keeps a bounded audit log (issue #14 item 5).
      maxAuditEvents: DEFAULT_SERVER_AUDIT_EVENTS,
      ...worldOptions,
      endpoints: [...(worldOptions.endpoints ?? []), ...endpoints],
    })
    // Loaded through the world's own handler, before any client can be answered.
    if (fixture !== undefined) await world.load(fixture)
  } catch (error) {
    // Bad options or fixture (a UsageError): do not leave the port bound behind the caller's back.
    await server.close()
    throw error
  }
  Object.assign(bound, {
    world,
    canonical,
    ownHosts: new Set(endpoints.map((e) => new URL(e).host)),
  })

  return {
    url: canonical.origin,
    endpoints,
    healthUrl: new URL(HEALTH_PATH, canonical).href,
    resetUrl: new URL(RESET_PATH, canonical).href,
    ca: tls?.ca,
    world,
    close: () => server.close(),
    destroy: () => {
      server.destroy()
    },
  }
}

export type { HttpLimits, MockAws, MockAwsOptions, WorldFile }
