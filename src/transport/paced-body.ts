import type { ClientRequest } from 'node:http'

/**
 * Largest piece of a request body handed to the socket at once. MSW's socket (interceptors 0.41,
 * `MockHttpSocket`) copies whatever one `write` carries into its request stream, and
 * `Readable.toWeb` copies it again, so a body written in one piece — the SDK's
 * `req.end(wholeBuffer)` — exists twice more while it is read. In slices those copies are one
 * slice each. 64 KiB rather than 1 MiB: small copies reuse the allocator's free chunks (between
 * the stored 256 KiB segments) where 1 MiB ones need fresh memory (ADR 0007, "Slice size").
 */
export const BODY_SLICE_BYTES = 64 * 1024

type Callback = (error?: Error | null) => void
type WriteArgs = [chunk: unknown, encodingOrCallback?: unknown, callback?: unknown]

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
  if (typeof chunk === 'string') {
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
  }
  throw new TypeError('request body chunks must be strings, Buffers or Uint8Arrays')
}

function callbackOf(args: WriteArgs): Callback | undefined {
  const last = typeof args[2] === 'function' ? args[2] : args[1]
  return typeof last === 'function' ? (last as Callback) : undefined
}

/**
 * Makes `req` hand its body to the socket one slice at a time, writing the next slice only when
 * the previous one's write callback has run. Behind MSW that callback runs when the handler reads
 * the request stream, so the body moves at the pace of the world's reader (decoding, hashing,
 * encryption) and never piles up in the interceptor, whatever size the SDK writes in. `write`
 * returns false while slices are held back and `drain` follows, so a piped stream body (the SDK
 * pipes Readable bodies) is held back too. The bytes sent, their order and the callbacks the
 * caller passed are unchanged; only the chunking differs, which HTTP does not observe.
 *
 * Installed on the request itself (own properties shadow `ClientRequest.prototype`), only for
 * requests to hosts the world owns.
 */
export function paceRequestBody(req: ClientRequest, sliceBytes = BODY_SLICE_BYTES): void {
  // node's own methods (ClientRequest.prototype), called with the shapes node accepts.
  const proto = Object.getPrototypeOf(req) as Record<'write' | 'end', unknown>
  const write = (
    Object.hasOwn(req, 'write') ? (req as unknown as Record<'write', unknown>).write : proto.write
  ) as (this: ClientRequest, ...args: unknown[]) => boolean
  const end = (
    Object.hasOwn(req, 'end') ? (req as unknown as Record<'end', unknown>).end : proto.end
  ) as (this: ClientRequest, ...args: unknown[]) => ClientRequest
  const queue: { chunk: Buffer; callback: Callback | undefined }[] = []
  let inFlight = false
  let pumping = false
  let wantsDrain = false
  /** `end()` was called and waits for the queue; once passed on, both methods are node's again. */
  let ending: { callback: Callback | undefined } | undefined
  let passedOn = false
  let closed = false

  const settle = (): void => {
    if (ending !== undefined) {
      const { callback } = ending
      ending = undefined
      passedOn = true
      if (callback === undefined) end.call(req)
      else end.call(req, callback)
    } else if (wantsDrain) {
      wantsDrain = false
      req.emit('drain')
    }
  }

  const pump = (): void => {
    if (pumping) return
    pumping = true
    try {
      while (!inFlight && !closed) {
        const next = queue.shift()
        if (next === undefined) {
          settle()
          return
        }
        inFlight = true
        write.call(req, next.chunk, (error?: Error | null) => {
          inFlight = false
          next.callback?.(error)
          if (error == null) pump()
        })
      }
    } finally {
      pumping = false
    }
  }

  const enqueue = (chunk: Buffer, callback: Callback | undefined): void => {
    if (chunk.length <= sliceBytes) {
      queue.push({ chunk, callback })
      return
    }
    for (let start = 0; start < chunk.length; start += sliceBytes) {
      const last = start + sliceBytes >= chunk.length
      queue.push({
        chunk: chunk.subarray(start, start + sliceBytes),
        callback: last ? callback : undefined,
      })
    }
  }

  req.once('close', () => {
    closed = true
    // What node does for writes cut short: their callbacks learn it.
    const error = new Error('The request was closed before its body was written.')
    for (const item of queue.splice(0)) item.callback?.(error)
    ending = undefined
  })

  Object.defineProperty(req, 'write', {
    configurable: true,
    writable: true,
    value: function pacedWrite(...args: WriteArgs): boolean {
      if (closed || passedOn) return write.apply(req, args)
      if (ending !== undefined) {
        // What node does with a write after end(), which here is still waiting for the queue.
        const error = Object.assign(new Error('write after end'), {
          code: 'ERR_STREAM_WRITE_AFTER_END',
        })
        const callback = callbackOf(args)
        process.nextTick(() => {
          callback?.(error)
          req.emit('error', error)
        })
        return false
      }
      enqueue(toBuffer(args[0], args[1]), callbackOf(args))
      pump()
      const holding = inFlight || queue.length > 0
      if (holding) wantsDrain = true
      return !holding
    },
  })

  Object.defineProperty(req, 'end', {
    configurable: true,
    writable: true,
    value: function pacedEnd(...args: Partial<WriteArgs>): ClientRequest {
      if (closed || passedOn) return end.apply(req, args)
      const [chunk] = args
      const callback =
        typeof chunk === 'function' ? (chunk as Callback) : callbackOf(args as WriteArgs)
      if (ending !== undefined) {
        // A second end() while the first waits: node calls its callback once the body is sent.
        if (callback !== undefined)
          req.once('finish', () => {
            callback()
          })
        return req
      }
      if (typeof chunk !== 'function' && chunk !== undefined && chunk !== null) {
        enqueue(toBuffer(chunk, args[1]), undefined)
      }
      ending = { callback }
      pump()
      return req
    },
  })
}
