import type { ClientRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { CLIENT_BACKLOG_BYTES, pacedResponseBody, rawClientRequest } from './paced-response.js'

function source(
  chunks: number,
  size: number,
): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === chunks) {
          controller.close()
          return
        }
        pulled += 1
        controller.enqueue(new Uint8Array(size).fill(pulled))
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => pulled }
}

/** Just what pacing looks at: the response's and the socket's unread bytes. */
function fakeClient(backlog: { bytes: number }) {
  const socket = {
    connecting: false,
    get readableLength() {
      return 0
    },
    listenerCount: () => 0,
    removeAllListeners: () => undefined,
  }
  return {
    destroyed: false,
    socket,
    res: {
      get readableLength() {
        return backlog.bytes
      },
    },
  } as unknown as ClientRequest
}

const turn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve)
  })

describe('pacedResponseBody', () => {
  it('passes every chunk through, in order', async () => {
    const { stream } = source(5, 10)
    const reader = pacedResponseBody(stream, undefined).getReader()
    const seen: number[] = []
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      seen.push(value[0] ?? -1)
    }
    expect(seen).toEqual([1, 2, 3, 4, 5])
  })

  it('hands plain Uint8Arrays on as Buffers over the same memory (MSW copies non-Buffers)', async () => {
    const bytes = new Uint8Array(8).fill(3)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(2, 6))
        controller.close()
      },
    })
    const { value } = await pacedResponseBody(stream, undefined).getReader().read()
    expect(Buffer.isBuffer(value)).toBe(true)
    expect(value?.buffer).toBe(bytes.buffer)
    expect([value?.byteOffset, value?.length]).toEqual([2, 4])
  })

  it('produces nothing more while the client has a backlog, and resumes once it is read', async () => {
    const backlog = { bytes: CLIENT_BACKLOG_BYTES }
    const { stream, pulled } = source(3, 10)
    const reader = pacedResponseBody(stream, fakeClient(backlog)).getReader()
    const first = reader.read()
    for (let i = 0; i < 40; i++) await turn()
    expect(pulled()).toBe(0)
    backlog.bytes = 0
    expect((await first).value?.[0]).toBe(1)
    expect(pulled()).toBe(1)
  })

  it('finds no client on a request that MSW did not record one for', () => {
    expect(rawClientRequest(new Request('https://example.com/'))).toBeUndefined()
  })
})
