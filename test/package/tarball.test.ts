import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The package as a user installs it: `npm pack` (which builds through `prepack`), unpacked into a
 * project's node_modules, imported through its public subpaths only. The project sits under the
 * repository's `.tmp/`, so the peer dependencies (msw, AWS SDK) resolve from our node_modules.
 */
const root = path.resolve(import.meta.dirname, '../..')
let project: string
let files: string[]

beforeAll(() => {
  mkdirSync(path.join(root, '.tmp'), { recursive: true })
  project = mkdtempSync(path.join(root, '.tmp', 'package-'))
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', project], {
    cwd: root,
    encoding: 'utf8',
  })
  const [packed] = JSON.parse(out.slice(out.indexOf('['))) as {
    filename: string
    files: { path: string }[]
  }[]
  files = packed!.files.map((f) => f.path)
  mkdirSync(path.join(project, 'node_modules'))
  execFileSync('tar', [
    '-xzf',
    path.join(project, packed!.filename),
    '-C',
    path.join(project, 'node_modules'),
  ])
  renameSync(
    path.join(project, 'node_modules', 'package'),
    path.join(project, 'node_modules', 's3-kms-mock'),
  )
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', type: 'module', private: true }),
  )
}, 120_000)

afterAll(() => {
  rmSync(project, { recursive: true, force: true })
})

describe('the packed tarball', () => {
  it('ships the built entry points with type declarations, and no sources or tests', () => {
    for (const entry of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/node.js',
      'dist/node.d.ts',
      'README.md',
      'package.json',
    ]) {
      expect(files).toContain(entry)
    }
    expect(files.filter((f) => f.startsWith('src/') || f.includes('.test.'))).toEqual([])
  })

  it('imports through every public subpath and answers a KMS call', () => {
    writeFileSync(
      path.join(project, 'check.mjs'),
      `
      import { createMockAws, UsageError, ManualClock } from 's3-kms-mock'
      import { setupMockAws } from 's3-kms-mock/node'
      import { KMSClient, CreateKeyCommand } from '@aws-sdk/client-kms'
      if (typeof createMockAws !== 'function' || typeof UsageError !== 'function' || typeof ManualClock !== 'function') throw new Error('root exports missing')
      const aws = setupMockAws()
      aws.listen({ onUnhandledRequest: 'error' })
      const kms = new KMSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
      aws.close()
      console.log(KeyMetadata.KeyState)
      `,
    )
    const output = execFileSync(process.execPath, ['check.mjs'], { cwd: project, encoding: 'utf8' })
    expect(output.trim()).toBe('Enabled')
  })

  it('refuses deep imports of private files', () => {
    writeFileSync(path.join(project, 'deep.mjs'), `await import('s3-kms-mock/dist/kms/key.js')`)
    expect(() =>
      execFileSync(process.execPath, ['deep.mjs'], { cwd: project, stdio: 'pipe' }),
    ).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/)
  })
})
