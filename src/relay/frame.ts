import type { WireRequest, WireResponse } from './protocol.js'

/**
 * The relay's binary frame, for requests and responses whose bodies are too large to carry as
 * base64 in JSON text: a 4-byte big-endian length, that many bytes of JSON head (everything but
 * the body), then the body's bytes as they are. Portable: page and Node share it.
 */

/** A request's head: the world it is for, and the request without its body. */
export type RequestHead = Omit<WireRequest, 'body'> & {
  readonly world: string
  readonly hasBody: boolean
}
export type ResponseHead = Omit<WireResponse, 'body'> & { readonly hasBody: boolean }

export function encodeFrame(head: object, body: Uint8Array | null): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(head))
  const frame = new Uint8Array(4 + json.length + (body?.length ?? 0))
  new DataView(frame.buffer).setUint32(0, json.length)
  frame.set(json, 4)
  if (body !== null) frame.set(body, 4 + json.length)
  return frame
}

export function decodeFrame(frame: Uint8Array): { head: unknown; body: Uint8Array } {
  if (frame.length < 4) throw new Error('s3-kms-mock: relay frame too short')
  const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0)
  if (4 + length > frame.length) throw new Error('s3-kms-mock: relay frame head cut short')
  const head: unknown = JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + length)))
  return { head, body: frame.subarray(4 + length) }
}

export function requestFrame(world: string, request: WireRequest): Uint8Array<ArrayBuffer> {
  const { body, ...rest } = request
  return encodeFrame({ ...rest, world, hasBody: body !== null } satisfies RequestHead, body)
}

export function readRequestFrame(frame: Uint8Array): { world: string; request: WireRequest } {
  const { head, body } = decodeFrame(frame)
  const { world, hasBody, ...rest } = head as RequestHead
  return { world, request: { ...rest, body: hasBody ? body : null } }
}

export function responseFrame(response: WireResponse): Uint8Array<ArrayBuffer> {
  const { body, ...rest } = response
  return encodeFrame({ ...rest, hasBody: body !== null } satisfies ResponseHead, body)
}

export function readResponseFrame(frame: Uint8Array): WireResponse {
  const { head, body } = decodeFrame(frame)
  const { hasBody, ...rest } = head as ResponseHead
  return { ...rest, body: hasBody ? body : null }
}
