import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The worked examples of docs/authorisation.md are tests: every code block marked
 * `<!-- example: <file> -->` equals that file, with relative imports of src/ shown as the
 * package's subpaths (the README's rule, test/sdk/testing/readme.test.ts).
 */
const root = path.resolve(import.meta.dirname, '../../..')
const MARKED = /<!-- example: (\S+) -->\n\n```\w*\n([\s\S]*?)\n```/g

const asUserWouldImport = (text: string): string =>
  text
    .replace(/'(?:\.\.\/)+src\/index\.js'/g, "'s3-kms-mock'")
    .replace(/'(?:\.\.\/)+src\/([\w-]+)\.js'/g, "'s3-kms-mock/$1'")
    .trimEnd()

describe.each(['docs/authorisation.md'])('%s examples', (page) => {
  const text = readFileSync(path.join(root, page), 'utf8')
  const examples = [...text.matchAll(MARKED)].map(([, file, code]) => ({
    file: file!,
    code: code!,
  }))

  it('are there: the three worked examples', () => {
    expect(examples.map((e) => path.basename(e.file))).toEqual([
      'read-through-s3.test.ts',
      'tenant-grant.test.ts',
      'require-sse-kms.test.ts',
    ])
  })

  it.each(examples)('$file is the code the page shows', ({ file, code }) => {
    expect(code).toBe(asUserWouldImport(readFileSync(path.join(root, file), 'utf8')))
  })
})
