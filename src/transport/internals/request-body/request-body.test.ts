import { expect, it } from 'vitest'
import { internalMessage } from '../versions.js'
import { ownBody, replaceBody } from './request-body.js'

const post = (body: BodyInit): Request =>
  new Request('https://request-body.internals.test/', { method: 'POST', body })

const text = (stream: ReadableStream<Uint8Array>): Promise<string> => new Response(stream).text()

const replacement = (value: string): ReadableStream<Uint8Array> =>
  new Response(value).body ?? new ReadableStream()

it('Fetch’s body is a getter on Request.prototype, which an own property shadows', async () => {
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, 'body')
  expect(typeof descriptor?.get, internalMessage('Request.prototype.body', 'is not a getter')).toBe(
    'function',
  )
  const request = post('original')
  let made = 0
  replaceBody(request, () => {
    made++
    return replacement('replaced')
  })
  expect(made).toBe(0)
  expect(await text(request.body ?? new ReadableStream())).toBe('replaced')
  expect(request.body).toBe(request.body)
  expect(made).toBe(1)
  expect(await text(ownBody(request))).toBe('original')
})

it('formData() reads the original body, not the replaced property', async () => {
  const form = new FormData()
  form.set('key', 'a.txt')
  const request = post(form)
  replaceBody(request, () => replacement('not a form'))
  const read = await request.formData()
  expect(
    read.get('key'),
    internalMessage('Request#formData', 'reads the own `body` property'),
  ).toBe('a.txt')
})

it('clone() tees the original, and ownBody then reads the branch the request kept', async () => {
  const request = post('original')
  replaceBody(request, () => ownBody(request))
  const copy = request.clone()
  expect(await text(copy.body ?? new ReadableStream())).toBe('original')
  expect(
    await text(request.body ?? new ReadableStream()),
    internalMessage('Request#clone', 'no longer replaces the body it tees'),
  ).toBe('original')
})
