import type { ClientRequest } from 'node:http'

/**
 * The node `ClientRequest` behind a request MSW intercepted, when its interceptor records it
 * (msw 2's @mswjs/interceptors 0.41 `getRawRequest`: a symbol property `kRawRequest` on the Fetch
 * Request, not re-exported by msw, hence looked up by the symbol's description). Undefined for
 * fetch() and other clients, and on msw 3, whose interceptors (0.45) intercept at the socket and
 * record no ClientRequest: large responses then go out unpaced, and a client that goes away
 * mid-body is seen when MSW errors the body stream (msw 3 does; memory and timing, not bytes).
 */
export function rawClientRequest(request: Request): ClientRequest | undefined {
  const symbol = Object.getOwnPropertySymbols(request).find((s) => s.description === 'kRawRequest')
  if (symbol === undefined) return undefined
  const raw: unknown = Reflect.get(request, symbol)
  if (typeof raw !== 'object' || raw === null || !('socket' in raw) || !('once' in raw)) {
    return undefined
  }
  return raw as ClientRequest
}
