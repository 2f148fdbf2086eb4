/**
 * Second step of `npm run build`, after `tsc -p tsconfig.build.json`: bundles tsc's JavaScript
 * into one module per package entry point (package.json `exports` and `bin`) plus shared chunks,
 * in place. tsc's `.d.ts` files stay as they are; the per-file `.js` are replaced.
 *
 * Why: `s3-kms-mock/node` was ~150 ES modules, and Node's ESM loader pays a resolve, a read and a
 * link per module — ~70 CPU ms of the import, most of the gap to bare msw in bench `startup`
 * (issue #7). One graph of a dozen files keeps the same code: no minification, dependencies stay
 * external imports, shared code sits in shared chunks so every entry sees the same classes.
 *
 *   tsx scripts/bundle-dist.ts dist
 */
import { build } from 'esbuild'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

type ExportTarget = string | { [condition: string]: ExportTarget }

interface PackageJson {
  exports: Record<string, ExportTarget>
  bin: Record<string, string>
}

/** Every file an export names, through nested conditions (`browser` → `import`). */
function targetFiles(target: ExportTarget): string[] {
  return typeof target === 'string' ? [target] : Object.values(target).flatMap(targetFiles)
}

/** The package's JavaScript entry files, as paths relative to `dist/`. */
function entryFiles(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson
  const targets = [...Object.values(pkg.exports).flatMap(targetFiles), ...Object.values(pkg.bin)]
  return targets
    .filter((target) => target.startsWith('./dist/'))
    .filter((target) => target.endsWith('.js'))
    .map((target) => target.slice('./dist/'.length))
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => path.join(dir, file))
}

/** Names of the top-level classes: `class Name` or, as esbuild writes them, `var Name = class`. */
function classNames(code: string): Set<string> {
  const declarations =
    /^(?:export )?(?:class (?<a>[\w$]+)|(?:var|let|const) (?<b>[\w$]+) = class\b)/gm
  return new Set([...code.matchAll(declarations)].map((m) => m.groups?.a ?? m.groups?.b ?? ''))
}

/** Bundles the tsc output in `dir` (a `dist/` layout) in place. */
export async function bundleDist(dir: string): Promise<void> {
  const inputs = jsFiles(dir)
  const declared = new Set(inputs.flatMap((file) => [...classNames(readFileSync(file, 'utf8'))]))
  const result = await build({
    entryPoints: entryFiles().map((file) => path.join(dir, file)),
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    write: false,
    allowOverwrite: true,
    logLevel: 'warning',
  })
  // esbuild renames a top-level class whose name collides with another module's in the same
  // chunk (`AccessDenied2`); AwsError takes its `name` from `new.target.name`, so a renamed
  // error class would change what users see. Refuse rather than ship that. (Classes nothing
  // imports are left out of the bundle, which is fine.)
  const renamed = result.outputFiles
    .flatMap((file) => [...classNames(file.text)])
    .filter((name) => !declared.has(name) && declared.has(name.replace(/\d+$/, '')))
  if (renamed.length > 0)
    throw new Error(`bundling renamed classes (give them unique names): ${renamed.join(', ')}`)
  for (const file of inputs) rmSync(file)
  for (const file of result.outputFiles) {
    mkdirSync(path.dirname(file.path), { recursive: true })
    writeFileSync(file.path, file.contents)
  }
}

if (import.meta.filename === process.argv[1]) {
  const dir = process.argv[2]
  if (dir === undefined) throw new Error('usage: tsx scripts/bundle-dist.ts <dist dir>')
  await bundleDist(path.resolve(dir))
}
