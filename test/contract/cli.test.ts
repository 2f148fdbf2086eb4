import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { describe, expect, test } from 'vitest'

/** `s3-kms-mock contract` as users run it (from source through tsx; CI also runs dist/cli.js). */
const root = path.resolve(import.meta.dirname, '../..')
const cli = ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'contract']

function run(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runWith({}, ...args)
}

function runWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cli, ...args], {
      cwd: root,
      // No credentials, Docker or endpoint from the machine: the other targets must say why they skip.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    })
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

describe('s3-kms-mock contract', () => {
  test('prints scenario × target and exits 0 when nothing differs; absent targets say why they skip', async () => {
    const { status, stdout, stderr } = await run(
      '--target',
      'in-process',
      '--target',
      'server',
      '--target',
      'aws',
      '--only',
      'sse-c-put-get-head',
      '--only',
      'kms-encrypt-decrypt-with-context',
    )
    expect(stderr).toContain('pass    in-process sse-c-put-get-head')
    expect(status).toBe(0)
    const [header, rule, ...rows] = stdout.split('\n')
    expect(header?.split(/\s+/)).toEqual(['scenario', 'in-process', 'server', 'aws'])
    expect(rule).toMatch(/^-+ {2}-+ {2}-+ {2}-+$/)
    expect(rows.slice(0, 2).map((r) => r.split(/\s+/))).toEqual([
      ['kms-encrypt-decrypt-with-context', 'pass', 'pass', 'skipped'],
      ['sse-c-put-get-head', 'pass', 'pass', 'skipped'],
    ])
    expect(stdout).toContain('in-process: 2 pass, 0 differ, 0 skipped')
    expect(stdout).toMatch(/aws: aws is unavailable: .*S3_KMS_MOCK_CONTRACT_BUCKET/)
  })

  test('exits 1 and prints the difference when a target answers otherwise', async () => {
    // An "S3 endpoint" that answers 200 with no body to everything: it accepts what S3 refuses.
    const yesMan = createServer((req, res) => {
      req.resume()
      req.on('end', () => res.end())
    })
    await new Promise<void>((resolve) => yesMan.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = yesMan.address() as AddressInfo
      const { status, stdout } = await runWith(
        {
          S3_KMS_MOCK_CONTRACT_ENDPOINT: `http://127.0.0.1:${port}`,
          S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY: 'example-secret',
          S3_KMS_MOCK_CONTRACT_BUCKET: 'shared',
        },
        '--target',
        'endpoint',
        '--only',
        'sse-unknown-encryption-method',
      )
      expect(status).toBe(1)
      expect(stdout).toMatch(/sse-unknown-encryption-method\s+differs/)
      expect(stdout).toContain('endpoint: 0 pass, 1 differ, 0 skipped')
      expect(stdout).toContain('sse-unknown-encryption-method on endpoint:')
      expect(stdout).toMatch(/expected: \{[^}]*code: 'InvalidArgument'/)
      expect(stdout).toContain("actual:   'the call succeeded'")
    } finally {
      await new Promise((resolve) => yesMan.close(resolve))
    }
  })

  test('--json prints the results for machines', async () => {
    const { status, stdout } = await run(
      '--target',
      'in-process',
      '--only',
      'kms-generate-random',
      '--json',
    )
    expect(status).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject([
      { scenario: 'kms-generate-random', target: 'in-process', outcome: { status: 'pass' } },
    ])
  })

  test('--list names every scenario with what it requires', async () => {
    const { status, stdout } = await run('--list')
    expect(status).toBe(0)
    expect(stdout).toContain('sse-c-multipart-round-trip  [sse-c, https, create-bucket]')
  })

  test.each([
    [[], 'Missing --target: name at least one target.'],
    [
      ['--target', 'in-process', '--only', 'no-such-scenario'],
      'Unknown scenario "no-such-scenario"',
    ],
    [
      ['--target', 'in-process', '--record', '/tmp/x'],
      '--record needs a target reached over the network',
    ],
    [['--target', 'nowhere'], 'nowhere'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
  ])('refuses %j with exit code 2 and the reason', async (args, reason) => {
    const { status, stderr } = await run(...args)
    expect(stderr).toContain(reason)
    expect(status).toBe(2)
  })
})
