import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateModel, OUTPUT } from '../../scripts/s3-model/generate.js'

describe('src/protocol/s3-rest-xml/model/shapes.ts', () => {
  it('is the installed SDK model (regenerate with `npx tsx scripts/s3-model.ts`)', async () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(await generateModel())
  })
})
