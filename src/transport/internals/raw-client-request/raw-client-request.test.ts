import http from 'node:http'
import { http as mswHttp, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { expect, it } from 'vitest'
import { internalMessage, mswVersion } from '../versions.js'
import { rawClientRequest } from './raw-client-request.js'

it('MSW’s Fetch Request of a node:http request carries its ClientRequest (kRawRequest)', async () => {
  const found = new Map<string, unknown>()
  const server = setupServer(
    mswHttp.get('http://raw-client.internals.test/:via', ({ request, params }) => {
      found.set(String(params.via), rawClientRequest(request))
      return HttpResponse.text('ok')
    }),
  )
  // msw 2 reads onUnhandledRequest, msw 3 onUnhandledFrame.
  const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const
  server.listen(strict)
  let sent: http.ClientRequest | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      sent = http.get('http://raw-client.internals.test/node-http', (response) => {
        response.resume()
        response.on('end', resolve)
      })
      sent.on('error', reject)
    })
    await (await fetch('http://raw-client.internals.test/fetch')).text()
  } finally {
    server.close()
  }
  const message = internalMessage("@mswjs/interceptors' kRawRequest", 'changed')
  if (mswVersion()?.startsWith('2.') === true) {
    expect(found.get('node-http'), message).toBe(sent)
  } else {
    // msw 3 intercepts at the socket: no ClientRequest is recorded, and the transport does
    // without (see raw-client-request.ts). Anything it does find must be the request sent.
    expect([undefined, sent], message).toContain(found.get('node-http'))
  }
  expect(found.get('fetch')).toBeUndefined()
})
