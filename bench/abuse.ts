/**
 * Server mode under abuse (issue #14 item 5), bounded and on loopback only: `serve` with its
 * default limits in a child process, while this process
 *  - sends 2 KMS bodies declaring 400 MB each, writing as fast as the socket takes them;
 *  - keeps 1,000 slowloris sockets (headers at 1 byte/s) and 1,000 idle sockets open, reopening
 *    those the server closes;
 *  - sends one PUT declaring 4 GiB at 1 byte/s;
 * and a well-behaved client asks the health check and KMS ListKeys every 200 ms. Reports that
 * client's worst latency and failures, how many sockets the server held, and the server's peak
 * RSS (VmHWM). Usage: `npx tsx bench/abuse.ts [seconds] [--baseline]` (default 30 s;
 * `--baseline` runs the client alone, for the machine's own latency).
 */
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'

const seconds = Number(process.argv[2] ?? 30)
const root = path.resolve(import.meta.dirname, '..')

if (process.argv[3] === '--attacker') await attack(Number(process.argv[4]))
else await measure()

/** The attacker, in its own process so its event loop does not slow the measured client. */
async function attack(port: number): Promise<void> {
  let stop = false
  let opened = 0
  let cut = 0
  const sockets = new Set<net.Socket>()
  const attacker = (kind: 'slowloris' | 'idle'): void => {
    if (stop) return
    const socket = net.connect(port, '127.0.0.1')
    opened++
    sockets.add(socket)
    let timer: NodeJS.Timeout | undefined
    socket.on('connect', () => {
      if (kind === 'idle') return
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')
      timer = setInterval(() => socket.write('a'), 1000)
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearInterval(timer)
      sockets.delete(socket)
      cut++
      setTimeout(() => {
        attacker(kind)
      }, 100)
    })
  }
  const bigKmsBody = (): Promise<string> =>
    new Promise((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'TrentService.CreateKey',
          'x-amz-date': '20260601T000000Z',
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKID/20260601/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00',
          'content-length': String(400_000_000),
        },
      })
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      let sent = 0
      const pump = (): void => {
        while (!stop && sent < 400_000_000 && req.write(chunk)) sent += chunk.length
        if (!stop && sent < 400_000_000) req.once('drain', pump)
      }
      req.on('response', (res) => {
        res.resume()
        resolve(`${String(res.statusCode)} after ${(sent / 1048576).toFixed(0)} MiB written`)
      })
      req.on('error', (e: Error) => {
        resolve(`cut (${e.message}) after ${(sent / 1048576).toFixed(0)} MiB written`)
      })
      pump()
    })
  const slow = net.connect(port, '127.0.0.1', () => {
    slow.write(
      `PUT /bucket/key HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${String(4 * 1024 ** 3)}\r\n\r\n`,
    )
  })
  const slowTimer = setInterval(() => slow.write('x'), 1000)
  let slowCutAfter: number | undefined
  const slowStarted = Date.now()
  slow.on('error', () => undefined)
  slow.on('close', () => {
    clearInterval(slowTimer)
    slowCutAfter = Math.round((Date.now() - slowStarted) / 1000)
  })
  for (let i = 0; i < 1000; i++) attacker('slowloris')
  for (let i = 0; i < 1000; i++) attacker('idle')
  const kms = await Promise.all([bigKmsBody(), bigKmsBody()])
  await new Promise((r) => setTimeout(r, seconds * 1000))
  stop = true
  clearInterval(slowTimer)
  for (const socket of sockets) socket.destroy()
  slow.destroy()
  console.log(
    JSON.stringify({
      kms400MBBodies: kms,
      slowBody4GiB: slowCutAfter === undefined ? 'still open' : `cut after ${slowCutAfter} s`,
      attackerSockets: { opened, closedByServer: cut },
    }),
  )
  process.exit(0)
}

async function measure(): Promise<void> {
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const url = await new Promise<string>((resolve) => {
    let out = ''
    server.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /^ {2}endpoint +(\S+)$/m.exec(out)
      if (m?.[1] !== undefined && out.includes('Ctrl-C stops.')) resolve(m[1])
    })
  })
  const peakRss = (): number =>
    Number(
      /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${String(server.pid)}/status`, 'utf8'))?.[1] ?? 0,
    ) / 1024
  const rssAtStart = peakRss()
  // `--baseline`: the same client with no attacker, for the machine's own latency.
  const attackerArgs =
    process.argv[3] === '--baseline'
      ? ['-e', `setTimeout(() => console.log('{}'), ${String(seconds * 1000)})`]
      : ['--import', 'tsx', 'bench/abuse.ts', String(seconds), '--attacker', new URL(url).port]
  const attackerProcess = spawn(process.execPath, attackerArgs, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let attackerOut = ''
  attackerProcess.stdout.on('data', (c: Buffer) => (attackerOut += c.toString()))
  const attackerDone = new Promise((r) => attackerProcess.once('exit', r))
  // Let the flood fill the connection table before measuring.
  await new Promise((r) => setTimeout(r, 2000))
  const kms = new KMSClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 5000 }),
  })
  const latencies: number[] = []
  let failures = 0
  const until = Date.now() + (seconds - 3) * 1000
  while (Date.now() < until) {
    const started = performance.now()
    try {
      const health = await fetch(`${url}/_s3-kms-mock/health`, {
        signal: AbortSignal.timeout(5000),
      })
      await health.text()
      await kms.send(new ListKeysCommand({}))
      latencies.push(performance.now() - started)
    } catch {
      failures++
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const rss = peakRss()
  await attackerDone
  server.kill('SIGTERM')
  latencies.sort((a, b) => a - b)
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN
  console.log(
    JSON.stringify(
      {
        seconds,
        wellBehavedClient: {
          rounds: latencies.length,
          failures,
          p50ms: Math.round(pick(0.5)),
          p99ms: Math.round(pick(0.99)),
          maxMs: Math.round(latencies.at(-1) ?? NaN),
        },
        ...(JSON.parse(attackerOut || '{}') as object),
        serverPeakRssMiB: { atStart: Math.round(rssAtStart), underAbuse: Math.round(rss) },
      },
      null,
      2,
    ),
  )
}
