import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { testCredentials } from '../support/kms.js'
import { bodyBytes } from '../support/s3.js'

/** The bin as users run it (from source through tsx here; CI also runs the built dist/cli.js). */
const root = path.resolve(import.meta.dirname, '../..')
const cli = ['--import', 'tsx', path.join(root, 'src/cli.ts')]

/** Runs the bin to completion (async, so the refusal cases run side by side). */
function run(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cli, ...args], { cwd: root })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', (status) => {
      resolve({ status, stdout, stderr })
    })
  })
}

interface Running {
  child: ChildProcess
  url: string
  certificate: string | undefined
  output: () => string
  exit: Promise<number | null>
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Starts `serve` and waits for its banner. */
async function serve(...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [...cli, 'serve', '--port', '0', ...args], { cwd: root })
  children.push(child)
  let output = ''
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve))
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (output.includes('Ctrl-C stops.')) resolve()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exit.then((code) => {
      reject(new Error(`serve exited (${String(code)}) before listening:\n${output}`))
    })
  })
  const url = /^ {2}endpoint +(\S+)$/m.exec(output)?.[1]
  const certificate = /^ {2}certificate +(\S+)$/m.exec(output)?.[1]
  if (url === undefined) throw new Error(`no endpoint line in:\n${output}`)
  return { child, url, certificate, output: () => output, exit }
}

describe('s3-kms-mock (command line)', () => {
  it('--help documents every flag and the control endpoints, exit 0', async () => {
    const { status, stdout } = await run('--help')
    expect(status).toBe(0)
    for (const flag of [
      '--host',
      '--port',
      '--https',
      '--cert',
      '--key',
      '--fixture',
      '--seed',
      '--help',
    ]) {
      expect(stdout).toContain(flag)
    }
    for (const path of ['health', 'reset', 'audit', 'object?bucket=B&key=K']) {
      expect(stdout).toContain(`/_s3-kms-mock/${path}`)
    }
    expect(stdout).toContain("'x-s3-kms-mock-control: 1'")
  })

  it.concurrent.each([
    [['serve', '--nope'], /Unknown option '--nope'/],
    [['serve', '--port', 'abc'], /--port must be a number from 0 to 65535, not "abc"/],
    [['serve', '--port', '70000'], /--port must be a number/],
    [['serve', '--cert', 'c.pem'], /--cert and --key go together/],
    [['serve', '--cert', 'missing.pem', '--key', 'missing.key'], /Cannot read --cert\/--key/],
    [[], /Missing the command: use "serve"/],
    [['start'], /Unknown command "start"/],
    [['serve', 'extra'], /Unexpected argument "extra"/],
  ])('%j → a clear message on stderr and exit code 2', async (args, message) => {
    const { status, stderr } = await run(...args)
    expect(status).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr).toContain('s3-kms-mock --help')
  })

  it('a fixture that is not a valid world file → its problem on stderr, exit code 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-fixture-'))
    try {
      const file = path.join(dir, 'world.json')
      writeFileSync(file, '{"buckets":[{"name":"Not_Valid"}]}')
      const { status, stderr } = await run('serve', '--port', '0', '--fixture', file)
      expect(status).toBe(2)
      expect(stderr).toContain('Failed to load world file')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a port in use → exit code 1 saying so', async () => {
    const holder = http.createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const port = (holder.address() as { port: number }).port
    try {
      const { status, stderr } = await run('serve', '--port', String(port))
      expect(status).toBe(1)
      expect(stderr).toContain(`127.0.0.1:${port} is already in use`)
    } finally {
      holder.close()
    }
  })

  it('serve prints its endpoints, and SIGTERM lets an in-flight upload finish, then exits 0', async () => {
    const server = await serve()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.output()).toContain(`health       GET  ${server.url}/_s3-kms-mock/health`)
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: server.url,
      forcePathStyle: true,
      credentials: testCredentials,
      maxAttempts: 1,
    })
    await s3.send(new CreateBucketCommand({ Bucket: 'graceful' }))
    const body = new PassThrough()
    // aws-chunked: every chunk but the last must be ≥ 8 KiB, as S3 requires.
    const half = Buffer.alloc(16 * 1024, 7)
    const upload = s3.send(
      new PutObjectCommand({
        Bucket: 'graceful',
        Key: 'k',
        Body: body,
        ContentLength: 2 * half.length,
      }),
    )
    body.write(half)
    await new Promise((resolve) => setTimeout(resolve, 200))
    server.child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(server.child.exitCode).toBeNull()
    body.end(half)
    expect((await upload).ETag).toBeDefined()
    expect(await server.exit).toBe(0)
    expect(server.output()).toContain('SIGTERM, stopping')
    expect(server.output()).toContain('stopped.')
  })

  it('serve --https prints a certificate file clients can trust; it is removed on exit', async () => {
    const server = await serve('--https', '--seed', 'cli')
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(server.certificate).toBeDefined()
    const ca = readFileSync(server.certificate!, 'utf8')
    expect(ca).toContain('BEGIN CERTIFICATE')
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: server.url.replace('127.0.0.1', 'localhost'),
      forcePathStyle: true,
      credentials: testCredentials,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca }) }),
    })
    await s3.send(new CreateBucketCommand({ Bucket: 'tls-bucket' }))
    await s3.send(new PutObjectCommand({ Bucket: 'tls-bucket', Key: 'k', Body: 'over tls' }))
    const got = await s3.send(new GetObjectCommand({ Bucket: 'tls-bucket', Key: 'k' }))
    expect((await bodyBytes(got.Body)).toString()).toBe('over tls')
    server.child.kill('SIGINT')
    expect(await server.exit).toBe(0)
    expect(existsSync(server.certificate!)).toBe(false)
  })
})
