import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seededRandom, systemRandom } from './random.js'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

function read(seed: string, chunks: readonly number[]): string {
  const random = seededRandom(seed)
  return chunks.map((n) => hex(random.bytes(n))).join('')
}

describe('seeded Random', () => {
  it('gives the same stream for the same seed', () => {
    const a = seededRandom('x')
    const b = seededRandom('x')
    expect(hex(a.bytes(100))).toBe(hex(b.bytes(100)))
    expect(a.uuid()).toBe(b.uuid())
    expect(a.fraction()).toBe(b.fraction())
  })

  it('gives different streams for different seeds, including a string and a number', () => {
    expect(hex(seededRandom('x').bytes(32))).not.toBe(hex(seededRandom('y').bytes(32)))
    expect(hex(seededRandom(1).bytes(32))).not.toBe(hex(seededRandom(2).bytes(32)))
  })

  it('does not depend on how the reads are chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9000 }), { maxLength: 8 }), (chunks) => {
        const total = chunks.reduce((a, b) => a + b, 0)
        expect(read('chunks', chunks)).toBe(read('chunks', [total]))
      }),
      { numRuns: 50 },
    )
  })

  it('makes version-4 UUIDs and fractions in [0, 1)', () => {
    const random = seededRandom('ids')
    for (let i = 0; i < 200; i++) {
      expect(random.uuid()).toMatch(UUID_V4)
      const f = random.fraction()
      expect(f).toBeGreaterThanOrEqual(0)
      expect(f).toBeLessThan(1)
    }
  })
})

describe('system Random', () => {
  it('makes version-4 UUIDs and fresh bytes on every call', () => {
    const random = systemRandom()
    expect(random.uuid()).toMatch(UUID_V4)
    expect(hex(random.bytes(32))).not.toBe(hex(random.bytes(32)))
    expect(random.bytes(0)).toHaveLength(0)
  })
})
