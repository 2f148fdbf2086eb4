import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms'
import { ListBucketsCommand } from '@aws-sdk/client-s3'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { kmsFor, s3For, useServer } from '../server/support.js'
import type { MockAwsHttpServer } from '../../src/server.js'
import { testCredentials } from '../support/kms.js'
import { kmsHeaders, signed } from './support.js'

/** Opens a raw socket to the server; resolves when the server closes it, with what it sent. */
function rawSocket(server: MockAwsHttpServer, send: (socket: net.Socket) => void): Promise<string> {
  const { port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      send(socket)
    })
    let received = ''
    socket.on('data', (c: Buffer) => (received += c.toString()))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') resolve(received)
      else reject(error)
    })
    socket.on('close', () => {
      resolve(received)
    })
  })
}

describe('KMS bodies are capped at 1 MiB and refused before the rest is read', () => {
  const server = useServer({ credentials: testCredentials })

  it('a declared 400 MB body gets 413 at once; nothing changes and the server answers others', async () => {
    const before = server().world.audit.events().length
    const reply = await rawSocket(server(), (socket) => {
      socket.write(
        [
          'POST / HTTP/1.1',
          `Host: 127.0.0.1:${new URL(server().url).port}`,
          'Content-Type: application/x-amz-json-1.1',
          'X-Amz-Target: TrentService.CreateKey',
          `Authorization: AWS4-HMAC-SHA256 Credential=${testCredentials.accessKeyId}/20260601/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00`,
          'X-Amz-Date: 20260601T000000Z',
          'Content-Length: 400000000',
          '',
          '{"Description": "',
        ].join('\r\n'),
      )
      // Keeps sending a little; the server answers and closes without waiting for the rest.
      const timer = setInterval(() => socket.write('x'.repeat(1024)), 20)
      socket.once('close', () => {
        clearInterval(timer)
      })
    })
    expect(reply).toMatch(/^HTTP\/1\.1 413/)
    expect(reply).toContain('"__type":"RequestEntityTooLargeException"')
    expect(reply.toLowerCase()).toContain('connection: close')
    expect((await kmsFor(server()).send(new ListKeysCommand({}))).Keys).toEqual([])
    expect(server().world.audit.events().length).toBe(before + 2)
  })

  it('a chunked body with no length is cut when it passes the cap', async () => {
    const call = await signed({
      url: `${server().url}/`,
      method: 'POST',
      service: 'kms',
      headers: kmsHeaders('CreateKey'),
      body: '{}',
    })
    const big = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20))
      },
    })
    const response = await fetch(`${server().url}/`, {
      ...call.init,
      body: big,
      duplex: 'half',
    } as RequestInit).catch((e: unknown) => e)
    // Either the 413 arrives, or the upload is cut first: never a key created, never a 5xx.
    if (response instanceof Response) expect(response.status).toBe(413)
    expect((await kmsFor(server()).send(new ListKeysCommand({}))).Keys).toEqual([])
    expect((await kmsFor(server()).send(new CreateKeyCommand({}))).KeyMetadata).toBeDefined()
  })
})

describe('time limits, configured small', () => {
  const server = useServer({
    limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, idleTimeoutMs: 400 },
  })

  it('headers that never finish (slowloris) are cut after the headers timeout', async () => {
    const reply = await rawSocket(server(), (socket) => {
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n')
      const timer = setInterval(() => socket.write('X-Slow: 1\r\n'), 100)
      socket.once('close', () => {
        clearInterval(timer)
      })
    })
    // Node answers 408 (or just closes) once the deadline passes.
    expect(reply === '' || reply.startsWith('HTTP/1.1 408')).toBe(true)
  })

  it('a body dribbled too slowly is cut after the request timeout', async () => {
    const reply = await rawSocket(server(), (socket) => {
      socket.write('PUT /bucket/key HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n')
      const timer = setInterval(() => socket.write('x'), 50)
      socket.once('close', () => {
        clearInterval(timer)
      })
    })
    expect(reply.includes('201') || reply.includes('200 OK')).toBe(false)
  })

  it('a silent connection is closed after the idle timeout', async () => {
    const reply = await rawSocket(server(), () => undefined)
    expect(reply).toBe('')
  })

  it('ordinary requests are unaffected', async () => {
    expect((await s3For(server()).send(new ListBucketsCommand({}))).Buckets).toEqual([])
  })
})

describe('the connection cap', () => {
  const server = useServer({ limits: { maxConnections: 4 } })

  it('idle sockets holding every slot make room for a real client', async () => {
    const { port } = new URL(server().url)
    const idle = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(Number(port), '127.0.0.1', () => {
              resolve(socket)
            })
            socket.on('error', () => undefined)
          }),
      ),
    )
    try {
      expect((await s3For(server()).send(new ListBucketsCommand({}))).Buckets).toEqual([])
      await new Promise((resolve) => setTimeout(resolve, 50))
      const stillOpen = idle.filter((s) => !s.destroyed && s.readyState === 'open').length
      expect(stillOpen).toBeLessThan(8)
    } finally {
      for (const socket of idle) socket.destroy()
    }
  })
})

describe('the audit log of a server is bounded', () => {
  const server = useServer({ maxAuditEvents: 3 })

  it('keeps the newest events, counts the dropped ones and inspect() says so', async () => {
    const s3 = s3For(server())
    for (let i = 0; i < 5; i++) await s3.send(new ListBucketsCommand({}))
    expect(server().world.audit.events()).toHaveLength(3)
    expect(server().world.audit.dropped).toBe(2)
    expect(server().world.inspect()).toContain('audit log: 3 events kept (at most 3), 2 dropped')
  })

  it('a server keeps 10,000 by default; in-process worlds are unbounded', async () => {
    const { startServer } = await import('../../src/server.js')
    const { createMockAws } = await import('../../src/index.js')
    const other = await startServer()
    try {
      expect(other.world.inspect()).toContain('(at most 10000), 0 dropped')
    } finally {
      await other.close()
    }
    expect(createMockAws().inspect()).not.toContain('audit log')
  })
})
