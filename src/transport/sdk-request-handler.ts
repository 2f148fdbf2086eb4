import { Readable } from 'node:stream'
import { RequestBodyUnreadable } from '../core/request-body.js'
import { sendableBody } from './body-chunks.js'
import { type LocalInit, localRequest } from './internals/local-request/local-request.js'
import { readableToWeb } from './streams.js'
import { urlOf } from './sdk-url.js'

/**
 * The no-socket side of the transport: an AWS SDK v3 `requestHandler` (smithy's `HttpHandler`)
 * that turns the SDK's `HttpRequest` into a Fetch `Request`, hands it to the same `handle` the MSW
 * handlers call, and gives the SDK back an `HttpResponse` whose body is a node `Readable`, as the
 * SDK's own `NodeHttpHandler` does. No socket, no interception. It knows nothing of AWS.
 *
 * The types below are the structural subset of `@smithy/types` the SDK passes and reads, so the
 * package needs no `@smithy/*` dependency for them and works with every SDK v3 release.
 */

/** What the SDK passes to a request handler (smithy `HttpRequest`). @public */
export interface SdkHttpRequest {
  method: string
  protocol: string
  hostname: string
  port?: number | undefined
  path: string
  query?: Record<string, string | string[] | null> | undefined
  headers: Record<string, string>
  /** Buffer, Uint8Array, string, a node `Readable` (aws-chunked uploads) or a web `ReadableStream`. */
  body?: unknown
}

/** What the handler answers (smithy `HttpResponse`); `body` is a node `Readable`. @public */
export interface SdkHttpResponse {
  statusCode: number
  reason?: string
  headers: Record<string, string>
  body: Readable
}

/**
 * The abort signal the SDK passes: the platform `AbortSignal`, or smithy's older `onabort` form.
 * @public
 */
export interface SdkAbortSignal {
  readonly aborted: boolean
  readonly reason?: unknown
  onabort?: unknown
}

/** The options the SDK passes per request (smithy `HttpHandlerOptions`). @public */
export interface SdkHandlerOptions {
  abortSignal?: SdkAbortSignal | undefined
  /** Ignored: nothing here waits on a network. */
  requestTimeout?: number | undefined
}

/**
 * An AWS SDK v3 `requestHandler` answering from a world in-process (smithy `HttpHandler`).
 * @public
 */
export interface SdkRequestHandler {
  readonly metadata: { readonly handlerProtocol: string }
  handle(
    request: SdkHttpRequest,
    options?: SdkHandlerOptions,
  ): Promise<{ response: SdkHttpResponse }>
  /** Part of smithy's `HttpHandler`; there is nothing to configure. */
  updateHttpClientConfig(key: never, value: never): void
  /** Part of smithy's `HttpHandler`; there is nothing to configure. */
  httpHandlerConfigs(): Record<string, never>
  /** Part of smithy's `HttpHandler`; there is nothing to release. */
  destroy(): void
}

/**
 * A streamed upload's body for the world, which an abort cuts where the SDK stopped sending: the
 * stream then simply ends, so the world answers as S3 does to a short body (IncompleteBody, nothing
 * stored) when the body's end could be told from a cut (a declared length, or aws-chunked framing).
 * Any other body is failed instead, so a cut is never taken for a whole object.
 */
interface CuttableBody {
  readonly stream: ReadableStream<Uint8Array>
  cut(reason: Error): void
}

function cuttable(readable: Readable, endIsKnown: boolean): CuttableBody {
  const reader = readableToWeb(readable).getReader()
  let cutBy: Error | undefined
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>
        try {
          chunk = await reader.read()
        } catch (error) {
          if (cutBy === undefined) {
            throw new RequestBodyUnreadable(
              `s3-kms-mock: the request body failed while being read: ${(error as Error).message}`,
              { cause: error },
            )
          }
          chunk = { done: true, value: undefined }
        }
        if (cutBy !== undefined && !endIsKnown) throw cutBy
        if (chunk.done || cutBy !== undefined) controller.close()
        else controller.enqueue(chunk.value)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
  return {
    stream,
    cut(reason) {
      cutBy = reason
      // As when the SDK's own handler destroys its socket: the source stops being read.
      readable.destroy(reason)
    },
  }
}

