import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * A suite that mocks its other hosts with nock keeps working while the in-process mock is active
 * (issue 5; measurements and the combinations that cannot work: docs/decisions/0004). Each
 * activation order runs in its own process, since both libraries patch node's HTTP stack.
 */
const root = path.resolve(import.meta.dirname, '../../..')
const versionOf = (name: string): string | undefined => {
  const file = path.join(root, 'node_modules', name, 'package.json')
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
    : undefined
}
const numbers = (version: string): number[] => version.split(/[.-]/).map(Number)
const atLeast = (version: string, minimum: string): boolean => {
  const [a, b] = [numbers(version), numbers(minimum)]
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}
// NOCK_MODULE (a path to another nock's entry file) lets the same proof run against other versions.
const nockFromEnv = process.env.NOCK_MODULE
const nock =
  nockFromEnv === undefined
    ? versionOf('nock')
    : (
        JSON.parse(readFileSync(path.join(nockFromEnv, '../../package.json'), 'utf8')) as {
          version: string
        }
      ).version
const msw = versionOf('msw') ?? '0'
const node = process.versions.node
// Node 20 lacks Promise.withResolvers, which nock 15's interceptors call per request.
const polyfill = !atLeast(node, '22.0.0')

const skipReason =
  nock === undefined
    ? 'nock is not installed (a devDependency still to add: npm i -D nock@15)'
    : msw.startsWith('3.')
      ? 'msw 3 and nock 15 cannot share the process: both patch fetch/net from @mswjs/interceptors 0.45 (crash or hang in either order, docs/decisions/0004)'
      : !atLeast(nock, '15.0.6')
        ? `nock ${nock} (@mswjs/interceptors 0.44) loses its node:http responses next to msw 2 (read ENOTCONN); nock ≥ 15.0.6 works (docs/decisions/0004)`
        : undefined

function scenario(order: 'nock-first' | 'msw-first'): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'nock-scenario.ts')],
      {
        cwd: root,
        env: { ...process.env, ORDER: order, POLYFILL_WITH_RESOLVERS: polyfill ? '1' : '0' },
      },
    )
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000)
    child.on('error', reject)
    child.on('close', () => {
      clearTimeout(timer)
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line === undefined) reject(new Error(`no result from the scenario:\n${out}`))
      else resolve(JSON.parse(line) as Record<string, string>)
    })
  })
}

describe.skipIf(skipReason !== undefined)(
  `nock ${nock ?? '(absent)'} beside the mock on msw ${msw}, Node ${node}${polyfill ? ' + Promise.withResolvers polyfill' : ''}${skipReason === undefined ? '' : ` — skipped: ${skipReason}`}`,
  () => {
    it.each(['nock-first', 'msw-first'] as const)(
      '%s: nock answers its host (node:http and fetch), the mock answers S3/KMS, nock still guards the rest',
      async (order) => {
        const { unmocked, ...answered } = await scenario(order)
        expect(answered).toEqual({
          order,
          nockHttp: '200 from-nock',
          nockFetch: '200 from-nock-fetch',
          s3: 'aws:kms through the mock',
        })
        expect(unmocked).toMatch(/^error NetConnectNotAllowedError/)
      },
      60_000,
    )
  },
)
