import { http, type RequestHandler } from 'msw'
import type { setupServer } from 'msw/node'
import { drain, sendableBody } from './body-chunks.js'
import { mswLogClones } from './internals/msw-log-cache/log-cache.js'
import { rawClientRequest } from './internals/raw-client-request/raw-client-request.js'
import { ownBody, replaceBody } from './internals/request-body/request-body.js'
import { pacedResponseBody } from './paced-response.js'

/**
 * The MSW side of the transport: one handler that claims the requests the world owns (AWS's S3
 * and KMS hosts and the configured endpoints) and hands the Fetch Request over. It knows nothing
 * of AWS; everything else is left to other handlers or passes through.
 */
export function createMswHandlers(
  owns: (url: URL) => boolean,
  handle: (request: Request) => Promise<Response>,
): RequestHandler[] {
  return [
    http.all(
      ({ request }) => owns(new URL(request.url)),
      async ({ request }) => paceLarge(request, await handle(watchBody(request))),
    ),
  ]
}

/** Bodies at least this large have MSW's unread copies released (`releaseMswCopies`). */
export const RELEASED_BODY_BYTES = 1024 * 1024

type MswEvents = ReturnType<typeof setupServer>['events']

/** A request body of 1 MiB or more, or of unknown length (a stream). */
function isLarge(headers: Headers): boolean {
  const length = headers.get('content-length')
  return length === null || Number(length) >= RELEASED_BODY_BYTES
}

/** A response body of 1 MiB or more (the world always sends Content-Length on object bodies). */
function isLargeResponse(response: Response): boolean {
  const length = response.headers.get('content-length')
  return response.body !== null && length !== null && Number(length) >= RELEASED_BODY_BYTES
}

/** Large responses go out at the client's pace (`pacedResponseBody`); the rest as they are. */
function paceLarge(request: Request, response: Response): Response {
  if (response.body === null || !isLargeResponse(response)) return response
  return new Response(pacedResponseBody(response.body, rawClientRequest(request)), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

/**
 * A request's body as the world reads it: chunks as Node's fetch would send them
 * (`sendableBody`), made safe in the ways MSW's own stream is not:
 *
 * - Cancel (every body): the world's cancel (a request refused mid-body) must not reach MSW's
 *   `Readable.toWeb` stream. Node 20 throws "Controller is already closed" from it while the
 *   socket still has data queued, and msw 3 never answers a `fetch` whose body it was (a form
 *   refused at the POST field cap hung on Node 24). A cancel reads the rest of the body and drops
 *   it instead, which also lets the client finish sending and read the answer.
 * - For a large body (1 MiB or more, or of unknown length), a client that goes away mid-body (an aborted upload): MSW's stream then never ends (msw 2;
 *   msw 3 errors it), and the world would wait for the rest forever, holding what it had
 *   encrypted. Here the body ends
 *   where the client stopped, so the world answers as S3 does to a short body (IncompleteBody,
 *   nothing stored); a body whose end cannot be told from a cut fails instead.
 */
function watchBody(request: Request): Request {
  if (request.body === null) return request
  // Every body is read as Node's fetch would send it (`sendableBody`): fetch hands MSW the
  // caller's own stream, whose chunks may be strings, views, empty, or fail mid-way. Read from
  // the body the Request holds when the world first asks: a `clone()` in between (the contract
  // suite's capture) replaces the original with a branch of its tee.
  replaceBody(request, () => {
    if (!isLarge(request.headers)) return sendableBody(ownBody(request), 'drain')
    return watched(request, sendableBody(ownBody(request)))
  })
  return request
}

function watched(request: Request, source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const client = rawClientRequest(request)
  const reader = source.getReader()
  let settled = false
  // A short body is detectable when its length was declared, or when its framing ends itself
  // (aws-chunked's zero-length last chunk: a body cut short fails its decoding).
  const declared =
    request.headers.get('content-length') !== null ||
    (request.headers.get('content-encoding') ?? '').includes('aws-chunked')
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        client?.once('close', () => {
          if (settled) return
          settled = true
          if (declared) controller.close()
          else
            controller.error(new Error('The client closed the connection before the body ended.'))
        })
      },
      async pull(controller) {
        let next: ReadableStreamReadResult<Uint8Array>
        try {
          next = await reader.read()
        } catch (error) {
          // msw 3 errors the stream when the client goes away ("Premature close"): the same cut.
          if (settled) return
          settled = true
          if (declared) controller.close()
          else controller.error(error)
          return
        }
        const { done, value } = next
        if (settled) return
        if (done) {
          settled = true
          controller.close()
        } else {
          controller.enqueue(value)
        }
      },
      cancel() {
        settled = true
        void drain(reader)
      },
    },
    { highWaterMark: 0 },
  )
}

/**
 * Stops MSW from keeping copies of the world's bodies that nobody reads, so an upload or a
 * download is held once, not two or three times (measured in bench/RESULTS.md):
 *
 * - Requests: each handler run clones the request for logging (`RequestHandler.cache`, msw 2 and
 *   3); the clone tees the body, so every chunk the world reads stays queued for the clone until
 *   the request is garbage — a whole copy of each upload while it runs. Node never logs it (its
 *   servers are quiet), so for the world's requests of 1 MiB or more (or of unknown length) the
 *   cache is seeded with the request itself at `request:start`, before any handler runs, and no
 *   tee is made; the handler then guards the body against cancel (`watchBody`).
 * - Responses: MSW's Node socket (interceptors 0.41) parses every mocked response it writes into
 *   a second `Response` for `response:mocked` listeners, buffered until the request is garbage.
 *   For the world's responses of 1 MiB or more, that copy is read and dropped as it arrives once
 *   every listener has run, unless one started reading or cloned it in that turn (both lock or
 *   replace the stream), so a listener that wants the body still gets it.
 *
 * The client's request and response are untouched. Returns the function that stops it.
 */
export function releaseMswCopies(events: MswEvents, owns: (url: URL) => boolean): () => void {
  const cache = mswLogClones()
  const onStart = ({ request }: { request: Request }): void => {
    if (cache === undefined || request.body === null || cache.has(request)) return
    if (isLarge(request.headers) && owns(new URL(request.url))) cache.set(request, request)
  }
  const listener = ({ request, response }: { request: Request; response: Response }): void => {
    if (!isLargeResponse(response)) return
    if (!owns(new URL(request.url))) return
    queueMicrotask(() => {
      const body = response.body
      if (body === null || response.bodyUsed || body.locked) return
      void drain(body.getReader())
    })
  }
  events.on('request:start', onStart)
  events.on('response:mocked', listener)
  return () => {
    events.removeListener('request:start', onStart)
    events.removeListener('response:mocked', listener)
  }
}
