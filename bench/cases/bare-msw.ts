import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'

/**
 * The floor: the same SDK traffic answered by a bare MSW handler that keeps bytes in a Map,
 * with no crypto, no checks and no aws-chunked decoding beyond what the SDK needs to succeed.
 */
export function bareS3(): { listen(): void; close(): void } {
  const store = new Map<string, Uint8Array>()
  const server = setupServer(
    http.put(/s3\..*amazonaws\.com/, async ({ request }) => {
      store.set(new URL(request.url).pathname, new Uint8Array(await request.arrayBuffer()))
      return new HttpResponse(null, { status: 200, headers: { etag: '"bare"' } })
    }),
    http.get(/s3\..*amazonaws\.com/, ({ request }) => {
      const body = store.get(new URL(request.url).pathname)
      if (body === undefined) return new HttpResponse(null, { status: 404 })
      return new HttpResponse(body, {
        status: 200,
        headers: { 'content-length': String(body.length) },
      })
    }),
  )
  return {
    listen: () => {
      server.listen({ onUnhandledRequest: 'error' })
    },
    close: () => {
      server.close()
    },
  }
}
