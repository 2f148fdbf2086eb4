import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { expect, it } from 'vitest'
import { internalMessage } from '../versions.js'
import { mswLogClones } from './log-cache.js'

const INTERNAL = "msw's private RequestHandler.cache"

it('is a WeakMap on RequestHandler', () => {
  expect(mswLogClones(), internalMessage(INTERNAL, 'is gone or not a WeakMap')).toBeInstanceOf(
    WeakMap,
  )
})

it('holds MSW’s log clone of each handled request, and a seeded entry is used as it is', async () => {
  const cache = mswLogClones()
  const cached = new Map<string, 'a clone' | 'the request itself' | 'nothing'>()
  const server = setupServer(
    http.post('https://log-cache.internals.test/:name', async ({ request, params }) => {
      const entry = cache?.get(request)
      const what =
        entry === undefined ? 'nothing' : entry === request ? 'the request itself' : 'a clone'
      cached.set(String(params.name), what)
      return HttpResponse.text(await request.text())
    }),
  )
  // What releaseMswCopies does: seed the cache before any handler runs.
  server.events.on('request:start', ({ request }) => {
    if (request.url.endsWith('/seeded')) cache?.set(request, request)
  })
  // msw 2 reads onUnhandledRequest, msw 3 onUnhandledFrame.
  const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const
  server.listen(strict)
  try {
    const plain = await fetch('https://log-cache.internals.test/plain', {
      method: 'POST',
      body: 'a',
    })
    const seeded = await fetch('https://log-cache.internals.test/seeded', {
      method: 'POST',
      body: 'b',
    })
    expect(await plain.text()).toBe('a')
    expect(await seeded.text()).toBe('b')
  } finally {
    server.close()
  }
  expect(cached.get('plain'), internalMessage(INTERNAL, 'no longer holds the log clone')).toBe(
    'a clone',
  )
  expect(cached.get('seeded'), internalMessage(INTERNAL, 'no longer keeps a seeded entry')).toBe(
    'the request itself',
  )
})
