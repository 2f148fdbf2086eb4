import dc from 'node:diagnostics_channel'
import http from 'node:http'
import { Duplex } from 'node:stream'
import { paceRequestBody } from './paced-body.js'

/**
 * Answers `Expect: 100-continue` for requests the mock owns.
 *
 * The AWS SDK sends `Expect: 100-continue` on bodies ≥ 2 MiB and waits up to 6 s for the
 * ClientRequest's `continue` event before writing the body. Node emits it only when a socket
 * receives `HTTP/1.1 100 Continue`, which MSW's interceptors never produce, so every large upload
 * stalls 6 s (reference/sdk-wire-facts.md, "Expect: 100-continue under Node 24"). We emit
 * `continue` ourselves — what a real server does when it accepts the body at once — only for
 * requests to hosts the mock owns. Those requests also get their body paced (`paced-body.ts`).
 *
 * - Node ≥ 22: through the public diagnostics channel `http.client.request.created`, published in
 *   the ClientRequest constructor. No patching.
 * - Node 20 has no such channel. There we wrap `ClientRequest.prototype.on`/`addListener`/`once` and
 *   react when a `continue` listener is added to an owned request, which is exactly the moment
 *   someone starts waiting. The wrapper is installed by `listen()` and removed by `close()`.
 */
export type ContinueMechanism = 'diagnostics-channel' | 'listener-hook'

const CREATED = 'http.client.request.created'

interface ClientRequestLike {
  getHeader(name: string): number | string | string[] | undefined
  protocol?: string
  host?: string
  emit(event: 'continue'): boolean
}

function targetUrl(req: ClientRequestLike): URL | undefined {
  const host = req.getHeader('host')
  const authority = typeof host === 'string' && host !== '' ? host : req.host
  if (authority === undefined) return undefined
  try {
    return new URL(`${req.protocol ?? 'http:'}//${authority}/`)
  } catch {
    return undefined
  }
}

function wantsContinue(req: ClientRequestLike): boolean {
  const expect = req.getHeader('expect')
  return typeof expect === 'string' && expect.toLowerCase() === '100-continue'
}

let channelSupport: boolean | undefined

/** Whether this Node publishes `http.client.request.created` (probed once, without any I/O). */
export function hasRequestCreatedChannel(): boolean {
  if (channelSupport !== undefined) return channelSupport
  let seen = false
  const probe = (): void => {
    seen = true
  }
  dc.subscribe(CREATED, probe)
  try {
    // A request on a fake in-memory socket: nothing is resolved or connected.
    const req = http.request({
      host: '127.0.0.1',
      agent: false,
      createConnection: () =>
        new Duplex({
          read() {},
          write(_c, _e, cb) {
            cb()
          },
        }),
    })
    req.on('error', () => undefined)
    req.destroy()
  } finally {
    dc.unsubscribe(CREATED, probe)
  }
  channelSupport = seen
  return seen
}

/** Installs the answer; returns the function that removes it. */
export function answerExpectContinue(
  owns: (url: URL) => boolean,
  mechanism: ContinueMechanism = hasRequestCreatedChannel()
    ? 'diagnostics-channel'
    : 'listener-hook',
): () => void {
  const answer = (req: ClientRequestLike): void => {
    if (!wantsContinue(req)) return
    const url = targetUrl(req)
    if (url === undefined || !owns(url)) return
    // These are the large bodies (the SDK asks for 100-continue from 2 MiB): hand them to MSW's
    // socket in slices, at the world's pace, instead of in one piece it would copy whole.
    paceRequestBody(req as unknown as http.ClientRequest)
    // One macrotask: the SDK registers its listener synchronously after http.request().
    setImmediate(() => req.emit('continue'))
  }

  if (mechanism === 'diagnostics-channel') {
    const onCreated = (message: unknown): void => {
      const request = (message as { request?: ClientRequestLike }).request
      if (request !== undefined) answer(request)
    }
    dc.subscribe(CREATED, onCreated)
    return () => dc.unsubscribe(CREATED, onCreated)
  }

  const proto = http.ClientRequest.prototype as unknown as Record<
    'on' | 'addListener' | 'once',
    unknown
  >
  const originals = { on: proto.on, addListener: proto.addListener, once: proto.once }
  const answered = new WeakSet<object>()
  for (const method of ['on', 'addListener', 'once'] as const) {
    const original = originals[method] as (
      this: ClientRequestLike,
      event: string | symbol,
      listener: unknown,
    ) => unknown
    proto[method] = function (this: ClientRequestLike, event: string | symbol, listener: unknown) {
      const result = original.call(this, event, listener)
      if (event === 'continue' && !answered.has(this)) {
        answered.add(this)
        answer(this)
      }
      return result
    }
  }
  return () => {
    Object.assign(proto, originals)
  }
}
