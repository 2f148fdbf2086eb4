/**
 * The browser lane's figures (issue #17), for bench/RESULTS.md: `npm run bench:browser`.
 *
 * 1. Bundle size of `s3-kms-mock/browser` for a page: esbuild, minified, gzipped; with msw
 *    (what a page loads) and without it (the package's own code), and the largest inputs.
 * 2. Per-request time of a presigned PUT of 4 KiB and 8 MiB in the page (bench/browser/put.test.ts
 *    in Chromium), beside a bare setupWorker handler storing bytes in a Map, in the same run.
 *
 *   tsx bench/browser.ts [--smoke]
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = path.resolve(import.meta.dirname, '..')
const smoke = process.argv.includes('--smoke')

async function bundle(external: string[]): Promise<{
  min: number
  gzip: number
  top: { input: string; bytes: number }[]
}> {
  const result = await build({
    entryPoints: [path.join(root, 'src/browser.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    // vitest's module exists only under vitest; the channel imports it on first use.
    external: ['vitest/browser', ...external],
    metafile: true,
    logLevel: 'silent',
  })
  const [file] = result.outputFiles
  const [output] = Object.values(result.metafile.outputs)
  if (file === undefined || output === undefined) throw new Error('esbuild wrote no bundle')
  const out = file.contents
  const inputs = output.inputs
  const byPackage = new Map<string, number>()
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
    const key = match?.[1] ?? (file.startsWith('src/') ? `s3-kms-mock ${path.dirname(file)}` : file)
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput)
  }
  const top = [...byPackage.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 6)
  return { min: out.length, gzip: gzipSync(out).length, top }
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`

const withMsw = await bundle([])
const own = await bundle(['msw', 'msw/*'])
console.log(`s3-kms-mock/browser with msw: ${kib(withMsw.min)} min, ${kib(withMsw.gzip)} gzip`)
console.log(`  largest: ${withMsw.top.map((t) => `${t.input} ${kib(t.bytes)}`).join(', ')}`)
console.log(`own code (msw external): ${kib(own.min)} min, ${kib(own.gzip)} gzip`)
console.log(`  largest: ${own.top.map((t) => `${t.input} ${kib(t.bytes)}`).join(', ')}`)

const output = execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    'bench/browser/vitest.config.ts',
  ],
  {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      ...(smoke ? { BENCH_SMOKE: '1' } : {}),
    },
  },
)
for (const line of output.split('\n')) {
  const at = line.indexOf('BENCH ')
  if (at === -1) continue
  const r = JSON.parse(line.slice(at + 6)) as {
    size: string
    rounds: number
    mockMs: number
    bareMs: number
  }
  console.log(
    `presigned PUT ${r.size}: s3-kms-mock/browser ${r.mockMs.toFixed(1)} ms, bare setupWorker ${r.bareMs.toFixed(1)} ms (median of ${String(r.rounds)})`,
  )
}
