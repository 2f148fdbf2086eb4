import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
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
      'dist/vitest.js',
      'dist/vitest.d.ts',
      'dist/vitest-setup.js',
      'dist/vitest-setup.d.ts',
      'dist/jest.js',
      'dist/jest.d.ts',
      'dist/contract.js',
      'dist/contract.d.ts',
      'dist/browser.js',
      'dist/browser.d.ts',
      'dist/vitest-browser.js',
      'dist/vitest-browser.d.ts',
      'dist/vitest-plugin.js',
      'dist/vitest-plugin.d.ts',
      'schema/world.schema.json',
      'fixtures/invoices.json',
      'README.md',
      'package.json',
    ]) {
      expect(files).toContain(entry)
    }
    expect(files.filter((f) => f.startsWith('src/') || f.includes('.test.'))).toEqual([])
  })

  it('ships the JavaScript bundled per entry point, with the declarations file by file', () => {
    // scripts/bundle-dist.ts: entries plus shared chunks (start-up, ADR 0008); tsc's per-file
    // .js are gone, its .d.ts stay (the entries' declarations import them).
    const js = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))
    expect(js.filter((f) => !f.startsWith('dist/chunks/')).sort()).toEqual([
      'dist/browser.js',
      'dist/cli.js',
      'dist/contract.js',
      'dist/index.js',
      'dist/jest.js',
      'dist/node.js',
      'dist/server.js',
      'dist/vitest-browser.js',
      'dist/vitest-plugin.js',
      'dist/vitest-setup.js',
      'dist/vitest.js',
    ])
    expect(files).toContain('dist/world/create-world.d.ts')
  })

  it('bundles s3-kms-mock/browser and the browser s3-kms-mock/vitest for a page, no node:*', async () => {
    // As a page's bundler resolves them (the `browser` condition); platform 'browser' fails on
    // any Node built-in, and the inputs must not name one either.
    for (const entry of ['s3-kms-mock/browser', 's3-kms-mock/vitest']) {
      const result = await build({
        stdin: { contents: `export * from '${entry}'`, resolveDir: project },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        conditions: ['browser'],
        external: ['msw', 'msw/*', 'vitest', 'vitest/*'],
        metafile: true,
        // Not the repository's tsconfig, whose paths map s3-kms-mock/* to src/.
        tsconfigRaw: {},
        logLevel: 'silent',
      })
      const inputs = Object.keys(result.metafile.inputs)
      expect(
        inputs.some(
          (file) => file.includes('dist/vitest-browser.js') || file.includes('dist/browser.js'),
        ),
      ).toBe(true)
      expect(
        inputs.filter(
          (file) => file.startsWith('node:') || file.includes('node_modules/@types/node'),
        ),
      ).toEqual([])
      const imports = Object.values(result.metafile.inputs).flatMap((input) =>
        input.imports.map((i) => i.path),
      )
      expect(imports.filter((path) => path.startsWith('node:'))).toEqual([])
    }
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

  it('ships the bin (--help) and s3-kms-mock/server, which serves S3 over a real port', () => {
    const help = execFileSync(
      process.execPath,
      [path.join(project, 'node_modules', 's3-kms-mock', 'dist', 'cli.js'), '--help'],
      { cwd: project, encoding: 'utf8' },
    )
    expect(help).toContain('Usage: s3-kms-mock serve')
    writeFileSync(
      path.join(project, 'server-check.mjs'),
      `
      import { startServer } from 's3-kms-mock/server'
      import { S3Client, CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3'
      const server = await startServer()
      const s3 = new S3Client({ region: 'us-east-1', endpoint: server.url, forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
      await s3.send(new CreateBucketCommand({ Bucket: 'over-the-wire' }))
      const { Buckets } = await s3.send(new ListBucketsCommand({}))
      s3.destroy()
      await server.close()
      console.log(Buckets.map((b) => b.Name).join(','))
      `,
    )
    const output = execFileSync(process.execPath, ['server-check.mjs'], {
      cwd: project,
      encoding: 'utf8',
    })
    expect(output.trim()).toBe('over-the-wire')
  })

  it('ships s3-kms-mock/contract and the contract command, which run scenarios on the mock', () => {
    writeFileSync(
      path.join(project, 'contract-check.mjs'),
      `
      import { runContract, inProcessTarget, scenarios, contractPassed } from 's3-kms-mock/contract'
      const only = ['kms-encrypt-decrypt-with-context', 'sse-c-put-get-head']
      const results = await runContract({ targets: [inProcessTarget()], scenarios, only })
      console.log(scenarios.length > 50, results.map((r) => r.outcome.status).join(','), contractPassed(results))
      `,
    )
    const output = execFileSync(process.execPath, ['contract-check.mjs'], {
      cwd: project,
      encoding: 'utf8',
    })
    expect(output.trim()).toBe('true pass,pass true')
    const table = execFileSync(
      process.execPath,
      [
        path.join(project, 'node_modules', 's3-kms-mock', 'dist', 'cli.js'),
        'contract',
        '--target',
        'server',
        '--only',
        'sse-kms-encryption-context',
      ],
      { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    )
    expect(table).toMatch(/sse-kms-encryption-context\s+pass/)
  })

  it('gives jest users the matchers, and ships the world-file schema and fixtures', () => {
    writeFileSync(
      path.join(project, 'jest-check.mjs'),
      `
      import { matchers } from 's3-kms-mock/jest'
      import { createRequire } from 'node:module'
      import { readFileSync } from 'node:fs'
      import { createMockAws } from 's3-kms-mock'
      const names = Object.keys(matchers).sort().join(',')
      const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('s3-kms-mock/schema/world.schema.json'), 'utf8'))
      const aws = createMockAws()
      await aws.load('node_modules/s3-kms-mock/fixtures/invoices.json')
      console.log(names, schema.title, aws.s3.buckets().join(','))
      `,
    )
    const output = execFileSync(process.execPath, ['jest-check.mjs'], {
      cwd: project,
      encoding: 'utf8',
    })
    expect(output.trim()).toBe(
      'toBeEncryptedWithCustomerKey,toBeEncryptedWithKms,toBeEncryptedWithS3Managed,toBeUnencrypted,toHaveBeenDecryptedBy,toHaveDeniedKmsCall,toHaveDeniedS3Call,toHaveKmsCall s3-kms-mock world file invoices',
    )
  })

  it('runs vitest tests with s3-kms-mock/vitest-setup in setupFiles and the aws fixture', () => {
    writeFileSync(
      path.join(project, 'vitest.config.mjs'),
      `export default { test: { include: ['*.spec.mjs'], setupFiles: ['s3-kms-mock/vitest-setup'] } }`,
    )
    writeFileSync(
      path.join(project, 'app.spec.mjs'),
      `
      import { S3Client, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
      import { aws } from 's3-kms-mock/vitest-setup'
      import { expect, test } from 's3-kms-mock/vitest'
      const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
      test('the setup file world answers', async () => {
        await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }))
        await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'x' }))
        expect(aws.s3.object('bkt', 'k')).toBeEncryptedWithS3Managed()
      })
      test.concurrent('the fixture world answers', async ({ aws: own }) => {
        await own.load('node_modules/s3-kms-mock/fixtures/invoices.json')
        expect(own.s3.object('invoices', 'acme/2026-01.txt')).toBeEncryptedWithKms({ keyId: 'alias/invoices' })
        expect(aws.s3.buckets()).toEqual([])
      })
      `,
    )
    const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs')
    const output = execFileSync(process.execPath, [vitest, 'run', '--no-color'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    })
    expect(output).toContain('Tests  2 passed')
  })

  it('runs a jest suite (native ESM) with the matchers from s3-kms-mock/jest', () => {
    const dir = path.join(project, 'jest-project')
    mkdirSync(dir)
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'jest-consumer',
        type: 'module',
        private: true,
        jest: { testEnvironment: 'node', transform: {}, testMatch: ['**/*.test.mjs'] },
      }),
    )
    writeFileSync(
      path.join(dir, 'invoices.test.mjs'),
      `
      import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals'
      import { KMSClient, CreateKeyCommand } from '@aws-sdk/client-kms'
      import { S3Client, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
      import { setupMockAws } from 's3-kms-mock/node'
      import { matchers } from 's3-kms-mock/jest'
      expect.extend(matchers)
      const aws = setupMockAws()
      beforeAll(() => aws.listen())
      afterEach(() => aws.reset())
      afterAll(() => aws.close())
      const credentials = { accessKeyId: 'a', secretAccessKey: 'b' }
      test('matchers work in jest', async () => {
        const kms = new KMSClient({ region: 'us-east-1', credentials })
        const s3 = new S3Client({ region: 'us-east-1', credentials })
        const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
        await s3.send(new CreateBucketCommand({ Bucket: 'invoices' }))
        await s3.send(new PutObjectCommand({ Bucket: 'invoices', Key: 'a', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KeyMetadata.KeyId }))
        expect(aws.s3.object('invoices', 'a')).toBeEncryptedWithKms({ keyId: KeyMetadata.Arn })
        expect(aws.s3.object('invoices', 'a')).not.toBeEncryptedWithS3Managed()
        expect(aws).toHaveKmsCall('GenerateDataKey', { keyId: KeyMetadata.KeyId })
        expect(() => expect(aws.s3.object('invoices', 'a')).toBeEncryptedWithS3Managed()).toThrow('Expected: SSE-S3')
      })
      `,
    )
    const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js')
    const result = spawnSync(process.execPath, ['--experimental-vm-modules', jest, '--ci'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(result.stderr).toMatch(/Tests:\s+1 passed, 1 total/)
    expect(result.status).toBe(0)
  })

  it('refuses deep imports of private files', () => {
    writeFileSync(path.join(project, 'deep.mjs'), `await import('s3-kms-mock/dist/kms/key.js')`)
    expect(() =>
      execFileSync(process.execPath, ['deep.mjs'], { cwd: project, stdio: 'pipe' }),
    ).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/)
  })
})
