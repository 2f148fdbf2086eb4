import type { Readable, Writable } from 'node:stream'

/**
 * A node Readable (an IncomingMessage) as a web `ReadableStream`, pull-driven: the socket is paused
 * whenever the consumer's queue is full, so a slow consumer (encryption, the blob store) holds the
 * client back through TCP instead of the server buffering the whole object.
 *
 * `onFirstPull` runs once, when the consumer first asks for bytes. The server uses it to send
 * `100 Continue` only when the world actually reads the body, so a request refused up front is
 * answered without inviting the client to upload (what S3 does).
 */
export function readableToWeb(
  readable: Readable,
  onFirstPull: () => void = () => undefined,
): ReadableStream<Uint8Array> {
  let pulled = false
  let done = false
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        readable.pause()
        readable.on('data', (data: Buffer | string) => {
          if (done) return
          // A Readable with an encoding set (or in object mode) gives strings: node:http sends
          // them as UTF-8.
          const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if ((controller.desiredSize ?? 0) <= 0) readable.pause()
        })
        readable.once('end', () => {
          if (done) return
          done = true
          controller.close()
        })
        readable.once('error', (error) => {
          if (done) return
          done = true
          controller.error(error)
        })
        // A client that disconnects mid-body: 'close' without 'end'.
        readable.once('close', () => {
          if (done) return
          done = true
          controller.error(new Error('The client closed the connection before the body ended.'))
        })
      },
      pull() {
        if (!pulled) {
          pulled = true
          onFirstPull()
        }
        readable.resume()
      },
      cancel() {
        done = true
        // Let node discard the rest of the body; the socket stays usable for keep-alive.
        readable.removeAllListeners('data')
        readable.resume()
      },
    },
    // Nothing is read ahead of the consumer: with a positive high-water mark the stream would
    // pull right after start, which would send 100 Continue before anyone wants the body. The
    // socket and node's own buffer already keep the next chunk ready.
    new CountQueuingStrategy({ highWaterMark: 0 }),
  )
}

/**
 * Writes a web stream into a node Writable (a ServerResponse), waiting for `drain` whenever the
 * socket's buffer is full, so a large GET streams at the client's pace with one chunk in flight.
 * Stops and cancels the source when the client goes away. Resolves when everything was handed to
 * node (not when the client has read it).
 */
export async function pipeWebToWritable(
  body: ReadableStream<Uint8Array>,
  writable: Writable,
): Promise<void> {
  const reader = body.getReader()
  // An object, not a let: the listeners flip it while the loop awaits.
  const client: { gone: boolean; wake?: (() => void) | undefined } = { gone: false }
  const isGone = (): boolean => client.gone
  const onGone = (): void => {
    client.gone = true
    client.wake?.()
  }
  writable.once('close', onGone)
  writable.once('error', onGone)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || client.gone) break
      if (!writable.write(value)) {
        await new Promise<void>((resolve) => {
          client.wake = resolve
          writable.once('drain', resolve)
        })
        if (client.wake !== undefined) writable.off('drain', client.wake)
        client.wake = undefined
        if (isGone()) break
      }
    }
  } finally {
    writable.off('close', onGone)
    writable.off('error', onGone)
    if (client.gone) {
      // The catch keeps a source that errors on cancel from becoming an unhandled rejection.
      reader.cancel().catch(() => undefined)
    } else {
      reader.releaseLock()
    }
  }
  if (!client.gone) writable.end()
}