/** A request body as Fetch takes it; node streams become pull-driven web streams. */
function bodyOf(body: unknown): BodyInit | null {
  if (body === undefined || body === null) return null
  if (typeof body === 'string') return body
  // Typed arrays over a SharedArrayBuffer are not a BodyInit in the DOM types; the SDK never sends one.
  if (body instanceof Uint8Array) return body as Uint8Array<ArrayBuffer>
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength)
  }
  if (body instanceof ArrayBuffer) return body
  // Read as Node's fetch sends them: string chunks as UTF-8, views as their bytes (body-chunks.ts).
  if (body instanceof ReadableStream) return sendableBody(body as ReadableStream<unknown>)
  if (body instanceof Blob) return sendableBody(body.stream())
  throw new TypeError(
    `s3-kms-mock: unsupported request body type ${Object.prototype.toString.call(body)}`,
  )
}

const EMPTY_BODY_METHODS = new Set(['GET', 'HEAD'])

function toFetchRequest(
  request: SdkHttpRequest,
  url: string,
  signal: AbortSignal | undefined,
  streamed: CuttableBody | undefined,
): Request {
  const method = request.method.toUpperCase()
  const body = streamed?.stream ?? (EMPTY_BODY_METHODS.has(method) ? null : bodyOf(request.body))
  // The SDK's header record goes to Request as is (it copies it once into its own Headers).
  let headers = request.headers
  const sized = hasHeader(headers, 'content-length')
  // Node frames a body of unknown length with chunked transfer coding; say so, as on the wire.
  if (body instanceof ReadableStream && !sized) {
    headers = { ...headers, 'transfer-encoding': 'chunked' }
  }
  const init: LocalInit = { method, headers }
  if (signal !== undefined) init.signal = signal
  // Bytes of a declared length are offered whole (REQUEST_BYTES), else as one chunk of a plain
  // stream: undici would copy them into a byte stream, which costs more to build and to read.
  if (sized && (body instanceof Uint8Array || typeof body === 'string')) {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    return localRequest(url, init, bytes)
  }
  if (body === null || body instanceof ReadableStream) {
    return localRequest(url, init, body)
  }
  // Other bodies (bytes of no declared length) get undici's own handling, content-type included.
  return new Request(url, { ...init, body })
}

function headerOf(headers: Record<string, string>, lowerName: string): string | undefined {
  for (const name of Object.keys(headers))
    if (name.toLowerCase() === lowerName) return headers[name]
  return undefined
}

function hasHeader(headers: Record<string, string>, lowerName: string): boolean {
  return headerOf(headers, lowerName) !== undefined
}

/** Whether a body cut short can be told from a whole one: a declared length, or aws-chunked. */
function endIsKnown(headers: Record<string, string>): boolean {
  return (
    hasHeader(headers, 'content-length') ||
    (headerOf(headers, 'content-encoding') ?? '').includes('aws-chunked')
  )
}

/** The error the SDK's own handler rejects with on abort (`name: 'AbortError'`). */
function abortError(signal: SdkAbortSignal): Error {
  const reason = signal.reason
  const error = new Error(typeof reason === 'string' && reason !== '' ? reason : 'Request aborted')
  error.name = 'AbortError'
  if (reason instanceof Error) error.cause = reason
  return error
}

/** Calls `onAbort` once when the signal fires; returns the function that stops listening. */
function onAbortOf(signal: SdkAbortSignal, onAbort: () => void): () => void {
  const target = signal as Partial<EventTarget>
  if (typeof target.addEventListener === 'function') {
    target.addEventListener('abort', onAbort, { once: true })
    return () => {
      target.removeEventListener?.('abort', onAbort)
    }
  }
  signal.onabort = onAbort
  return () => {
    if (signal.onabort === onAbort) signal.onabort = null
  }
}

