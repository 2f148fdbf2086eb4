import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { listenHttp, type HttpServer } from '../../src/transport/http-server.js'
import { generateCertificate } from '../../src/transport/tls.js'

/**
 * The transport alone (no AWS): a node listener that turns sockets into Fetch requests. Raw
 * node clients and sockets, so what is on the wire is what we assert.
 */
const servers: HttpServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.destroy()
    await s.close()
  }
})

async function serve(
  handle: (request: Request) => Promise<Response>,
  tls?: Awaited<ReturnType<typeof generateCertificate>>,
): Promise<HttpServer> {
  const server = await listenHttp({ host: '127.0.0.1', port: 0, handle, tls })
  servers.push(server)
  return server
}

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  continued: boolean
  reusedSocket: boolean
}

function send(
  port: number,
  options: http.RequestOptions & { body?: Buffer | Buffer[]; waitForContinue?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { body, waitForContinue, ...rest } = options
    let continued = false
    const req = http.request({ host: '127.0.0.1', port, ...rest }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          continued,
          reusedSocket: req.reusedSocket,
        })
      })
    })
    req.on('error', reject)
    const write = (): void => {
      for (const part of Array.isArray(body) ? body : body === undefined ? [] : [body])
        req.write(part)
      req.end()
    }
    if (waitForContinue === true) {
      req.on('continue', () => {
        continued = true
        write()
      })
      req.flushHeaders()
    } else write()
  })
}

/** Raw bytes of an exchange on a socket the server closes (Connection: close). */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text))
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('close', () => {
      resolve(Buffer.concat(chunks).toString('latin1'))
    })
    socket.on('error', reject)
  })
}

const echo = async (request: Request): Promise<Response> =>
  new Response(
    JSON.stringify({
      url: request.url,
      method: request.method,
      size: (await request.arrayBuffer()).byteLength,
    }),
  )

