import http from 'node:http'
import { Duplex } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { paceRequestBody } from './paced-body.js'

/**
 * A ClientRequest on an in-memory socket whose writes complete only when the test says so, as
 * MSW's socket completes them only when the handler reads. Records every write the request makes.
 */
function pacedRequest(sliceBytes: number) {
  const writes: Buffer[] = []
  const pending: (() => void)[] = []
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk)
      pending.push(() => {
        callback()
      })
    },
  })
  const agent = Object.assign(new http.Agent(), { createConnection: () => socket })
  const req = http.request({
    host: '127.0.0.1',
    method: 'PUT',
    path: '/',
    agent,
    headers: { 'content-length': '0' },
  })
  req.on('error', () => undefined)
  paceRequestBody(req, sliceBytes)
  const settle = async (): Promise<void> => {
    // Let node hand queued data to the socket, then complete every write it made.
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setImmediate(resolve))
      const next = pending.shift()
      next?.()
    }
  }
  const body = (): Buffer => {
    const all = Buffer.concat(writes)
    return all.subarray(all.indexOf('\r\n\r\n') + 4)
  }
  return { req, writes, pending, settle, body }
}

describe('paceRequestBody', () => {
  it('sends the same bytes, in order, as slices of at most the slice size', async () => {
    const t = pacedRequest(1000)
    const payload = Buffer.from(Array.from({ length: 4500 }, (_, i) => i % 251))
    t.req.setHeader('content-length', String(payload.length + 3))
    let written = false
    t.req.write(payload, () => {
      written = true
    })
    const finished = new Promise((resolve) => t.req.once('finish', resolve))
    t.req.end('end', 'utf8')
    await t.settle()
    await finished
    expect(t.body()).toEqual(Buffer.concat([payload, Buffer.from('end')]))
    // No write carries more than a slice of body (node may send the headers with the first).
    const first = t.writes[0] ?? Buffer.alloc(0)
    const firstBody = first.length - (first.indexOf('\r\n\r\n') + 4)
    expect(firstBody).toBeLessThanOrEqual(1000)
    expect(t.writes.slice(1).every((w) => w.length <= 1000)).toBe(true)
    expect(written).toBe(true)
  })

  it('holds the next slice until the previous write completes, and reports back-pressure', async () => {
    const t = pacedRequest(100)
    t.req.setHeader('content-length', '1000')
    t.req.flushHeaders()
    await new Promise((resolve) => setImmediate(resolve))
    t.pending.shift()?.() // the headers
    const accepted = t.req.write(Buffer.alloc(1000, 1))
    expect(accepted).toBe(false)
    await new Promise((resolve) => setImmediate(resolve))
    // One slice handed over; the rest waits for its completion.
    expect(t.writes).toHaveLength(2)
    expect(t.writes[1]).toHaveLength(100)
    let drained = false
    t.req.once('drain', () => {
      drained = true
    })
    await t.settle()
    expect(t.body()).toEqual(Buffer.alloc(1000, 1))
    expect(drained).toBe(true)
  })

  it('fails a write made after end(), as node does, without sending it', async () => {
    const t = pacedRequest(100)
    t.req.setHeader('content-length', '300')
    t.req.end(Buffer.alloc(300, 2))
    const error = await new Promise<Error | null | undefined>((resolve) => {
      t.req.write('late', resolve)
    })
    expect((error as NodeJS.ErrnoException).code).toBe('ERR_STREAM_WRITE_AFTER_END')
    await t.settle()
    expect(t.body()).toEqual(Buffer.alloc(300, 2))
  })

  it('tells held writes that the request was closed before they were sent', async () => {
    const t = pacedRequest(100)
    t.req.setHeader('content-length', '1000')
    const outcome = new Promise<Error | null | undefined>((resolve) => {
      t.req.write(Buffer.alloc(1000, 3), resolve)
    })
    t.req.destroy()
    const error = await outcome
    expect(error).toBeInstanceOf(Error)
  })
})
