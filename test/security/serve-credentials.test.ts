import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { testCredentials } from '../support/kms.js'

const root = path.resolve(import.meta.dirname, '../..')
const cli = ['--import', 'tsx', path.join(root, 'src/cli.ts')]
const dir = mkdtempSync(path.join(tmpdir(), 's3-kms-mock-credentials-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

function file(name: string, content: string): string {
  const where = path.join(dir, name)
  writeFileSync(where, content)
  return where
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Runs `serve` until its banner (resolves the endpoint) or its exit (resolves the status). */
function serve(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ url?: string; status?: number | null; output: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...cli, 'serve', '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  })
  children.push(child)
  let output = ''
  return new Promise((resolve) => {
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString()
      const url = /^ {2}endpoint +(\S+)$/m.exec(output)?.[1]
      if (output.includes('Ctrl-C stops.') && url !== undefined) resolve({ url, output, child })
    })
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.once('exit', (status) => {
      resolve({ status, output, child })
    })
  })
}

const kmsAt = (url: string, credentials = testCredentials) =>
  new KMSClient({ region: 'us-east-1', endpoint: url, credentials, maxAttempts: 1 })

describe('serve --credentials FILE (strict mode for clients in any language)', () => {
  const identities = file('identities.json', JSON.stringify({ credentials: [testCredentials] }))

  it.each([
    ['the flag', ['--credentials', identities], {}],
    ['S3_KMS_MOCK_CREDENTIALS', [], { S3_KMS_MOCK_CREDENTIALS: identities }],
  ])('from %s: the right secret gets in, a wrong one is refused', async (_, args, env) => {
    const server = await serve(args, env)
    expect(server.output).toContain('signatures   strict: verified against 1 access key')
    const ok = await kmsAt(server.url!).send(new CreateKeyCommand({}))
    expect(ok.KeyMetadata?.Enabled).toBe(true)
    const wrong = { ...testCredentials, secretAccessKey: 'not-the-secret' }
    const refused = await kmsAt(server.url!, wrong)
      .send(new CreateKeyCommand({}))
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({ name: 'InvalidSignatureException' })
  })

  it.each([
    [
      'not JSON',
      '{"credentials": [{"secretAccessKey": "wJalrXUtnFEMI/K7MDENG"',
      'is not valid JSON',
    ],
    ['an unknown key', '{"credential": {}}', 'unknown key "credential"'],
    [
      'a bad credential',
      '{"credentials": [{"accessKeyId": "", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG"}]}',
      'credentials need a non-empty accessKeyId',
    ],
  ])('%s: exit 2 naming the problem, never the secret', async (_, content, message) => {
    const bad = file(`bad-${String(Math.random()).slice(2)}.json`, content)
    const { status, output } = await serve(['--credentials', bad])
    expect(status).toBe(2)
    expect(output).toContain(message)
    expect(output).not.toContain('wJalrXUtnFEMI')
  })

  it('a missing file is exit 2', async () => {
    const { status, output } = await serve(['--credentials', path.join(dir, 'nope.json')])
    expect(status).toBe(2)
    expect(output).toContain('Cannot read the credentials file')
  })
})
