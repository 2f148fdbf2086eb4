/**
 * `npm run knip`: dead files, exports and dependencies (knip.jsonc says what the entries are).
 * Fails on any finding not allow-listed below, and on an allow-listed one that is gone.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { checkAllowList } from './support/allow-list.js'

/** Allowed findings: issue #12 item 4 removed the last ones; add none. */
const ALLOWED: readonly string[] = []

interface KnipIssue {
  name: string
}
interface KnipFile {
  file: string
  [type: string]: unknown
}

const root = path.resolve(import.meta.dirname, '..')
const report = path.join(root, '.tmp', 'knip.json')
mkdirSync(path.dirname(report), { recursive: true })
// Findings go to the JSON file and are judged below; the exit code is left to what the list
// cannot hold: a broken configuration, or a configuration hint (an ignore that ignores nothing).
const knip = spawnSync(
  path.join(root, 'node_modules', '.bin', 'knip'),
  ['--no-progress', '--treat-config-hints-as-errors', '--max-issues', '1000000'].concat([
    '--reporter',
    'json',
    '--output-file',
    `json=${report}`,
  ]),
  { cwd: root, stdio: 'inherit' },
)
if (knip.status !== 0) {
  console.error(`knip exited with ${knip.status ?? knip.signal}: run \`npx knip\` for its hints`)
  process.exit(1)
}

const { issues } = JSON.parse(readFileSync(report, 'utf8')) as { issues: KnipFile[] }
const found: string[] = []
for (const { file, ...byType } of issues) {
  for (const [type, list] of Object.entries(byType)) {
    if (!Array.isArray(list)) continue
    for (const issue of list as (KnipIssue | KnipIssue[])[]) {
      // Duplicate exports come as a group of names.
      const name = Array.isArray(issue) ? issue.map((i) => i.name).join('|') : issue.name
      found.push(`${type} ${file} ${name}`)
    }
  }
}
if (!checkAllowList('knip finding', found, ALLOWED)) process.exitCode = 1
