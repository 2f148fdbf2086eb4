import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The README's examples are tests: every code block marked `<!-- example: <file> -->` must equal
 * that file (a test under test/sdk/testing/readme/, an example project's test run by
 * .ci/examples.sh, or a shipped fixture), with relative imports of src/ shown as the package's
 * subpaths.
 */
const root = path.resolve(import.meta.dirname, '../../..')
const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
const MARKED = /<!-- example: (\S+) -->\n\n```\w*\n([\s\S]*?)\n```/g

const asUserWouldImport = (text: string): string =>
  text
    .replace(/'(?:\.\.\/)+src\/index\.js'/g, "'s3-kms-mock'")
    .replace(/'(?:\.\.\/)+src\/([\w-]+)\.js'/g, "'s3-kms-mock/$1'")
    .trimEnd()

const examples = [...readme.matchAll(MARKED)].map(([, file, code]) => ({
  file: file!,
  code: code!,
}))

describe('README examples', () => {
  it('are there, one per feature section', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12)
  })

  it.each(examples)('$file is the code the README shows', ({ file, code }) => {
    expect(code).toBe(asUserWouldImport(readFileSync(path.join(root, file), 'utf8')))
  })
})
