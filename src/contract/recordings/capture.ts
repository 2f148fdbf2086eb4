import type { RawExchange } from './format.js'

/** What answers a Fetch request: `world.handle`, or anything shaped like it. */
export type Handle = (request: Request) => Promise<Response>

/**
 * Captures the exchanges of the in-process mock by wrapping the function that answers them: the
 * request is cloned before the mock reads it, the response cloned before the client does, and
 * both are read in the background. `take()` waits for those reads, returns the exchanges in the
 * order their responses completed (as nock's recorder lists them) and starts a new list.
 */
export interface Capture {
  readonly handle: Handle
  take(): Promise<RawExchange[]>
}

export function captureExchanges(inner: Handle): Capture {
  let exchanges: RawExchange[] = []
  let pending: Promise<void>[] = []

  const handle: Handle = async (request) => {
    const requestCopy = request.clone()
    // Read alongside the mock (the copy's branch buffers what the mock has not read yet), so
    // a mock that waits for the body before answering is not held up.
    const requestBody = requestCopy.body === null ? undefined : requestCopy.arrayBuffer()
    requestBody?.catch(() => undefined)
    const response = await inner(request)
    const responseCopy = response.clone()
    const list = exchanges
    const read = (async () => {
      const requestBytes = requestBody === undefined ? undefined : await requestBody
      const responseBytes = new Uint8Array(await responseCopy.arrayBuffer())
      list.push({
        method: request.method,
        url: request.url,
        requestHeaders: headersOf(request.headers),
        requestBody: requestBytes === undefined ? undefined : new Uint8Array(requestBytes),
        status: response.status,
        responseHeaders: headersOf(response.headers),
        responseBody: responseBytes,
      })
    })().catch(() => {
      // The client aborted the response: the exchange is incomplete and not compared.
    })
    pending.push(read)
    return response
  }

  return {
    handle,
    async take() {
      const waiting = pending
      pending = []
      await Promise.all(waiting)
      const taken = exchanges
      exchanges = []
      return taken
    },
  }
}

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = value
  })
  return out
}
