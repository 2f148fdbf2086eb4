/**
 * `npm run bench`: every case of bench/registry.ts, each variant in its own child process (so
 * interceptors and peak RSS never mix), the product beside its floors and peers from the same run.
 * Prints the machine, the versions and a markdown table with every ratio, and writes the same as
 * JSON to bench/results.json.
 *
 *   npm run bench                        all cases (a few minutes on a 2-core machine)
 *   npm run bench -- --smoke             a few iterations of each (CI: the harness never rots; no thresholds)
 *   npm run bench -- --only small,reset  some cases, by id
 *   npm run bench -- --repeat 2          every case twice, in turn (a noisy machine): each
 *                                        figure is then the median of all its passes' rounds
 *
 * A case file may read BENCH_* knobs (rounds, sizes); the harness only sets them for --smoke,
 * and sets BENCH_ROUNDS=5 for a full run unless the caller gave one.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type CaseResult, median, round } from './cases/shared.js'
import { type BenchCase, cases, type Target } from './registry.js'

const here = import.meta.dirname
const root = path.resolve(here, '..')
const argv = process.argv.slice(2)
const smoke = argv.includes('--smoke')
const onlyArg = argv[argv.indexOf('--only') + 1]
const only = argv.includes('--only') && onlyArg !== undefined ? onlyArg.split(',') : undefined
const repeat = argv.includes('--repeat') ? Number(argv[argv.indexOf('--repeat') + 1] ?? 1) : 1

const smokeKnobs = {
  BENCH_ROUNDS: '1',
  BENCH_SMALL_OPS: '20',
  BENCH_LARGE_MIB: '4',
  BENCH_MULTIPART_MIB: '16',
  BENCH_RESET_OBJECTS: '300',
  BENCH_STARTUP_ROUNDS: '1',
  BENCH_SERVER_REQUESTS: '300',
}
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  // The SDK warns once per process that its 2027 releases will need Node 22: noise in every row.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...(smoke ? smokeKnobs : { BENCH_ROUNDS: process.env.BENCH_ROUNDS ?? '5' }),
}

// ---- machine and versions -------------------------------------------------------------------

function versionOf(name: string): string {
  try {
    const file = path.join(root, 'node_modules', name, 'package.json')
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return 'not installed'
  }
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

/**
 * CPU ms to touch one MiB of fresh memory (allocate 64 MiB, fill it; median of 3). Under a
 * hypervisor that traps page faults (PVM here) this is ~10-20 x bare metal, and a case making
 * whole-body copies into fresh allocations (the bare-MSW floors of the large cases) is bound by it.
 */
function freshMemoryCpuMsPerMiB(): number {
  const samples: number[] = []
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage()
    Buffer.allocUnsafe(64 * 1024 * 1024).fill(1)
    const spent = process.cpuUsage(before)
    samples.push((spent.user + spent.system) / 1000 / 64)
  }
  return Math.round(median(samples) * 100) / 100
}

const cpus = os.cpus()
const machine = {
  cpu: cpus[0]?.model.trim() ?? 'unknown',
  cores: cpus.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  freshMemoryCpuMsPerMiB: freshMemoryCpuMsPerMiB(),
}
const ownVersion = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string
  }
).version
const versions = {
  node: process.version,
  's3-kms-mock': `${ownVersion} (${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') === '' ? '' : ', src modified'})`,
  msw: versionOf('msw'),
  '@aws-sdk/client-s3': versionOf('@aws-sdk/client-s3'),
  '@aws-sdk/client-kms': versionOf('@aws-sdk/client-kms'),
  '@aws-sdk/lib-storage': versionOf('@aws-sdk/lib-storage'),
  'aws-sdk-client-mock': versionOf('aws-sdk-client-mock'),
  s3rver: versionOf('s3rver'),
}

// ---- running variants ------------------------------------------------------------------------

type Outcome = { ok: true; result: CaseResult; seconds: number } | { ok: false; error: string }
/** By `file variant`, one outcome per pass (--repeat). */
const outcomes = new Map<string, Outcome[]>()

