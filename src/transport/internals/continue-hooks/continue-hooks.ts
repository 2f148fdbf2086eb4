import dc from 'node:diagnostics_channel'
import http from 'node:http'
import { Duplex } from 'node:stream'
import { internalChanged } from '../versions.js'

/**
 * Two ways to see an http `ClientRequest` as it starts waiting for `100 Continue`, for
 * `answerExpectContinue`: the public diagnostics channel of Node 22 and later, and on Node 20,
 * which has no such channel, a wrapper around `ClientRequest.prototype`'s listener methods.
 */

/** The part of a node `ClientRequest` these hooks hand over. */
export interface ClientRequestLike {
  getHeader(name: string): number | string | string[] | undefined
  protocol?: string
  host?: string
  emit(event: 'continue'): boolean
}

const CREATED = 'http.client.request.created'

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

/**
 * Calls `created` with every ClientRequest as its constructor publishes it on the diagnostics
 * channel (Node 22 and later). Returns the function that stops it.
 */
export function onRequestCreated(created: (request: ClientRequestLike) => void): () => void {
  const onMessage = (message: unknown): void => {
    const request = (message as { request?: ClientRequestLike }).request
    if (request !== undefined) created(request)
  }
  dc.subscribe(CREATED, onMessage)
  return () => dc.unsubscribe(CREATED, onMessage)
}

const LISTENER_METHODS = ['on', 'addListener', 'once'] as const
type ListenerMethod = (
  this: ClientRequestLike,
  event: string | symbol,
  listener: unknown,
) => unknown

/**
 * Calls `waiting` once per ClientRequest, when a `continue` listener is first added to it: the
 * moment its caller starts waiting (Node 20). Wraps `on`, `addListener` and `once` on
 * `ClientRequest.prototype` (they are EventEmitter's, inherited) and puts the originals back when
 * the returned function runs.
 */
export function onContinueListener(waiting: (request: ClientRequestLike) => void): () => void {
  const proto = http.ClientRequest.prototype as unknown as Record<string, unknown>
  const originals = new Map<string, ListenerMethod>()
  for (const name of LISTENER_METHODS) {
    const method = proto[name]
    if (typeof method !== 'function') {
      throw internalChanged(`http.ClientRequest.prototype.${name}`, 'is not a function')
    }
    originals.set(name, method as ListenerMethod)
  }
  const answered = new WeakSet<object>()
  for (const [name, original] of originals) {
    proto[name] = function (this: ClientRequestLike, event: string | symbol, listener: unknown) {
      const result = original.call(this, event, listener)
      if (event === 'continue' && !answered.has(this)) {
        answered.add(this)
        waiting(this)
      }
      return result
    }
  }
  return () => {
    for (const [name, original] of originals) proto[name] = original
  }
}
