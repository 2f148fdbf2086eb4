import https from 'node:https'
import { Readable } from 'node:stream'

/**
 * A `fetch` for presigned URLs that trusts one extra certificate authority (a server target's
 * self-signed certificate, a container's), without touching the process-wide trust store.
 * Plain http URLs go to the global fetch.
 */
export function fetchTrusting(ca: string): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    if (url.protocol !== 'https:') return fetch(req)
    const body = req.body === null ? undefined : new Uint8Array(await req.arrayBuffer())
    return new Promise<Response>((resolve, reject) => {
      // Through the module object, not a named import bound at load: what patches https.request
      // afterwards (nock's recorder for --record) must see these requests too.
      const outgoing = https.request(
        url,
        { method: req.method, headers: headerRecord(req.headers), ca, signal: req.signal },
        (res) => {
          const headers = new Headers()
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue
            for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
          }
          const status = res.statusCode ?? 500
          const empty = req.method === 'HEAD' || status === 204 || status === 304
          if (empty) res.resume()
          resolve(
            new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
              status,
              statusText: res.statusMessage ?? '',
              headers,
            }),
          )
        },
      )
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  }
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {}
  headers.forEach((value, name) => {
    record[name] = value
  })
  return record
}
