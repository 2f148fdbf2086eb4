import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import tls from 'node:tls'
import { limitConnections } from './connection-limit.js'
import { pipeWebToWritable, readableToWeb } from './streams.js'
import type { TlsMaterial } from './tls.js'

/**
 * The node side of server mode: a real HTTP(S) listener that turns each IncomingMessage into a
 * Fetch `Request` (scheme from the listener, so `http:` vs `https:` reaches the handler as the
 * client used it) and streams the handler's `Response` back. It knows nothing of AWS.
 */
export interface HttpServerOptions {
  readonly host: string
  /** 0 picks a free port. */
  readonly port: number
  /** Serve TLS with this key and certificate chain (PEM), and per-name ones issued by SNI. */
  readonly tls?: TlsMaterial | undefined
  readonly handle: (request: Request) => Promise<Response>
  /** The URL the handler sees, from scheme + Host header + path. Default: unchanged. */
  readonly resolveUrl?: ((url: URL) => URL) | undefined
  /** A handler that threw (it should answer errors itself); the client gets a bare 500. */
  readonly onError?: ((error: unknown) => void) | undefined
  /**
   * Whether to answer a request with this `Host` header at all; refused ones get a 403 before the
   * handler sees them (server mode's DNS-rebinding guard). Default: every host.
   */
  readonly acceptHost?: ((host: string | undefined) => boolean) | undefined
  /** Time and connection limits; each defaults to `DEFAULT_HTTP_LIMITS`. */
  readonly limits?: Partial<HttpLimits> | undefined
}

/**
 * Limits so one client cannot take the server from the others (issue #14 item 5). `0` turns a
 * timeout off.
 * @public
 */
export interface HttpLimits {
  /** The request line and headers must arrive within this. Default 10 s (node: 60 s). */
  headersTimeoutMs: number
  /**
   * The whole request, body included, must arrive within this: a body dribbled at 1 byte/s is cut
   * (408). Default 300 s, node's own, ample for GiB uploads over loopback.
   */
  requestTimeoutMs: number
  /** A connection with no traffic either way for this long is closed. Default 60 s. */
  idleTimeoutMs: number
  /**
   * Open connections at most. When full, the least recently used one with no request in flight
   * makes room; only when all are answering is a newcomer refused. Default 256.
   */
  maxConnections: number
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  idleTimeoutMs: 60_000,
  maxConnections: 256,
}

/** How long a connection whose request body was left unread may linger after its response. */
const UNREAD_BODY_GRACE_MS = 1000

export interface HttpServer {
  readonly protocol: 'http:' | 'https:'
  /** The port actually bound (useful with port 0). */
  readonly port: number
  /** Requests being answered right now. */
  readonly inFlight: number
  /**
   * Graceful stop: no new connections, idle keep-alive connections close now, in-flight
   * requests finish and their connections close after the response. Resolves when all are gone.
   */
  close(): Promise<void>
  /** Cuts every connection at once (a second Ctrl-C, a stuck client). */
  destroy(): void
}

// Framing is node's job: the handler's idea of these would contradict what node writes.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade'])

function hasBody(req: http.IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false
  if (req.headers['transfer-encoding'] !== undefined) return true
  const length = req.headers['content-length']
  return length !== undefined && length !== '0'
}

function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    // rawHeaders keep repeated fields apart; Headers joins them with ', ' as fetch does.
    headers.append(raw[i] as string, raw[i + 1] as string)
  }
  return headers
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

