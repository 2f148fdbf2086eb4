import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/**
 * What only a real vitest run can show: the setup file in `setupFiles`, and two workers running
 * files at the same time. Each project under ./projects runs in a child vitest.
 */
const root = path.resolve(import.meta.dirname, '../../..')
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs')

async function runProject(
  name: string,
  env: Record<string, string | null> = {},
): Promise<{ code: number; output: string }> {
  // null removes a variable from the child's environment.
  const merged = new Map<string, string | null | undefined>([
    ...Object.entries(process.env),
    ['NO_COLOR', '1'],
    ...Object.entries(env),
  ])
  const childEnv = Object.fromEntries(
    [...merged].filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
  const config = path.join(import.meta.dirname, 'projects', name, 'vitest.config.ts')
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [vitest, 'run', '--config', config, '--reporter', 'verbose', '--no-color'],
      { cwd: root, env: childEnv, timeout: 90_000 },
    )
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

describe('in a real vitest run', () => {
  it('s3-kms-mock/vitest-setup answers application clients and empties the world after each test', async () => {
    const { code, output } = await runProject('setup-file', {
      AWS_ACCESS_KEY_ID: null,
      AWS_SECRET_ACCESS_KEY: null,
      AWS_REGION: null,
      AWS_PROFILE: null,
    })
    expect(output).toContain('Tests  3 passed')
    expect(code).toBe(0)
  }, 100_000)

  it('two parallel workers never see each other’s state', async () => {
    mkdirSync(path.join(root, '.tmp'), { recursive: true })
    const dir = mkdtempSync(path.join(root, '.tmp', 'workers-'))
    try {
      const { code, output } = await runProject('workers', { S3KMSMOCK_WORKERS_DIR: dir })
      expect(output).toContain('Tests  2 passed')
      expect(code).toBe(0)
      // Different processes (or threads): the proof ran in two workers, not one after the other.
      const a = readFileSync(path.join(dir, 'a.worker'), 'utf8')
      const b = readFileSync(path.join(dir, 'b.worker'), 'utf8')
      expect(a).not.toBe(b)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 100_000)
})
