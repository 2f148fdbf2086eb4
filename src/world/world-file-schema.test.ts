import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateAgainstSchema } from './json-schema.js'
import { worldFileSchema } from './world-file-schema.js'

const root = path.resolve(import.meta.dirname, '../..')

describe('the world-file schema', () => {
  it('ships as schema/world.schema.json, equal to the one world.load() validates against', () => {
    // To update the file: JSON.stringify(worldFileSchema) into schema/world.schema.json, then prettier.
    const shipped: unknown = JSON.parse(
      readFileSync(path.join(root, 'schema/world.schema.json'), 'utf8'),
    )
    expect(shipped).toEqual(worldFileSchema)
  })

  it('names the JSON path of every problem', () => {
    const problems = validateAgainstSchema(
      {
        keys: [{ ref: 'a b', material: 7, aliases: ['invoices'] }],
        buckets: [{ objects: [{ key: '', extra: true }] }, 'bucket'],
        other: 1,
      },
      worldFileSchema,
    )
    expect(problems.map((p) => `${p.path} ${p.message}`)).toMatchInlineSnapshot(`
      [
        "$.keys[0].ref "a b" does not match ^[A-Za-z0-9_.-]+$",
        "$.keys[0].material must be a string (found an integer, not shown: it is secret)",
        "$.keys[0].aliases[0] "invoices" does not match ^alias/[A-Za-z0-9/_-]+$",
        "$.buckets[0] is missing the required "name"",
        "$.buckets[0].objects[0].key must not be empty",
        "$.buckets[0].objects[0].extra is not a known field (known: key, body, bodyBase64, contentType, metadata, encryption)",
        "$.buckets[1] must be an object (found string "bucket")",
        "$.other is not a known field (known: keys, buckets, principals)",
      ]
    `)
  })

  it('accepts maps of strings and quotes odd field names in paths', () => {
    const problems = validateAgainstSchema(
      { keys: [{ tags: { team: 'billing', 'cost center': 12 } }] },
      worldFileSchema,
    )
    expect(problems).toEqual([
      { path: '$.keys[0].tags["cost center"]', message: 'must be a string (found integer 12)' },
    ])
  })
})
