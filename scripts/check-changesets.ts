/**
 * `npm run check:changesets`: every `.changeset/*.md` is one `changeset version` can apply: read
 * by changesets' own reader, releasing this package only, with a bump type and a summary. (Which
 * branch needs one is `npx changeset status`, against main, before asking for a merge.)
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import readChangesets from '@changesets/read'

const root = path.resolve(import.meta.dirname, '..')
const { name } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string
}
const problems: string[] = []
const changesets = await readChangesets(root).catch((error: unknown) => {
  problems.push(`unreadable changeset: ${error instanceof Error ? error.message : String(error)}`)
  return []
})
for (const { id, releases, summary } of changesets) {
  const file = `.changeset/${id}.md`
  if (releases.length === 0)
    problems.push(`${file}: names no package (frontmatter '${name}': minor)`)
  for (const release of releases) {
    if (release.name !== name) problems.push(`${file}: '${release.name}' is not this package`)
    if (!['patch', 'minor', 'major'].includes(release.type)) {
      problems.push(`${file}: '${release.type}' is not patch, minor or major`)
    }
  }
  if (summary.trim() === '') problems.push(`${file}: no summary paragraph`)
}
for (const problem of problems) console.error(problem)
if (problems.length > 0) process.exitCode = 1
else console.log(`changesets: ${changesets.length} pending, each releasing ${name}`)
