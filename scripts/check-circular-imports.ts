/**
 * `npm run check:circular`: no import circles in src/ (type-only and lazy imports count: a circle
 * of types is still two modules that cannot be understood apart). Fails on a new circle, and on
 * an allow-listed one that is gone.
 */
import path from 'node:path'
import { parseCircular, parseDependencyTree } from 'dpdm'
import { checkAllowList } from './support/allow-list.js'

/**
 * Allowed circles, each as its files in import order from the alphabetically first one. Issue #12
 * item 4 removed the last ones; add none.
 */
const ALLOWED: readonly string[] = []

const root = path.resolve(import.meta.dirname, '..')
const tree = await parseDependencyTree('src/**/*.ts', {
  cwd: root,
  context: root,
  transform: false,
  skipDynamicImports: false,
})

/** One spelling per circle: rotated to start at its alphabetically first file. */
const canonical = (circle: readonly string[]): string => {
  const first = [...circle].sort()[0] ?? ''
  const start = circle.indexOf(first)
  return [...circle.slice(start), ...circle.slice(0, start)].join(' -> ')
}

const found = parseCircular(tree).map(canonical)
if (!checkAllowList('import circle', found, ALLOWED)) process.exitCode = 1
