import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The README's and docs' examples are tests: every code block marked `<!-- example: <file> -->`
 * must equal that file (a test under test/sdk/testing/readme/ or test/server/, an example
 * project's test run by .ci/examples.sh, or a shipped fixture), with relative imports of the repository's src/ shown as
 * the package's subpaths. And every relative link in the repository's Markdown leads somewhere: the
 * file exists, and a `#fragment` names a heading of it.
 */
const root = path.resolve(import.meta.dirname, '../../..')
const MARKED = /<!-- example: (\S+) -->\n\n```\w*\n([\s\S]*?)\n```/g
/** Pages with tested examples; each must keep at least the examples listed for it. */
const EXAMPLE_PAGES: Record<string, number> = {
  'README.md': 3,
  'docs/testing.md': 12,
  'docs/contract.md': 1,
  'docs/server-mode.md': 1,
  'docs/authorisation.md': 3,
  'docs/browser.md': 1,
}

const read = (file: string): string => readFileSync(path.join(root, file), 'utf8')

/** `../src/index.js` → `s3-kms-mock`, `../src/node.js` → `s3-kms-mock/node`, when it is ours. */
const asUserWouldImport = (file: string, text: string): string =>
  text
    .replace(/'((?:\.\.?\/)+)src\/([\w-]+)\.js'/g, (spec, up: string, entry: string) => {
      const target = path.resolve(root, path.dirname(file), up, 'src')
      if (target !== path.join(root, 'src')) return spec // the example project's own src/
      return entry === 'index' ? "'s3-kms-mock'" : `'s3-kms-mock/${entry}'`
    })
    .trimEnd()

const examples = Object.keys(EXAMPLE_PAGES).flatMap((page) =>
  [...read(page).matchAll(MARKED)].map(([, file, code]) => ({ page, file: file!, code: code! })),
)

describe('README and docs examples', () => {
  it.each(Object.entries(EXAMPLE_PAGES))('%s has at least %i', (page, least) => {
    expect(examples.filter((e) => e.page === page).length).toBeGreaterThanOrEqual(least)
  })

  it.each(examples)('$page: $file is the code the page shows', ({ file, code }) => {
    expect(code).toBe(asUserWouldImport(file, read(file)))
  })
})

/** Every Markdown file of ours: not dependencies, builds, recordings or generated API reports. */
const SKIP = new Set(['node_modules', 'dist', '.tmp', '.git', 'coverage', 'api', 'recordings'])
function markdownFiles(dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name)
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : markdownFiles(rel)
    return entry.name.endsWith('.md') ? [rel] : []
  })
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats -1, -2. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n === 0 ? base : `${base}-${n}`)
  }
  return out
}

const withoutFences = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '')
/** Links inside code are code, not links. */
const withoutCode = (markdown: string): string =>
  withoutFences(markdown).replace(/`[^`\n]*`/g, '``')

const pages = markdownFiles()
const links = pages.flatMap((page) =>
  [...withoutCode(read(page)).matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target!)
    .filter((target) => !/^[a-z]+:/i.test(target))
    .map((target) => ({ page, target })),
)

describe('relative links in Markdown', () => {
  it('are checked on every page with links', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/testing.md']))
    expect(links.length).toBeGreaterThan(30)
  })

  it.each(links)('$page → $target', ({ page, target }) => {
    const [file = '', fragment] = target.split('#')
    const resolved = file === '' ? page : path.join(path.dirname(page), file)
    expect(existsSync(path.join(root, resolved)), `${resolved} exists`).toBe(true)
    if (fragment !== undefined) {
      expect([...anchors(read(resolved))]).toContain(fragment)
    }
  })
})
