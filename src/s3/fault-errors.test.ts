import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { s3FaultErrors } from './fault-errors.js'

describe('s3FaultErrors', () => {
  it('names every S3 error code of errors.ts, each building an error of that code', () => {
    const source = readFileSync(new URL('./errors.ts', import.meta.url), 'utf8')
    const codes = [...source.matchAll(/readonly code = '([^']+)'/g)].map((m) => m[1]).sort()
    expect(Object.keys(s3FaultErrors).sort()).toEqual(codes)
    for (const [code, make] of Object.entries(s3FaultErrors)) {
      expect(make({ bucket: 'b', key: 'k', operation: 'GetObject' }).code).toBe(code)
    }
  })
})