export async function listenHttp(options: HttpServerOptions): Promise<HttpServer> {
  const protocol = options.tls === undefined ? 'http:' : 'https:'
  const resolveUrl = options.resolveUrl ?? ((url: URL) => url)
  const onError =
    options.onError ??
    ((error: unknown) => {
      console.error(error)
    })
  let closing = false
  let inFlight = 0
  let port = options.port
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.limits }
  const acceptHost = options.acceptHost ?? (() => true)

  const answer = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    expectsContinue: boolean,
  ): Promise<void> => {
    inFlight++
    connections.busy(req.socket)
    res.once('close', () => {
      connections.idle(req.socket)
    })
    let continueSent = false
    const aborted = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) aborted.abort(new Error('The client went away.'))
    })
    res.once('finish', () => {
      // The connection is idle once its response is out; while closing, let it go now.
      if (closing)
        setImmediate(() => {
          server.closeIdleConnections()
        })
    })
    try {
      if (!acceptHost(req.headers.host)) {
        // Never reaches the world: no audit event, no state, no body read.
        res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' })
        res.end(
          `Host "${String(req.headers.host)}" is not one of this server's names, so it is refused (DNS rebinding guard). Add it with --allow-host NAME or startServer({ allowHosts: [NAME] }).\n`,
        )
        return
      }
      let url: URL
      try {
        const authority = req.headers.host ?? `${hostForUrl(options.host)}:${port}`
        url = resolveUrl(new URL(req.url ?? '/', `${protocol}//${authority}`))
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain', connection: 'close' })
        res.end('Bad request: the Host header or request target is not a URL.\n')
        return
      }
      const withBody = hasBody(req)
      const body = withBody
        ? readableToWeb(req, () => {
            if (expectsContinue) {
              continueSent = true
              res.writeContinue()
            }
          })
        : null
      let response: Response
      try {
        const request = new Request(url, {
          method: req.method ?? 'GET',
          headers: headersOf(req),
          body,
          signal: aborted.signal,
          duplex: 'half',
        } as RequestInit)
        response = await options.handle(request)
      } catch (error) {
        onError(error)
        response = new Response('Internal error in the mock server.\n', {
          status: 500,
          headers: { 'content-type': 'text/plain' },
        })
      }
      // A client told to wait for 100 Continue that never got it will not send its body, so
      // the rest of the connection's byte stream is unknown: close it after this answer.
      // A body left unread (refused before reading, as a too-large KMS body) is not drained: the
      // connection closes shortly after the answer instead of reading the rest.
      const unread = withBody && !req.complete
      const closeAfter = closing || unread || (expectsContinue && withBody && !continueSent)
      if (unread) {
        res.once('finish', () => {
          setTimeout(() => req.socket.destroy(), UNREAD_BODY_GRACE_MS).unref()
        })
      }
      await writeResponse(req, res, response, closeAfter)
    } catch (error) {
      // The body stream failed mid-way (e.g. a read error): the client must not see a clean end.
      onError(error)
      res.destroy()
    } finally {
      inFlight--
    }
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    void answer(req, res, false)
  }
  // Node checks header and request deadlines on this interval (default 30 s, too coarse to
  // bound a slowloris to its headers timeout).
  const checking = Math.max(
    100,
    Math.min(1000, ...[limits.headersTimeoutMs, limits.requestTimeoutMs].filter((t) => t > 0)),
  )
  const serverOptions = { connectionsCheckingInterval: checking }
  const server: http.Server =
    options.tls === undefined
      ? http.createServer(serverOptions, listener)
      : https.createServer(
          {
            ...serverOptions,
            key: options.tls.key,
            cert: options.tls.cert,
            SNICallback: sniFor(options.tls),
          },
          listener,
        )
  const connections = limitConnections(server, limits.maxConnections)
  // Without a checkContinue listener node answers 100 Continue at once; with it, we answer only
  // when the body is actually read (see readableToWeb's onFirstPull).
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void answer(req, res, true)
  })
  // Idle keep-alive sockets outlive typical client pools' reuse windows so reuse rarely races a
  // server close. Node wants headersTimeout <= requestTimeout when both are on.
  server.requestTimeout = limits.requestTimeoutMs
  server.headersTimeout =
    limits.requestTimeoutMs > 0
      ? Math.min(limits.headersTimeoutMs || limits.requestTimeoutMs, limits.requestTimeoutMs)
      : limits.headersTimeoutMs
  server.keepAliveTimeout = Math.min(30_000, limits.idleTimeoutMs || 30_000)
  // No 'timeout' listener: node destroys a socket idle for this long.
  server.timeout = limits.idleTimeoutMs

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  server.on('error', onError)

  let closed: Promise<void> | undefined
  return {
    protocol,
    port,
    get inFlight() {
      return inFlight
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true
        server.close((error) => {
          if (error === undefined) resolve()
          else reject(error)
        })
        server.closeIdleConnections()
      })
      return closed
    },
    destroy() {
      closing = true
      server.closeAllConnections()
    },
  }
}

// Enough for every bucket a test suite touches; beyond it the oldest name is issued again.
const MAX_SNI_CONTEXTS = 1000

/** TLS contexts for names the main certificate does not cover, issued once per name. */
function sniFor(
  material: TlsMaterial,
): (
  servername: string,
  callback: (error: Error | null, context?: tls.SecureContext) => void,
) => void {
  const contexts = new Map<string, Promise<tls.SecureContext>>()
  return (servername, callback) => {
    let context = contexts.get(servername)
    if (context === undefined) {
      const issued = material.issue?.(servername)
      // undefined: the default context, i.e. the main certificate.
      if (issued === undefined) {
        callback(null)
        return
      }
      context = issued.then((pems) => tls.createSecureContext(pems))
      if (contexts.size >= MAX_SNI_CONTEXTS) contexts.delete(contexts.keys().next().value as string)
      contexts.set(servername, context)
    }
    context.then(
      (ready) => {
        callback(null, ready)
      },
      (error: unknown) => {
        contexts.delete(servername)
        callback(error instanceof Error ? error : new Error(String(error)))
      },
    )
  }
}

async function writeResponse(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  response: Response,
  closeAfter: boolean,
): Promise<void> {
  res.statusCode = response.status
  if (response.statusText !== '') res.statusMessage = response.statusText
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (closeAfter) res.setHeader('connection', 'close')
  const status = response.status
  // RFC 9110 §6.4.1: never a body on HEAD, 1xx, 204 or 304 (content-length may still describe it).
  const bodyless = req.method === 'HEAD' || status === 204 || status === 304 || status < 200
  if (bodyless || response.body === null) {
    if (response.body !== null) await response.body.cancel().catch(() => undefined)
    res.end()
    return
  }
  await pipeWebToWritable(response.body, res)
}
