/**
 * `npm run bench`: every case in its own child process (so interceptors and peak RSS never mix),
 * each beside its floor from the same run. Prints a table and writes bench/results.json.
 * `npm run bench -- --smoke` runs a few iterations only (CI keeps the harness from rotting).
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { CaseResult } from './cases/shared.js'

const smoke = process.argv.includes('--smoke')
const here = import.meta.dirname
const env = {
  ...process.env,
  ...(smoke
    ? { BENCH_SMALL_OPS: '20', BENCH_ROUNDS: '1', BENCH_LARGE_MIB: '4', BENCH_MULTIPART_MIB: '16' }
    : {}),
}

function run(file: string, variant: string): CaseResult {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'cases', file), variant],
    {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const line = out.trim().split('\n').at(-1) ?? ''
  return JSON.parse(line) as CaseResult
}

const pairs: [string, string][] = [
  ['small-objects.ts', 'small objects, 4 KiB put+get'],
  ['fast-lane.ts', 'fast lane (requestHandler), 4 KiB put+get'],
  ['large-object.ts', 'large object, single put+get'],
  ['multipart.ts', 'multipart upload (lib-storage) + get'],
]
const rows: { what: string; mock: CaseResult; floor: CaseResult; ratio: number }[] = []
for (const [file, what] of pairs) {
  const floor = run(file, 'floor')
  const mock = run(file, 'mock')
  rows.push({ what, mock, floor, ratio: mock.value / floor.value })
}

console.log(`\nNode ${process.version}, ${smoke ? 'SMOKE (not representative)' : 'full run'}\n`)
console.log('| case | s3-kms-mock | floor | ratio | peak RSS mock / floor |')
console.log('|---|---|---|---|---|')
for (const r of rows) {
  console.log(
    `| ${r.what} | ${r.mock.value} ${r.mock.unit} (${r.mock.note ?? ''}) | ${r.floor.value} ${r.floor.unit} | ${r.ratio.toFixed(2)} | ${r.mock.maxRssMiB} / ${r.floor.maxRssMiB} MiB |`,
  )
}
writeFileSync(
  path.join(here, 'results.json'),
  JSON.stringify({ node: process.version, smoke, rows }, null, 2) + '\n',
)