describe('node http → Fetch Request', () => {
  it('builds the URL from the scheme of the listener and the Host header, and keeps every header', async () => {
    let seen: Request | undefined
    const server = await serve(async (request) => {
      seen = request
      return echo(request)
    })
    await send(server.port, {
      path: '/bucket/a%20b?x-id=PutObject',
      method: 'PUT',
      headers: { host: 'bucket.localhost:9', 'x-amz-meta-a': 'one' },
      body: Buffer.from('hello'),
    })
    expect(seen!.url).toBe('http://bucket.localhost:9/bucket/a%20b?x-id=PutObject')
    expect(seen!.headers.get('x-amz-meta-a')).toBe('one')
    expect(seen!.headers.get('host')).toBe('bucket.localhost:9')
  })

  it('gives https: to the handler for requests that came over TLS', async () => {
    const material = await generateCertificate('127.0.0.1')
    const server = await serve(echo, material)
    const url = await new Promise<string>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port: server.port, path: '/k', ca: material.ca }, (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => {
            resolve((JSON.parse(text) as { url: string }).url)
          })
        })
        .on('error', reject)
    })
    expect(url).toBe(`https://127.0.0.1:${server.port}/k`)
  })

  it('takes a chunked request body (no content-length) whole', async () => {
    const server = await serve(echo)
    const parts = [Buffer.alloc(70_000, 1), Buffer.alloc(5, 2), Buffer.alloc(100_000, 3)]
    const answer = await send(server.port, { method: 'PUT', path: '/c', body: parts })
    expect(JSON.parse(answer.body.toString())).toMatchObject({ size: 170_005 })
  })

  it('sends 100 Continue only once the handler reads the body', async () => {
    const server = await serve(echo)
    const answer = await send(server.port, {
      method: 'PUT',
      path: '/big',
      headers: { expect: '100-continue', 'content-length': '3' },
      body: Buffer.from('abc'),
      waitForContinue: true,
    })
    expect(answer.continued).toBe(true)
    expect(JSON.parse(answer.body.toString())).toMatchObject({ size: 3 })
  })

  it('answers a refusal without 100 Continue and closes that connection, as the body never came', async () => {
    const server = await serve(() => Promise.resolve(new Response('<Error/>', { status: 403 })))
    const answer = await send(server.port, {
      method: 'PUT',
      path: '/denied',
      headers: { expect: '100-continue', 'content-length': '3' },
      body: Buffer.from('abc'),
      waitForContinue: true,
    })
    expect([answer.status, answer.continued, answer.headers.connection]).toEqual([
      403,
      false,
      'close',
    ])
  })

  it('reuses keep-alive connections', async () => {
    const server = await serve(echo)
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const first = await send(server.port, { agent, path: '/1' })
    const second = await send(server.port, { agent, path: '/2' })
    agent.destroy()
    expect([first.reusedSocket, second.reusedSocket]).toEqual([false, true])
  })

  it('writes no body for HEAD, 204 and 304, while keeping content-length', async () => {
    const server = await serve((request) =>
      Promise.resolve(
        new Response(request.url.endsWith('/head') ? 'twelve bytes' : null, {
          status: request.url.endsWith('/304') ? 304 : request.url.endsWith('/204') ? 204 : 200,
          headers: { 'content-length': '12', etag: '"e"' },
        }),
      ),
    )
    const head = await raw(
      server.port,
      'HEAD /head HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    )
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(head).toMatch(/\r\ncontent-length: 12\r\n/i)
    expect(head.endsWith('\r\n\r\n')).toBe(true)
    for (const status of ['204', '304']) {
      const text = await raw(
        server.port,
        `GET /${status} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      )
      expect(text.startsWith(`HTTP/1.1 ${status}`)).toBe(true)
      expect(text.endsWith('\r\n\r\n')).toBe(true)
    }
  })

  it('answers a handler that throws with a bare 500', async () => {
    const errors: unknown[] = []
    const server = await listenHttp({
      host: '127.0.0.1',
      port: 0,
      handle: () => Promise.reject(new Error('boom')),
      onError: (error) => errors.push(error),
    })
    servers.push(server)
    expect((await send(server.port, { path: '/' })).status).toBe(500)
    expect(errors).toHaveLength(1)
  })

  it('serves hundreds of concurrent connections', async () => {
    const server = await serve(echo)
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        send(server.port, { agent: false, method: 'PUT', path: `/${i}`, body: Buffer.alloc(i) }),
      ),
    )
    expect(answers.map((a) => (JSON.parse(a.body.toString()) as { size: number }).size)).toEqual(
      Array.from({ length: 300 }, (_, i) => i),
    )
  })
})

describe('streaming without buffering whole bodies', () => {
  it('holds an upload back while the handler does not read (TCP backpressure, not memory)', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    let firstChunk: () => void = () => undefined
    const started = new Promise<void>((resolve) => (firstChunk = resolve))
    const server = await serve(async (request) => {
      const reader = request.body!.getReader()
      let size = (await reader.read()).value?.byteLength ?? 0
      firstChunk()
      await gate
      for (let r = await reader.read(); !r.done; r = await reader.read()) size += r.value.byteLength
      return new Response(String(size))
    })
    const total = 256 * 1024 * 1024
    const chunk = Buffer.alloc(256 * 1024)
    let written = 0
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      method: 'PUT',
      path: '/up',
      headers: { 'content-length': String(total) },
    })
    const response = new Promise<string>((resolve, reject) => {
      req.on('response', (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => {
          resolve(text)
        })
      })
      req.on('error', reject)
    })
    const pump = async (): Promise<void> => {
      while (written < total) {
        written += chunk.length
        if (!req.write(chunk)) await new Promise((resolve) => req.once('drain', resolve))
      }
      req.end()
    }
    const pumping = pump()
    await started
    // Give the client every chance to push more; only socket buffers can take it.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(written).toBeLessThan(32 * 1024 * 1024)
    release()
    await pumping
    expect(await response).toBe(String(total))
  })

  it('pulls a response body only as fast as the client reads, and cancels it when the client leaves', async () => {
    let pulled = 0
    let cancelled: () => void = () => undefined
    const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve))
    const server = await serve(() =>
      Promise.resolve(
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulled += 64 * 1024
              controller.enqueue(new Uint8Array(64 * 1024))
            },
            cancel() {
              cancelled()
            },
          }),
        ),
      ),
    )
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: server.port, path: '/endless' }, (res) => {
        res.once('data', () => {
          res.pause()
          setTimeout(() => {
            expect(pulled).toBeLessThan(32 * 1024 * 1024)
            req.destroy()
            resolve()
          }, 300)
        })
      })
      req.on('error', () => undefined)
      req.on('close', () => undefined)
      setTimeout(() => {
        reject(new Error('no data'))
      }, 5_000).unref()
    })
    await wasCancelled
  })

  it('errors the request body and aborts the signal when the client disconnects mid-upload', async () => {
    let outcome: (value: { error: string; aborted: boolean }) => void = () => undefined
    const seen = new Promise<{ error: string; aborted: boolean }>((resolve) => (outcome = resolve))
    const server = await serve(async (request) => {
      try {
        await request.arrayBuffer()
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        outcome({ error: (error as Error).message, aborted: request.signal.aborted })
      }
      return new Response(null, { status: 500 })
    })
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      method: 'PUT',
      path: '/cut',
      headers: { 'content-length': '1000000' },
    })
    req.on('error', () => undefined)
    req.write(Buffer.alloc(1000))
    setTimeout(() => req.destroy(), 100)
    const { error, aborted } = await seen
    expect(error).toMatch(/closed|aborted|terminated/i)
    expect(aborted).toBe(true)
  })
})

describe('graceful close', () => {
  it('refuses new connections at once, finishes in-flight requests, closes idle keep-alive sockets', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    let arrived: () => void = () => undefined
    const inFlight = new Promise<void>((resolve) => (arrived = resolve))
    const server = await listenHttp({
      host: '127.0.0.1',
      port: 0,
      handle: async (request) => {
        if (request.url.endsWith('/slow')) {
          arrived()
          await gate
        }
        return new Response('done')
      },
    })
    const agent = new http.Agent({ keepAlive: true })
    await send(server.port, { agent, path: '/warm' })
    const slow = send(server.port, { agent: false, path: '/slow' })
    await inFlight
    expect(server.inFlight).toBe(1)
    let closed = false
    const closing = server.close().then(() => (closed = true))
    const refused = await send(server.port, { agent: false, path: '/late' }).catch(
      (e: unknown) => (e as NodeJS.ErrnoException).code,
    )
    expect(refused).toBe('ECONNREFUSED')
    expect(closed).toBe(false)
    release()
    const answer = await slow
    expect([answer.status, answer.body.toString()]).toEqual([200, 'done'])
    await closing
    expect(server.inFlight).toBe(0)
    agent.destroy()
  })
})
