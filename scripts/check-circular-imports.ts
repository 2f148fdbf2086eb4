/**
 * `npm run check:circular`: no import circles in src/ (type-only and lazy imports count: a circle
 * of types is still two modules that cannot be understood apart). Fails on a new circle, and on
 * an allow-listed one that is gone.
 */
import path from 'node:path'
import { parseCircular, parseDependencyTree } from 'dpdm'
import { checkAllowList } from './support/allow-list.js'

/**
 * Today's circles, each as its files in import order from the alphabetically first one. They are
 * being removed by issue #12 item 4 ("Untangle"); delete each line as its circle goes. Add none.
 */
const ALLOWED = [
  // kms: helpers such as `paginate` and `resolveManagedKey` are shared through keys.ts.
  'src/kms/operations/keys.ts -> src/kms/operations/tags.ts',
  // s3: entity files hold the whole context.
  'src/s3/bucket.ts -> src/s3/context.ts -> src/s3/state.ts',
  // s3: upload records reach the context the same way (merged before the redesign's untangling).
  'src/s3/context.ts -> src/s3/state.ts -> src/s3/uploads.ts',
  // world: the MockAws interface and the test-only snapshot helpers live in create-world.ts.
  'src/world/create-world.ts -> src/world/subjects.ts',
  // contract recordings: deviations and the replay comparison import each other.
  'src/contract/recordings/deviations.ts -> src/contract/recordings/replay/compare.ts',
]

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
