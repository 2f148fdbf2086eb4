import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import tls from 'node:tls'
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
}

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

  const answer = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    expectsContinue: boolean,
  ): Promise<void> => {
    inFlight++
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
      const closeAfter = closing || (expectsContinue && withBody && !continueSent)
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
  const server: http.Server =
    options.tls === undefined
      ? http.createServer(listener)
      : https.createServer(
          { key: options.tls.key, cert: options.tls.cert, SNICallback: sniFor(options.tls) },
          listener,
        )
  // Without a checkContinue listener node answers 100 Continue at once; with it, we answer only
  // when the body is actually read (see readableToWeb's onFirstPull).
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void answer(req, res, true)
  })
  // Large uploads at a test's pace must not hit node's 300 s request timeout; idle keep-alive
  // sockets outlive typical client pools' reuse windows so reuse rarely races a server close.
  server.requestTimeout = 0
  server.keepAliveTimeout = 30_000

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
