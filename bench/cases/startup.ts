import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundleDist } from '../../scripts/bundle-dist.js'
import { env, median, report, round, variantArg } from './shared.js'

/**
 * Startup (issue #7 target: ≤ 1.2 × bare msw): in a fresh `node` process each round, the time
 * from before the import to the first answered request — import + setupServer/listen + one
 * CreateBucket through the real S3 client. `mock`: `setupMockAws` from the compiled package (the
 * JavaScript a user imports, built here as `npm run build` builds it — tsc, with `--noCheck`,
 * then scripts/bundle-dist.ts — not tsx); `floor`: msw/node's `setupServer` with one handler.
 * Both processes import @aws-sdk/client-s3 before the clock starts (the user's own cost, the
 * same on both sides). A warm-up process comes first.
 *
 * The figure is the process's CPU time over that window (user + system): start-up is CPU-bound,
 * so on a quiet machine it equals the wall time, and on this shared 2-core VM it stays within
 * ~10% while the wall time swings 2–4× with other work. The wall time is kept in `extra`.
 */
const variant = variantArg('mock', 'floor')
const roundCount = env('BENCH_STARTUP_ROUNDS', Math.max(5, 2 * env('BENCH_ROUNDS', 3) + 1))
const root = path.resolve(import.meta.dirname, '../..')

/** As `npm run build` does, minus the declarations: tsc, then the entry-point bundling. */
async function build(): Promise<string> {
  const outDir = path.join(root, '.tmp', `bench-dist-${String(process.pid)}`)
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/typescript/bin/tsc'),
      ...['-p', path.join(root, 'tsconfig.build.json'), '--outDir', outDir],
      ...['--declaration', 'false', '--noCheck'],
    ],
    { stdio: 'inherit' },
  )
  await bundleDist(outDir)
  return outDir
}

/** The script of one fresh process: prints the phases in ms as JSON. */
function script(entry: string | undefined): string {
  const setup =
    entry === undefined
      ? `const { setupServer } = await import('msw/node')
         const { http, HttpResponse } = await import('msw')
         const imported = performance.now()
         const server = setupServer(
           http.put(/s3\\..*amazonaws\\.com/, () => new HttpResponse(null, { status: 200 })),
         )
         server.listen({ onUnhandledRequest: 'error' })`
      : `const { setupMockAws } = await import(${JSON.stringify(entry)})
         const imported = performance.now()
         const server = setupMockAws()
         server.listen({ onUnhandledRequest: 'error' })`
  return `
    const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3')
    const started = performance.now()
    const cpuAtStart = process.cpuUsage()
    ${setup}
    const s3 = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
    })
    const listening = performance.now()
    const out = await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
    if (out.$metadata.httpStatusCode !== 200) throw new Error('first request not answered')
    const answered = performance.now()
    const cpu = process.cpuUsage(cpuAtStart)
    server.close()
    console.log(JSON.stringify({
      importMs: imported - started,
      listenMs: listening - imported,
      firstRequestMs: answered - listening,
      totalMs: answered - started,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }))`
}

interface Phases {
  importMs: number
  listenMs: number
  firstRequestMs: number
  totalMs: number
  cpuMs: number
  processMs: number
}

function fresh(code: string): Phases {
  const spawned = performance.now()
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const processMs = performance.now() - spawned
  return { ...(JSON.parse(out.trim().split('\n').at(-1) ?? '') as Phases), processMs }
}

const outDir = variant === 'mock' ? await build() : undefined
try {
  const code = script(
    outDir === undefined ? undefined : pathToFileURL(path.join(outDir, 'node.js')).href,
  )
  fresh(code)
  const results: Phases[] = []
  for (let i = 0; i < roundCount; i++) results.push(fresh(code))
  const mid = (pick: (p: Phases) => number): number => round(median(results.map(pick)))
  report({
    case: `startup-${variant}`,
    metric: 'import + listen + first request, CPU ms',
    value: mid((p) => p.cpuMs),
    unit: 'CPU ms',
    rounds: results.map((p) => round(p.cpuMs)),
    note:
      variant === 'mock'
        ? 'setupMockAws from the compiled package, first CreateBucket'
        : 'msw/node setupServer, one handler, first CreateBucket',
    extra: {
      wallMs: mid((p) => p.totalMs),
      importMs: mid((p) => p.importMs),
      listenMs: mid((p) => p.listenMs),
      firstRequestMs: mid((p) => p.firstRequestMs),
      processMs: mid((p) => p.processMs),
    },
  })
} finally {
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true })
}
