import { describe, expect, it } from 'vitest'
import { fromNockDefinition, startRecorder } from './record.js'

/** nock's recorder output taken back to exchanges, and the recorder's refusals. */
describe('nock definitions as exchanges', () => {
  it('reads an XML response, request headers and a JSON request body', () => {
    const exchange = fromNockDefinition({
      scope: 'https://127.0.0.1:4566',
      method: 'post',
      path: '/?x=1',
      body: { KeyId: 'alias/aws/s3' },
      status: 400,
      response: '<Error><Code>X</Code></Error>',
      rawHeaders: { 'Content-Type': 'application/xml' },
      reqheaders: {
        'X-Amz-Target': 'TrentService.Encrypt',
        'content-type': 'application/x-amz-json-1.1',
      },
      responseIsBinary: false,
    })
    expect(exchange).toEqual({
      method: 'POST',
      url: 'https://127.0.0.1:4566/?x=1',
      requestHeaders: {
        'x-amz-target': 'TrentService.Encrypt',
        'content-type': 'application/x-amz-json-1.1',
      },
      requestBody: new TextEncoder().encode('{"KeyId":"alias/aws/s3"}'),
      status: 400,
      responseHeaders: { 'content-type': 'application/xml' },
      responseBody: new TextEncoder().encode('<Error><Code>X</Code></Error>'),
    })
  })

  it('takes binary (hex), content-encoded (hex chunks) and JSON responses back to bytes', () => {
    const base = { scope: 'http://h', method: 'GET', path: '/', status: 200 }
    expect(
      fromNockDefinition({ ...base, response: '00ff10', responseIsBinary: true }).responseBody,
    ).toEqual(new Uint8Array([0, 255, 16]))
    expect(fromNockDefinition({ ...base, response: ['0001', 'ff'] }).responseBody).toEqual(
      new Uint8Array([0, 1, 255]),
    )
    expect(fromNockDefinition({ ...base, response: { a: 1 } }).responseBody).toEqual(
      new TextEncoder().encode('{"a":1}'),
    )
    expect(
      fromNockDefinition({ ...base, rawHeaders: ['ETag', '"x"', 'Date', 'd'] }).responseHeaders,
    ).toEqual({
      etag: '"x"',
      date: 'd',
    })
  })

  it('leaves an opaque request body unknown (nock keeps non-UTF-8 bodies as unmarked hex)', () => {
    const exchange = fromNockDefinition({
      scope: 'http://h',
      method: 'PUT',
      path: '/b/k',
      body: 'deadbeef',
      reqheaders: { 'content-type': 'application/octet-stream' },
      status: 200,
    })
    expect(exchange.requestBody).toBeUndefined()
  })
})

describe('starting a recording', () => {
  it('says what to install when nock cannot be loaded', async () => {
    await expect(
      startRecorder({
        polyfillPromiseWithResolvers: true,
        loadNock: () => Promise.reject(new Error("Cannot find package 'nock'")),
      }),
    ).rejects.toThrow(
      "Failed to start recording: recordings need nock ≥ 15.0.6 (an optional peer dependency: npm i -D nock@15); importing it failed: Cannot find package 'nock'",
    )
  })

  it('refuses a module that is not nock', async () => {
    await expect(
      startRecorder({ polyfillPromiseWithResolvers: true, loadNock: () => Promise.resolve({}) }),
    ).rejects.toThrow(
      'Failed to start recording: the nock module has no recorder (need nock ≥ 15.0.6)',
    )
  })

  it('without Promise.withResolvers (Node 20) it refuses unless asked to polyfill', async () => {
    const P = Promise as unknown as { withResolvers?: unknown }
    const original = P.withResolvers
    delete P.withResolvers
    try {
      await expect(startRecorder({ loadNock: () => Promise.resolve({}) })).rejects.toThrow(
        /nock 15 needs Promise\.withResolvers \(Node ≥ 22\)/,
      )
      await expect(
        startRecorder({ polyfillPromiseWithResolvers: true, loadNock: () => Promise.resolve({}) }),
      ).rejects.toThrow(/no recorder/)
      const { promise, resolve } = (
        Promise as unknown as {
          withResolvers: <T>() => { promise: Promise<T>; resolve: (v: T) => void }
        }
      ).withResolvers<number>()
      resolve(7)
      await expect(promise).resolves.toBe(7)
    } finally {
      if (original === undefined) delete P.withResolvers
      else P.withResolvers = original
    }
  })
})
