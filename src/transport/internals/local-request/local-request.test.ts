import { expect, it } from 'vitest'
import { REQUEST_BYTES } from '../../../core/request-bytes.js'
import { internalMessage } from '../versions.js'
import { localRequest } from './local-request.js'

const URL_ = 'https://local-request.internals.test/bucket/key'
const bytes = new TextEncoder().encode('hello')

it('is a Request to instanceof and to Object.prototype.toString', () => {
  const request = localRequest(URL_, { method: 'PUT' }, bytes)
  expect(request, internalMessage('Request.prototype', 'cannot be a prototype')).toBeInstanceOf(
    Request,
  )
  expect(Object.prototype.toString.call(request)).toBe('[object Request]')
  expect(request.url).toBe(URL_)
  expect(request.method).toBe('PUT')
  expect(Reflect.get(request, REQUEST_BYTES)).toBe(bytes)
})

it('every getter and method of Request.prototype answers, through a real Request', async () => {
  const request = localRequest(URL_, { method: 'PUT', headers: { 'x-a': '1' } }, bytes)
  for (const name of Reflect.ownKeys(Request.prototype)) {
    const member = Object.getOwnPropertyDescriptor(Request.prototype, name)
    if (member?.get === undefined) continue
    expect(
      () => {
        void Reflect.get(request, name)
      },
      internalMessage(`Request.prototype.${String(name)}`, 'cannot be delegated'),
    ).not.toThrow()
  }
  const copy = request.clone()
  expect(copy).toBeInstanceOf(Request)
  expect(await copy.text()).toBe('hello')
  expect(await request.text()).toBe('hello')
  expect(request.bodyUsed).toBe(true)
  expect(request.headers.get('x-a')).toBe('1')
})

it('a stream body and a form read as they would from a real Request', async () => {
  const fields = new FormData()
  fields.set('key', 'a.txt')
  const form = new Request(URL_, { method: 'POST', body: fields })
  const contentType = form.headers.get('content-type') ?? ''
  const local = localRequest(
    URL_,
    { method: 'POST', headers: { 'content-type': contentType } },
    form.body,
  )
  expect((await local.formData()).get('key')).toBe('a.txt')
  const streamed = localRequest(URL_, { method: 'PUT', duplex: 'half' }, new Response('abc').body)
  expect(new TextDecoder().decode(await streamed.arrayBuffer())).toBe('abc')
  expect(streamed.signal).toBeInstanceOf(AbortSignal)
})
