/**
 * Packs the package as npm publishes it into .tmp/pack/package.tgz, from the dist/ already built
 * (`npm run build`; prepack is skipped so CI does not build twice), for `npm run check:package`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
if (!existsSync(path.join(root, 'dist', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first')
  process.exit(1)
}
const dir = path.join(root, '.tmp', 'pack')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
  cwd: root,
  encoding: 'utf8',
})
const [{ filename, entryCount }] = JSON.parse(out) as [{ filename: string; entryCount: number }]
renameSync(path.join(dir, filename), path.join(dir, 'package.tgz'))
console.log(`packed ${filename} (${entryCount} files) as .tmp/pack/package.tgz`)
