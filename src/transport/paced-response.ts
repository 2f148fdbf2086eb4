import type { ClientRequest, IncomingMessage } from 'node:http'

export { rawClientRequest } from './internals/raw-client-request/raw-client-request.js'

/** What the client may have buffered and not yet read before the next chunk is produced. */
export const CLIENT_BACKLOG_BYTES = 1024 * 1024

/** Bytes the client has received and not read: its response's buffer and its socket's. */
function backlog(client: ClientRequest): number {
  const res = (client as ClientRequest & { res?: IncomingMessage | null }).res
  return (res?.readableLength ?? 0) + (client.socket?.readableLength ?? 0)
}

/**
 * While the client's socket is idle between chunks, node's `Socket#_read` finds no native handle
 * on MSW's mock socket and waits for a `connect` that already happened: one dead `connect`
 * listener per idle turn (and a MaxListenersExceededWarning after ten). Once the socket is
 * connected no `connect` can come again, so those listeners are dropped as they appear.
 */
function dropDeadConnectListeners(client: ClientRequest): void {
  const socket = client.socket
  if (socket !== null && !socket.connecting && socket.listenerCount('connect') > 0) {
    socket.removeAllListeners('connect')
  }
}

const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve)
  })
const shortly = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 1)
  })

/**
 * The same bytes as a Buffer (a view, no copy). MSW's socket (interceptors 0.41 `MockHttpSocket`)
 * feeds each chunk it writes to its response parser with
 * `Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)`: a plain Uint8Array (what decryption
 * hands over) was copied, one more transient copy of every GET.
 */
function asBuffer(chunk: Uint8Array): Uint8Array {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
}

/**
 * A large response body produced at the client's pace. MSW writes a mocked response into the
 * client's socket as fast as the body yields (it never waits for `drain`), so a body that can be
 * produced faster than the application reads it — decrypting segments is faster than most
 * readers — piles up whole in the client's `IncomingMessage`, and Node's async iterator then
 * concatenates that backlog into one Buffer: a 64 MiB GET held twice more. Here each chunk is
 * produced on its own event-loop turn, after the client has read what it had, and no sooner than
 * its backlog is under 1 MiB. Without the client (no `ClientRequest` recorded), only the turn.
 */
export function pacedResponseBody(
  body: ReadableStream<Uint8Array>,
  client: ClientRequest | undefined,
): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await nextTurn()
        if (client !== undefined) {
          // A slow reader (writing to disk, say): wait, more patiently as it goes on.
          for (let spins = 0; backlog(client) >= CLIENT_BACKLOG_BYTES; spins++) {
            if (client.destroyed) break
            await (spins < 16 ? nextTurn() : shortly())
          }
        }
        if (client !== undefined) dropDeadConnectListeners(client)
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(asBuffer(value))
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
}
