/**
 * The relay's wire format (ADR 0010): one JSON text each way, so any channel that carries a
 * string can carry it (vitest's browser commands, a WebSocket, `postMessage`). Dates and byte
 * arrays, which JSON cannot hold, travel tagged; everything else is plain JSON. Portable: no
 * `node:*`, no `Buffer`, so the page and Node share it.
 */

interface TaggedBytes {
  readonly $bytes: string
}
interface TaggedDate {
  readonly $date: string
}

/** Node's Buffer when present: its base64 is native; Node 20's `btoa`/`atob` are slow loops. */
interface BufferLike {
  from(
    bytes: ArrayBufferLike,
    offset: number,
    length: number,
  ): { toString(encoding: 'base64'): string }
  from(text: string, encoding: 'base64'): Uint8Array
}
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer

type Base64Codec = {
  toBase64?: (this: Uint8Array) => string
}
type Base64Decoder = { fromBase64?: (text: string) => Uint8Array }

/** Base64 of bytes: the platform's own codec where it has one (Chromium 140+), else `btoa`. */
export function bytesToBase64(bytes: Uint8Array): string {
  if (NodeBuffer !== undefined) {
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  }
  const native = (Uint8Array.prototype as Base64Codec).toBase64
  if (native !== undefined) return native.call(bytes)
  let text = ''
  // Chunks keep `String.fromCharCode`'s argument list well under engines' limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(text)
}

export function base64ToBytes(text: string): Uint8Array {
  if (NodeBuffer !== undefined) return new Uint8Array(NodeBuffer.from(text, 'base64'))
  const native = (Uint8Array as unknown as Base64Decoder).fromBase64
  if (native !== undefined) return native(text)
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Encodes a message: Dates and byte arrays tagged, `undefined` members dropped as JSON does. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, replaced: unknown) {
    const original = this[key]
    if (original instanceof Date) return { $date: original.toISOString() } satisfies TaggedDate
    if (original instanceof Uint8Array)
      return { $bytes: bytesToBase64(original) } satisfies TaggedBytes
    return replaced
  })
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value)
      if (keys.length === 1 && keys[0] === '$date') return new Date((value as TaggedDate).$date)
      if (keys.length === 1 && keys[0] === '$bytes') {
        return base64ToBytes((value as TaggedBytes).$bytes)
      }
    }
    return value
  })
}