/**
 * A web body as a node `Readable` (what the SDK's stream mixin, `transformToByteArray()` and
 * response-checksum validation expect on Node). Pull-driven: one read per `_read`.
 */
function nodeBodyOf(body: ReadableStream<Uint8Array> | null): Readable {
  if (body === null) {
    return new Readable({
      read() {
        this.push(null)
      },
    })
  }
  const reader = body.getReader()
  let ended = false
  return new Readable({
    read() {
      reader.read().then(
        ({ done, value }) => {
          if (done) {
            ended = true
            this.push(null)
          } else {
            this.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
          }
        },
        (error: unknown) => {
          ended = true
          this.destroy(error instanceof Error ? error : new Error(String(error)))
        },
      )
    },
    destroy(error, callback) {
      if (!ended) reader.cancel(error ?? undefined).catch(() => undefined)
      callback(error)
    },
  })
}

/**
 * Builds the `requestHandler` over `handle`. Requests for URLs `owns` refuses are rejected with an
 * error naming the URL (the MSW lane would let them through to the network; this lane has none).
 */
export function createSdkRequestHandler(
  owns: (url: URL) => boolean,
  handle: (request: Request) => Promise<Response>,
): SdkRequestHandler {
  async function answer(
    request: SdkHttpRequest,
    options: SdkHandlerOptions,
  ): Promise<{ response: SdkHttpResponse }> {
    const signal = options.abortSignal
    if (signal?.aborted === true) throw abortError(signal)
    let controller: AbortController | undefined
    let stopListening: (() => void) | undefined
    let aborted: Promise<never> | undefined
    const streamed =
      request.body instanceof Readable && !EMPTY_BODY_METHODS.has(request.method.toUpperCase())
        ? cuttable(request.body, endIsKnown(request.headers))
        : undefined
    if (signal !== undefined) {
      controller = new AbortController()
      const abortController = controller
      aborted = new Promise<never>((_resolve, reject) => {
        stopListening = onAbortOf(signal, () => {
          const error = abortError(signal)
          abortController.abort(error)
          streamed?.cut(error)
          reject(error)
        })
      })
      // The race below may settle first; the loser must not become an unhandled rejection.
      aborted.catch(() => undefined)
    }
    try {
      const url = urlOf(request)
      const parsed = new URL(url)
      if (!owns(parsed)) {
        throw new Error(
          `s3-kms-mock: ${request.method} ${url} is not a host this world ` +
            'answers (AWS S3/KMS hosts and the `endpoints` option); world.requestHandler sends ' +
            'nothing over the network.',
        )
      }
      const pending = handle(toFetchRequest(request, parsed.href, controller?.signal, streamed))
      const response = await (aborted === undefined ? pending : Promise.race([pending, aborted]))
      const headers: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        headers[name] = value
      })
      const body = nodeBodyOf(response.body)
      if (signal !== undefined && stopListening !== undefined) {
        // Aborting while the SDK reads the body fails the read, as a destroyed socket does.
        const stopBody = onAbortOf(signal, () => {
          body.destroy(abortError(signal))
        })
        stopListening()
        stopListening = undefined
        body.once('close', stopBody)
      }
      return {
        response: {
          statusCode: response.status,
          ...(response.statusText === '' ? {} : { reason: response.statusText }),
          headers,
          body,
        },
      }
    } finally {
      stopListening?.()
    }
  }

  return {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: (request, options = {}) => answer(request, options),
    updateHttpClientConfig() {
      // Nothing to configure: there is no agent, socket or timeout here.
    },
    httpHandlerConfigs: () => ({}),
    destroy() {
      // Nothing to release.
    },
  }
}
