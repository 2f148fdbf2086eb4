import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { coverage, coverageOf, renderCoverage } from '../../scripts/coverage/table.js'

const services = coverage()

describe('docs/coverage.md', () => {
  it.each(services.map((s) => [s.service, s] as const))(
    'lists every %s command of the installed SDK (a new command needs a row in scripts/coverage/notes.ts)',
    (_name, s) => {
      expect(s.rows.filter((r) => r.status === 'unlisted').map((r) => r.operation)).toEqual([])
      expect(s.rows.length).toBeGreaterThan(50)
    },
  )

  it.each(services.map((s) => [s.service, s] as const))('%s has no stale notes', (_name, s) => {
    expect(s.staleNotes).toEqual([])
  })

  it('is up to date (regenerate with `npx tsx scripts/coverage.ts`)', () => {
    const file = readFileSync(new URL('../../docs/coverage.md', import.meta.url), 'utf8')
    expect(file).toBe(renderCoverage(services))
  })

  it('marks a command the SDK gains and no one listed as unlisted, and notes gone stale', () => {
    const s = coverageOf('S3', 'sdk', ['GetObject', 'PutObjectNew'], new Set(['GetObject']), {
      GetObject: { status: 'not-implemented', reason: 'x' },
      Gone: { status: 'not-implemented', reason: 'y' },
    })
    expect(s.rows.map((r) => [r.operation, r.status])).toEqual([
      ['GetObject', 'implemented'],
      ['PutObjectNew', 'unlisted'],
    ])
    expect(s.staleNotes).toEqual(['GetObject', 'Gone'])
  })
})
