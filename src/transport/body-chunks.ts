import { RequestBodyUnreadable } from '../core/request-body.js'

/**
 * One chunk of a request body as Node's `fetch` puts it on the wire: strings as UTF-8, typed
 * arrays and DataViews as the bytes they view, empty chunks as nothing. Anything else (an
 * ArrayBuffer, a number, an object) makes Node's fetch fail the request, so it fails here too,
 * saying why.
 */
export function chunkBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8')
  if (ArrayBuffer.isView(chunk))
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  const type =
    chunk === null
      ? 'null'
      : typeof chunk === 'object'
        ? Object.prototype.toString.call(chunk)
        : typeof chunk
  throw new RequestBodyUnreadable(
    `s3-kms-mock: a request body chunk of type ${type} cannot be sent (Node's fetch accepts strings, typed arrays and DataViews; it fails such a request).`,
  )
}

/**
 * `source` read as Node would send it (`chunkBytes` per chunk, empty chunks skipped), pull-driven.
 * A source that fails mid-way fails this stream with `RequestBodyUnreadable` carrying the cause,
 * so the world answers the request instead of waiting for bytes that will never come. A cancel
 * (the world refused the request mid-body) cancels the source, or with `'drain'` reads the rest
 * and drops it: MSW's own streams must not be cancelled (msw-handlers.ts says why).
 */
export function sendableBody(
  source: ReadableStream<unknown>,
  onCancel: 'cancel' | 'drain' = 'cancel',
): ReadableStream<Uint8Array> {
  // The source is locked on the first read, not here: a caller that only looks at `body` (is there
  // one?) and then reads the request with text() or formData() must find it unlocked.
  let reader: ReadableStreamDefaultReader<unknown> | undefined
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= source.getReader()
        for (;;) {
          let next: ReadableStreamReadResult<unknown>
          try {
            next = await reader.read()
          } catch (cause) {
            throw new RequestBodyUnreadable(
              `s3-kms-mock: the request body failed while being read: ${String((cause as Error | undefined)?.message ?? cause)}`,
              { cause },
            )
          }
          if (next.done) {
            controller.close()
            return
          }
          const bytes = chunkBytes(next.value)
          if (bytes.byteLength === 0) continue
          controller.enqueue(bytes)
          return
        }
      },
      cancel: (reason) => {
        reader ??= source.getReader()
        if (onCancel === 'cancel') return reader.cancel(reason)
        void drain(reader)
        return undefined
      },
    },
    { highWaterMark: 0 },
  )
}

/** Reads `reader` to its end, dropping what it reads; a source that fails has nothing left. */
export async function drain(reader: ReadableStreamDefaultReader<unknown>): Promise<void> {
  try {
    for (;;) if ((await reader.read()).done) return
  } catch {
    // The client went away mid-body; there is nothing left to release.
  }
}
