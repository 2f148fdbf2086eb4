import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalEncryptionContext } from './encryption-context.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** Keys and values over a small alphabet (plus Unicode) so collisions would actually be found. */
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', 'c', '=', ',', '\u0000'), maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
)
const context = fc.dictionary(text, text, { maxKeys: 5 })

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a)
  return (
    ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
  )
}

describe('canonical encryption context bytes', () => {
  it('differ for any two different maps (the encoding is injective)', () => {
    fc.assert(
      fc.property(context, context, (a, b) => {
        fc.pre(!sameMap(a, b))
        expect(hex(canonicalEncryptionContext(a))).not.toBe(hex(canonicalEncryptionContext(b)))
      }),
      { numRuns: 2000 },
    )
  })

  it('do not depend on insertion order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(text, text), { selector: ([k]) => k, maxLength: 8 }),
        (pairs) => {
          const forward = Object.fromEntries(pairs)
          const backward = Object.fromEntries([...pairs].reverse())
          const shuffled = Object.fromEntries(
            [...pairs].sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0)),
          )
          const expected = hex(canonicalEncryptionContext(forward))
          expect(hex(canonicalEncryptionContext(backward))).toBe(expected)
          expect(hex(canonicalEncryptionContext(shuffled))).toBe(expected)
        },
      ),
    )
  })

  it('keep the classic concatenation collision apart', () => {
    expect(hex(canonicalEncryptionContext({ a: 'bc' }))).not.toBe(
      hex(canonicalEncryptionContext({ ab: 'c' })),
    )
    expect(hex(canonicalEncryptionContext({ a: 'b', c: 'd' }))).not.toBe(
      hex(canonicalEncryptionContext({ a: 'bcd' })),
    )
  })

  it('treat an absent context like an empty one, and unlike any non-empty one', () => {
    expect(hex(canonicalEncryptionContext(undefined))).toBe(hex(canonicalEncryptionContext({})))
    expect(hex(canonicalEncryptionContext({ '': '' }))).not.toBe(
      hex(canonicalEncryptionContext({})),
    )
  })

  it('are case-sensitive, as KMS matching is', () => {
    expect(hex(canonicalEncryptionContext({ Tenant: 'a' }))).not.toBe(
      hex(canonicalEncryptionContext({ tenant: 'a' })),
    )
  })
})