/** Runs a variant once per pass; a variant several entries share runs once per pass. */
function runVariant(entry: BenchCase, variant: string, pass: number): void {
  const key = `${entry.file} ${variant}`
  const known = outcomes.get(key) ?? []
  if (known.length > pass) return
  process.stderr.write(
    `bench: ${entry.file} ${variant}${repeat > 1 ? ` (pass ${String(pass + 1)})` : ''} … `,
  )
  const started = performance.now()
  const child = spawnSync(
    process.execPath,
    [...(entry.nodeArgs ?? []), '--import', 'tsx', path.join(here, 'cases', entry.file), variant],
    {
      cwd: root,
      env: childEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: (smoke ? 3 : 10) * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  const seconds = Math.round((performance.now() - started) / 100) / 10
  let outcome: Outcome
  const last = child.stdout.trim().split('\n').at(-1) ?? ''
  if (child.status !== 0) {
    const why =
      child.error?.message ??
      (child.signal === null ? `exit ${String(child.status)}` : `killed by ${child.signal}`)
    outcome = { ok: false, error: why }
  } else {
    try {
      outcome = { ok: true, result: JSON.parse(last) as CaseResult, seconds }
    } catch {
      outcome = { ok: false, error: `no result line (last line: ${last.slice(0, 200)})` }
    }
  }
  process.stderr.write(outcome.ok ? `${String(seconds)} s\n` : `FAILED: ${outcome.error}\n`)
  outcomes.set(key, [...known, outcome])
}

/**
 * A variant's passes as one outcome: the median of every pass's rounds (one pass: its own figure),
 * the largest peak RSS; failed if any pass failed.
 */
function merged(entry: BenchCase, variant: string): Outcome {
  const all = outcomes.get(`${entry.file} ${variant}`) ?? []
  const failed = all.find((o) => !o.ok)
  if (failed !== undefined || all.length === 0) return failed ?? { ok: false, error: 'not run' }
  const results = all.flatMap((o) => (o.ok ? [o.result] : []))
  const first = results[0]
  if (first === undefined || results.length === 1) return all[0] ?? { ok: false, error: 'not run' }
  const rounds = results.flatMap((r) => r.rounds)
  return {
    ok: true,
    seconds: all.reduce((t, o) => t + (o.ok ? o.seconds : 0), 0),
    result: {
      ...first,
      value: round(median(rounds)),
      rounds,
      maxRssMiB: Math.max(...results.map((r) => r.maxRssMiB)),
      extra: { ...first.extra, passes: results.map((r) => r.value).join(' / ') },
    },
  }
}

// ---- targets and rows ----------------------------------------------------------------------

const num = (n: number): string => (Number.isFinite(n) ? String(n) : '—')

function sizeOf(result: CaseResult): number | undefined {
  if (result.sizeMiB !== undefined) return result.sizeMiB
  const named = /(\d+)MiB/.exec(result.case)
  return named?.[1] === undefined ? undefined : Number(named[1])
}

interface TargetCheck {
  text: string
  met: boolean | undefined
}

function check(
  target: Target,
  entry: BenchCase,
  subject: CaseResult,
  ratios: Map<string, number>,
): TargetCheck {
  const bound = (min?: number, max?: number): string =>
    [min === undefined ? '' : `≥ ${String(min)}`, max === undefined ? '' : `≤ ${String(max)}`]
      .filter(Boolean)
      .join(' and ')
  const within = (v: number, min?: number, max?: number): boolean =>
    (min === undefined || v >= min) && (max === undefined || v <= max)
  if (target.kind === 'ratio') {
    const label = entry.baselines.find((b) => b.variant === target.of)?.label ?? target.of
    const ratio = ratios.get(target.of)
    return {
      text: `${bound(target.min, target.max)} × ${label}`,
      met: ratio === undefined ? undefined : within(ratio, target.min, target.max),
    }
  }
  if (target.kind === 'value') {
    return {
      text: `${bound(target.min, target.max)} ${subject.unit}`,
      met: within(subject.value, target.min, target.max),
    }
  }
  const size = sizeOf(subject)
  if (size === undefined) return { text: 'peak RSS (case reports no size)', met: undefined }
  const limit = target.factor * size + target.plusMiB
  return {
    text: `peak RSS ≤ ${String(target.factor)} × ${String(size)} + ${String(target.plusMiB)} = ${String(limit)} MiB`,
    met: subject.maxRssMiB <= limit,
  }
}

interface Row {
  id: string
  title: string
  better: 'higher' | 'lower'
  subject?: CaseResult
  baselines: {
    variant: string
    label: string
    kind: 'floor' | 'peer'
    result?: CaseResult
    /** subject ÷ baseline */
    ratio?: number
    error?: string
  }[]
  targets: TargetCheck[]
  errors: string[]
}

const selected = cases.filter((c) => only === undefined || only.includes(c.id))
const rows: Row[] = []
const present = selected.filter((entry) => {
  const there = existsSync(path.join(here, 'cases', entry.file))
  if (!there)
    process.stderr.write(`bench: ${entry.id}: bench/cases/${entry.file} is missing, skipped\n`)
  return there
})
const started = performance.now()
for (let pass = 0; pass < repeat; pass++) {
  for (const entry of present) {
    // Floors and peers first, the product last, as the cases always ran.
    for (const b of entry.baselines) runVariant(entry, b.variant, pass)
    runVariant(entry, entry.subject ?? 'mock', pass)
  }
}
for (const entry of present) {
  const row: Row = {
    id: entry.id,
    title: entry.title,
    better: entry.better ?? 'higher',
    baselines: [],
    targets: [],
    errors: [],
  }
  const base = entry.baselines.map((b) => ({ ...b, outcome: merged(entry, b.variant) }))
  const mine = merged(entry, entry.subject ?? 'mock')
  if (mine.ok) row.subject = mine.result
  else row.errors.push(`${entry.subject ?? 'mock'}: ${mine.error}`)
  const ratios = new Map<string, number>()
  for (const { outcome, ...b } of base) {
    if (!outcome.ok) {
      row.errors.push(`${b.variant}: ${outcome.error}`)
      row.baselines.push({ ...b, error: outcome.error })
      continue
    }
    const ratio =
      mine.ok && outcome.result.value > 0 ? mine.result.value / outcome.result.value : undefined
    if (ratio !== undefined) ratios.set(b.variant, ratio)
    row.baselines.push({ ...b, result: outcome.result, ...(ratio === undefined ? {} : { ratio }) })
  }
  if (mine.ok) row.targets = (entry.targets ?? []).map((t) => check(t, entry, mine.result, ratios))
  rows.push(row)
}
const durationS = Math.round((performance.now() - started) / 1000)
const loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100)

// ---- output --------------------------------------------------------------------------------

const figure = (r: CaseResult | undefined): string =>
  r === undefined ? 'failed' : `${num(r.value)} ${r.unit}`
const met = (t: TargetCheck): string =>
  `${t.text}: ${t.met === undefined ? 'n/a' : t.met ? 'met' : '**not met**'}`

const lines: string[] = []
lines.push(
  `${smoke ? 'SMOKE run (few iterations: not representative)' : 'Full run'}, ${new Date().toISOString()}, ${String(durationS)} s`,
  '',
  `Machine: ${machine.cpu}, ${String(machine.cores)} cores, ${String(machine.memoryGiB)} GiB, ${machine.os}; ${String(machine.freshMemoryCpuMsPerMiB)} CPU ms per MiB of fresh memory; load average ${machine.loadAverageAtStart.join(' ')} at start, ${loadAverageAtEnd.join(' ')} at end.`,
  `Versions: ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.`,
  `Rounds: BENCH_ROUNDS=${childEnv.BENCH_ROUNDS ?? 'case default'} after a warm-up${repeat > 1 ? `, ${String(repeat)} passes in turn` : ''}; each figure is the median.`,
  '',
  '| case | s3-kms-mock | beside | its figure | ratio | targets | peak RSS mock / beside |',
  '| --- | --- | --- | --- | --- | --- | --- |',
)
for (const row of rows) {
  const targets = row.targets.map(met).join('; ') || '—'
  const rss = (b?: CaseResult): string => (b === undefined ? '—' : String(b.maxRssMiB))
  if (row.baselines.length === 0) {
    lines.push(
      `| ${row.title} | ${figure(row.subject)} | — | — | — | ${targets} | ${rss(row.subject)} MiB |`,
    )
  }
  row.baselines.forEach((b, i) => {
    lines.push(
      `| ${i === 0 ? row.title : ''} | ${i === 0 ? figure(row.subject) : ''} | ${b.label} (${b.kind}) | ${b.error === undefined ? figure(b.result) : `failed: ${b.error}`} | ${b.ratio === undefined ? '—' : b.ratio.toFixed(2)} | ${i === 0 ? targets : ''} | ${rss(row.subject)} / ${rss(b.result)} MiB |`,
    )
  })
}
lines.push(
  '',
  'Ratio: s3-kms-mock ÷ the figure beside it (higher is better for rates, lower for times).',
)
const details: string[] = []
for (const row of rows) {
  for (const r of [row.subject, ...row.baselines.map((b) => b.result)]) {
    if (r === undefined) continue
    const extra = Object.entries(r.extra ?? {})
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ')
    details.push(
      `- ${r.case}: ${r.metric} rounds [${r.rounds.join(', ')}]${extra === '' ? '' : `; ${extra}`}${r.note === undefined ? '' : ` (${r.note})`}`,
    )
  }
}
lines.push('', ...details)
const failures = rows.flatMap((r) => r.errors.map((e) => `${r.id} ${e}`))
if (failures.length > 0) lines.push('', `FAILED: ${failures.join('; ')}`)
console.log(`\n${lines.join('\n')}`)

writeFileSync(
  path.join(here, 'results.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      smoke,
      durationS,
      machine: { ...machine, loadAverageAtEnd },
      versions,
      rounds: childEnv.BENCH_ROUNDS,
      repeat,
      rows,
      markdown: lines.join('\n'),
    },
    null,
    2,
  )}\n`,
)
// Targets never fail the run (no thresholds); a variant that crashed does.
if (failures.length > 0) process.exitCode = 1
