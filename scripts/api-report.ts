/**
 * The public API as committed text (issue #12 item 5): one API Extractor report per public entry
 * point of package.json `exports`, in api/<entry>.api.md, read from the built declarations
 * (dist/*.d.ts, so run `npm run build` first). A change to the public API is then a visible diff.
 *
 *   tsx scripts/api-report.ts            check: fails when a report differs from dist (CI)
 *   tsx scripts/api-report.ts --update   rewrites the reports
 *
 * The bundled dist (ADR 0008) keeps tsc's declarations file by file, so every entry is analysed
 * in one TypeScript program (CompilerState's additionalEntryPoints) instead of one per entry.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import {
  CompilerState,
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type IConfigFile,
} from '@microsoft/api-extractor'

const root = path.resolve(import.meta.dirname, '..')
const update = process.argv.includes('--update')

interface ExportTarget {
  types?: string
  /** The page's build of an entry (`./vitest` in vitest's browser mode). */
  browser?: { types?: string }
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, ExportTarget | string>
}
/**
 * `.` → index, `./vitest-setup` → vitest-setup, with its declarations file; an entry's `browser`
 * condition → `<entry>-browser` (`./vitest` → vitest-browser).
 */
const entries = Object.entries(pkg.exports).flatMap(([subpath, target]) => {
  if (typeof target !== 'object') return []
  const name = subpath === '.' ? 'index' : subpath.slice(2)
  return [
    ...(target.types === undefined ? [] : [{ name, dts: path.join(root, target.types) }]),
    ...(target.browser?.types === undefined
      ? []
      : [{ name: `${name}-browser`, dts: path.join(root, target.browser.types) }]),
  ]
})
for (const { dts } of entries) {
  if (!existsSync(dts)) {
    console.error(`${path.relative(root, dts)} is missing: run \`npm run build\` first`)
    process.exit(1)
  }
}

const configFor = (name: string, dts: string): ExtractorConfig => {
  const configObject: IConfigFile = {
    projectFolder: root,
    mainEntryPointFilePath: dts,
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          skipLibCheck: true,
        },
        files: entries.map((e) => e.dts),
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: `${name}.api.md`,
      reportFolder: path.join(root, 'api'),
      reportTempFolder: path.join(root, '.tmp', 'api'),
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: 'lf',
    messages: {
      // The report is the product here: what it notes (forgotten exports, missing release
      // tags) is written into it, not printed as warnings.
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true },
        'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
        'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
      },
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
    },
  }
  return ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: undefined,
    packageJsonFullPath: path.join(root, 'package.json'),
  })
}

const configs = entries.map(({ name, dts }) => ({ name, config: configFor(name, dts) }))
// The system typings (lib.*.d.ts) of our own TypeScript, the one that wrote the declarations.
const typescriptCompilerFolder = path.join(root, 'node_modules', 'typescript')
const [first] = configs
if (first === undefined) throw new Error('package.json exports no entry point with types')
const compilerState = CompilerState.create(first.config, {
  additionalEntryPoints: entries.map((e) => e.dts),
  typescriptCompilerFolder,
})
mkdirSync(path.join(root, 'api'), { recursive: true })

const drifted: string[] = []
for (const { name, config } of configs) {
  const result = Extractor.invoke(config, {
    localBuild: update,
    compilerState,
    typescriptCompilerFolder,
    printApiReportDiff: !update,
    messageCallback: (message) => {
      // "Analysis will use the bundled TypeScript version …", once per entry point.
      if (message.messageId === 'console-preamble') message.handled = true
    },
  })
  if (result.apiReportChanged) drifted.push(name)
  // A check fails on any warning, a drifted report included; an update only on errors.
  if (update ? result.errorCount > 0 : !result.succeeded && !result.apiReportChanged) {
    console.error(
      `api-extractor: ${name}: ${result.errorCount} errors, ${result.warningCount} warnings`,
    )
    process.exitCode = 1
  }
}
if (update) {
  console.log(
    drifted.length === 0
      ? 'API reports: unchanged'
      : `API reports rewritten: ${drifted.map((n) => `api/${n}.api.md`).join(', ')}`,
  )
} else if (drifted.length > 0) {
  console.error(
    `The public API differs from api/ for: ${drifted.join(', ')}. If the change is meant, run ` +
      '`npm run build && npm run api:update`, commit api/ and add a changeset.',
  )
  process.exitCode = 1
} else {
  console.log(`API reports: ${entries.length} entry points match api/`)
}
