import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEVIATIONS, deviationIdsSection } from './deviations.js'

/**
 * docs/fidelity.md and deviations.ts say the same thing: every row of the document's tables has an
 * entry (so the recordings comparison knows how to treat it), every entry names a row that exists,
 * and the document lists every id with how the comparison treats it.
 */
const fidelity = readFileSync(
  path.resolve(import.meta.dirname, '../../../docs/fidelity.md'),
  'utf8',
)

/** The first cell of every body row of every table (header and separator rows left out). */
function rowsOf(markdown: string): string[] {
  const lines = markdown.split('\n')
  const rows: string[] = []
  lines.forEach((line, i) => {
    if (!line.startsWith('|')) return
    const isSeparator = (l: string | undefined): boolean =>
      l !== undefined && /^\|[\s|:-]+\|$/.test(l)
    if (isSeparator(line) || isSeparator(lines[i + 1])) return
    rows.push((line.split('|')[1] ?? '').trim())
  })
  return rows
}

describe('docs/fidelity.md ↔ deviations.ts', () => {
  it('every row of fidelity.md has a deviation entry', () => {
    const declared = new Set(DEVIATIONS.map((d) => d.row))
    const missing = rowsOf(fidelity).filter((row) => !declared.has(row))
    expect(
      missing,
      'add these rows to src/contract/recordings/deviations.ts (id, and how the recordings comparison treats them), then paste deviationIdsSection() into docs/fidelity.md',
    ).toEqual([])
  })

  it('every deviation entry names a row of fidelity.md', () => {
    const rows = new Set(rowsOf(fidelity))
    expect(DEVIATIONS.filter((d) => !rows.has(d.row)).map((d) => d.id)).toEqual([])
  })

  it('ids are unique and kebab-case', () => {
    const ids = DEVIATIONS.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  })

  it('fidelity.md lists every id with how the comparison treats it', () => {
    expect(fidelity).toContain(deviationIdsSection())
  })
})
