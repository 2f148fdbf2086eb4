import { http, RequestHandler } from 'msw'
import type { setupServer } from 'msw/node'
import { pacedResponseBody, rawClientRequest } from './paced-response.js'

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
      async ({ request }) => paceLarge(request, await handle(guardUntee(request))),
    ),
  ]
}

/** Bodies at least this large have MSW's unread copies released (`releaseMswCopies`). */
export const RELEASED_BODY_BYTES = 1024 * 1024

const logClones = (): WeakMap<Request, Request> | undefined =>
  (RequestHandler as unknown as { cache?: WeakMap<Request, Request> }).cache

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
 * The body of a request `releaseMswCopies` kept from being teed, made safe to cancel. Without the
 * tee, the world's cancel (a request refused mid-body) reaches MSW's `Readable.toWeb` stream, and
 * Node 20 throws "Controller is already closed" from it when the socket still has data queued.
 * Here a cancel reads the rest of the body and drops it instead, which is also what lets the
 * client finish sending and read the answer.
 */
function guardUntee(request: Request): Request {
  const source = request.body
  if (source === null || logClones()?.get(request) !== request) return request
  const reader = source.getReader()
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      },
      cancel() {
        void drain(reader)
      },
    },
    { highWaterMark: 0 },
  )
  // An own property shadows undici's prototype getter; the request is otherwise unchanged.
  Object.defineProperty(request, 'body', { configurable: true, enumerable: true, value: body })
  return request
}

type MswEvents = ReturnType<typeof setupServer>['events']

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    for (;;) if ((await reader.read()).done) return
  } catch {
    // The client went away mid-body; there is nothing left to release.
  }
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
 *   tee is made; the handler then guards the untee'd body against cancel (`guardUntee`).
 * - Responses: MSW's Node socket (interceptors 0.41) parses every mocked response it writes into
 *   a second `Response` for `response:mocked` listeners, buffered until the request is garbage.
 *   For the world's responses of 1 MiB or more, that copy is read and dropped as it arrives once
 *   every listener has run, unless one started reading or cloned it in that turn (both lock or
 *   replace the stream), so a listener that wants the body still gets it.
 *
 * The client's request and response are untouched. Returns the function that stops it.
 */
export function releaseMswCopies(events: MswEvents, owns: (url: URL) => boolean): () => void {
  const cache = logClones()
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
