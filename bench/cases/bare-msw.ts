import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'

/**
 * The floor: the same SDK traffic answered by a bare MSW handler that keeps bytes in a Map,
 * with no crypto, no checks and no aws-chunked decoding beyond what the SDK needs to succeed.
 */
export function bareS3(): { listen(): void; close(): void } {
  const store = new Map<string, Uint8Array>()
  const uploads = new Map<string, Uint8Array[]>()
  let nextUpload = 0
  const server = setupServer(
    // Multipart, as lib-storage drives it: create, parts, complete (no validation at all).
    http.post(/s3\..*amazonaws\.com/, async ({ request }) => {
      const url = new URL(request.url)
      if (url.searchParams.has('uploads')) {
        const id = String(nextUpload++)
        uploads.set(id, [])
        return HttpResponse.xml(
          `<InitiateMultipartUploadResult><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
        )
      }
      const parts = uploads.get(url.searchParams.get('uploadId') ?? '') ?? []
      store.set(url.pathname, new Uint8Array(Buffer.concat(parts)))
      await request.arrayBuffer()
      return HttpResponse.xml(
        '<CompleteMultipartUploadResult><ETag>"bare-2"</ETag></CompleteMultipartUploadResult>',
      )
    }),
    http.put(/s3\..*amazonaws\.com/, async ({ request }) => {
      const url = new URL(request.url)
      const uploadId = url.searchParams.get('uploadId')
      if (uploadId !== null) {
        const part = new Uint8Array(await request.arrayBuffer())
        // Parts finish in any order (lib-storage sends 4 at a time): place each by its number.
        const parts = uploads.get(uploadId)
        if (parts !== undefined) parts[Number(url.searchParams.get('partNumber')) - 1] = part
        return new HttpResponse(null, { status: 200, headers: { etag: '"part"' } })
      }
      store.set(new URL(request.url).pathname, new Uint8Array(await request.arrayBuffer()))
      return new HttpResponse(null, { status: 200, headers: { etag: '"bare"' } })
    }),
    http.delete(/s3\..*amazonaws\.com/, ({ request }) => {
      store.delete(new URL(request.url).pathname)
      return new HttpResponse(null, { status: 204 })
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
      // msw 3 renamed the option to onUnhandledFrame; pass both.
      const options = { onUnhandledRequest: 'error' as const, onUnhandledFrame: 'error' as const }
      server.listen(options)
    },
    close: () => {
      server.close()
    },
  }
}
