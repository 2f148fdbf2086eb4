import http from 'node:http'
import { Duplex } from 'node:stream'
import { expect, it } from 'vitest'
import { internalMessage } from '../versions.js'
import {
  type ClientRequestLike,
  hasRequestCreatedChannel,
  onContinueListener,
  onRequestCreated,
} from './continue-hooks.js'

const major = Number(process.versions.node.split('.')[0])

/** A ClientRequest on an in-memory socket: nothing is resolved or sent. */
function offlineRequest(): http.ClientRequest {
  const req = http.request({
    host: 'continue-hooks.internals.test',
    agent: false,
    headers: { expect: '100-continue' },
    createConnection: () =>
      new Duplex({
        read() {},
        write(_chunk, _encoding, callback) {
          callback()
        },
      }),
  })
  req.on('error', () => undefined)
  return req
}

it('Node 22 and later publish http.client.request.created with the request', () => {
  if (major < 22) {
    // Node 20 has no such channel: the listener hook below is what runs there.
    expect(hasRequestCreatedChannel()).toBe(false)
    return
  }
  expect(
    hasRequestCreatedChannel(),
    internalMessage('diagnostics channel http.client.request.created', 'is not published'),
  ).toBe(true)
  const seen: ClientRequestLike[] = []
  const stop = onRequestCreated((request) => seen.push(request))
  const req = offlineRequest()
  stop()
  req.destroy()
  expect(seen, internalMessage('http.client.request.created', 'has no `request`')).toEqual([req])
  expect(seen[0]?.getHeader('expect')).toBe('100-continue')
})

it('the listener hook sees the first `continue` listener of each request, and goes away', () => {
  const listenerMethods = (): unknown[] =>
    ['on', 'addListener', 'once'].map((name): unknown =>
      Reflect.get(http.ClientRequest.prototype, name),
    )
  const originals = listenerMethods()
  const waiting: ClientRequestLike[] = []
  const stop = onContinueListener((request) => waiting.push(request))
  const first = offlineRequest()
  first.on('continue', () => undefined)
  first.once('continue', () => undefined)
  first.on('response', () => undefined)
  stop()
  const after = offlineRequest()
  after.on('continue', () => undefined)
  first.destroy()
  after.destroy()
  expect(
    waiting,
    internalMessage('http.ClientRequest.prototype.on', 'is not how listeners are added'),
  ).toEqual([first])
  expect(listenerMethods()).toEqual(originals)
})
