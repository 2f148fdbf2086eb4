import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  MaxMessageLengthExceeded,
  MissingRequestBodyError,
  XAmzContentSHA256Mismatch,
} from '../../../s3/errors.js'
import type { S3HttpRequest } from '../http.js'
import type { RequestMeta } from '../../request-meta.js'
import { readPayload, readXmlBody } from './payload.js'

const encoder = new TextEncoder()
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

function s3Request(
  body: ReadableStream<Uint8Array> | string | null,
  headers: Record<string, string> = {},
): S3HttpRequest {
  const request = new Request('https://b.s3.amazonaws.com/?versioning', {
    method: 'PUT',
    body,
    headers,
    duplex: 'half',
  } as RequestInit)
  return {
    request,
    url: new URL(request.url),
    method: 'PUT',
    bucket: 'b',
    key: undefined,
    query: new URLSearchParams('versioning'),
    headers: request.headers,
    meta: {} as RequestMeta,
  }
}

const stream = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(encoder.encode(p))
      controller.close()
    },
  })

describe('readXmlBody', () => {
  it('reads a stream in pieces', async () => {
    const req = s3Request(
      stream('<Ver', 'sioningConfiguration><Status>Enabled</Status></VersioningConfiguration>'),
    )
    await expect(readXmlBody(req, { root: 'VersioningConfiguration' })).resolves.toEqual({
      Status: 'Enabled',
    })
  })

  it('stops at the limit, reading no further', async () => {
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1024).fill(0x20))
      },
    })
    await expect(readXmlBody(s3Request(endless), { root: 'X', maxBytes: 4096 })).rejects.toThrow(
      MaxMessageLengthExceeded,
    )
    expect(pulled).toBeLessThan(10)
  })

  it('refuses a declared length over the cap before reading the body', async () => {
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1024).fill(0x20))
      },
    })
    const req = s3Request(endless, { 'content-length': '5000' })
    await expect(readPayload(req, 4096)).rejects.toThrow(MaxMessageLengthExceeded)
    expect(pulled).toBeLessThanOrEqual(1)
  })

  it('no body is MissingRequestBodyError', async () => {
    await expect(readXmlBody(s3Request(null), { root: 'X' })).rejects.toThrow(
      MissingRequestBodyError,
    )
  })
})

describe('readPayload binds the body to x-amz-content-sha256', () => {
  const doc = '<X><A>1</A></X>'

  it('the SHA-256 of the bytes read passes', async () => {
    const req = s3Request(doc, { 'x-amz-content-sha256': sha256(doc) })
    expect(Buffer.from(await readPayload(req, 1024)).toString()).toBe(doc)
  })

  it('another body under the same declared hash is XAmzContentSHA256Mismatch', async () => {
    const req = s3Request('<X><A>2</A></X>', { 'x-amz-content-sha256': sha256(doc) })
    await expect(readPayload(req, 1024)).rejects.toThrow(XAmzContentSHA256Mismatch)
  })

  it('UNSIGNED-PAYLOAD is not a digest to check', async () => {
    const req = s3Request(doc, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })
    expect(Buffer.from(await readPayload(req, 1024)).toString()).toBe(doc)
  })
})
