import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { spawn } from 'node:child_process'
import { createServer } from 'node:https'
import { Agent } from 'node:https'
import { createInterface } from 'node:readline'
import { startServer } from '../../src/server.js'
import { generateCertificate } from '../../src/transport/tls.js'
import { client, credentials, env, median, report, round } from './shared.js'

/**
 * Server mode under load: requests per second from 50 concurrent SDK clients (each on its own
 * keep-alive TLS connection) doing PutObject + GetObject of 4 KiB, SSE-S3 / SSE-KMS (customer key)
 * / SSE-C in turn, against a server in its own process. `mock`: `startServer({ https: true })`;
 * `floor`: a bare node https server keeping bodies in a Map (no auth, no crypto, no checks).
 * The clients run in this process (one core), the server in a child (the other core), so the
 * rate is often client-bound; `extra.serverCpuMsPerRequest` is the server's own cost.
 */
const CLIENTS = 50
const role = process.argv[2] ?? 'mock'

interface Ready {
  url: string
  ca: string
}

/** The server child: prints `Ready`, then answers `cpu` lines with its CPU time, exits on EOF. */
async function serve(kind: 'mock' | 'floor'): Promise<void> {
  let ready: Ready
  let close: () => Promise<void>
  if (kind === 'mock') {
    const server = await startServer({ https: true })
    ready = { url: server.url, ca: server.ca ?? '' }
    close = async () => {
      server.destroy()
      await server.close()
    }
  } else {
    const tls = await generateCertificate('127.0.0.1')
    const store = new Map<string, Buffer>()
    const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0] ?? '/'
        if (req.method === 'PUT') {
          store.set(path, Buffer.concat(chunks))
          res.writeHead(200, { etag: '"floor"', 'content-length': '0' }).end()
          return
        }
        const body = store.get(path)
        if (body === undefined) res.writeHead(404, { 'content-length': '0' }).end()
        else res.writeHead(200, { 'content-length': String(body.length) }).end(body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    ready = { url: `https://127.0.0.1:${String(port)}`, ca: tls.ca }
    close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      })
  }
  console.log(JSON.stringify(ready))
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'cpu') {
      const { user, system } = process.cpuUsage()
      console.log(JSON.stringify({ cpuMs: (user + system) / 1000 }))
    }
  }
  await close()
}

/** The measuring side: starts the server child and drives it. */
async function measure(kind: 'mock' | 'floor'): Promise<void> {
  const perRound = env('BENCH_SERVER_REQUESTS', 2000)
  const roundCount = env('BENCH_ROUNDS', 3)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, `serve-${kind}`],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const next = async (): Promise<string> => {
    const line: IteratorResult<string> = await lines.next()
    if (line.done === true) throw new Error('server child ended early')
    return line.value
  }
  const serverCpu = async (): Promise<number> => {
    child.stdin.write('cpu\n')
    return (JSON.parse(await next()) as { cpuMs: number }).cpuMs
  }
  try {
    const { url, ca } = JSON.parse(await next()) as Ready
    const clients: S3Client[] = Array.from({ length: CLIENTS }, () =>
      client({
        endpoint: url,
        forcePathStyle: true,
        requestHandler: { httpsAgent: new Agent({ keepAlive: true, maxSockets: 1, ca }) },
      }),
    )
    const first = clients[0]
    if (first === undefined) throw new Error('no clients')
    await first.send(new CreateBucketCommand({ Bucket: 'bench' }))
    // New buckets block SSE-C (as AWS does since 2026); this one allows it.
    await first.send(
      new PutBucketEncryptionCommand({
        Bucket: 'bench',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
            },
          ],
        },
      }),
    )
    let keyId = '1234abcd-12ab-34cd-56ef-1234567890ab'
    if (kind === 'mock') {
      const kms = new KMSClient({
        region: 'us-east-1',
        credentials,
        endpoint: url,
        requestHandler: { httpsAgent: new Agent({ ca }) },
      })
      keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? keyId
      kms.destroy()
    }
    const body = new Uint8Array(4096).fill(3)
    const customerKey = 'bench-sse-c-customer-key-32-byte' // 32 bytes
    const modes = [
      { ServerSideEncryption: 'AES256' as const },
      { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: keyId },
      { SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey },
    ]
    const readKey = [{}, {}, { SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey }]
    /** Each client does `pairs` put+get pairs, cycling the modes; returns requests per second. */
    const pass = async (pairs: number): Promise<number> => {
      const started = performance.now()
      await Promise.all(
        clients.map(async (s3, c) => {
          for (let i = 0; i < pairs; i++) {
            const m = (c + i) % 3
            const Key = `c${String(c)}/o${String(i % 6)}`
            await s3.send(new PutObjectCommand({ Bucket: 'bench', Key, Body: body, ...modes[m] }))
            const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key, ...readKey[m] }))
            const bytes = await got.Body?.transformToByteArray()
            if (bytes?.length !== body.length)
              throw new Error(`read ${String(bytes?.length)} bytes`)
          }
        }),
      )
      return (2 * pairs * CLIENTS) / ((performance.now() - started) / 1000)
    }
    // Warm-up: every client's first use of each command builds its SDK middleware.
    await pass(3)
    const pairs = Math.max(1, Math.round(perRound / (2 * CLIENTS)))
    const rates: number[] = []
    const cpuPerRequest: number[] = []
    for (let r = 0; r < roundCount; r++) {
      const cpuBefore = await serverCpu()
      rates.push(await pass(pairs))
      cpuPerRequest.push(((await serverCpu()) - cpuBefore) / (2 * pairs * CLIENTS))
    }
    for (const s3 of clients) s3.destroy()
    report({
      case: `server-rps-${kind}`,
      metric: 'requests/s',
      value: Math.round(median(rates)),
      unit: 'req/s',
      rounds: rates.map(Math.round),
      note:
        kind === 'mock'
          ? `startServer https, ${String(CLIENTS)} clients, 4 KiB SSE-S3/SSE-KMS/SSE-C put+get`
          : `bare node https + Map, same ${String(CLIENTS)} clients and requests`,
      extra: {
        requestsPerRound: 2 * pairs * CLIENTS,
        serverCpuMsPerRequest: round(median(cpuPerRequest)),
      },
    })
  } finally {
    child.stdin.end()
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

if (role === 'serve-mock' || role === 'serve-floor')
  await serve(role === 'serve-mock' ? 'mock' : 'floor')
else if (role === 'mock' || role === 'floor') await measure(role)
else throw new Error(`unknown variant ${role}; this case knows mock, floor`)
