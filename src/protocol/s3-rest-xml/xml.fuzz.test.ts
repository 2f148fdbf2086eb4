import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MalformedXML, MissingRequestBodyError } from '../../s3/errors.js'
import { buildXml, parseXml, xmlChildren, xmlText } from './xml.js'

// Characters XML 1.0 can carry (no C0 controls but tab/LF; CR is normalised by XML, left out).
const forbidden = (c: string) => {
  const code = c.codePointAt(0) ?? 0
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
    code === 0x7f ||
    code === 0xfffe ||
    code === 0xffff
  )
}
const xmlChar = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) =>
  Array.from(s)
    .filter((c) => !forbidden(c))
    .join(''),
)

describe('xml round trip', () => {
  it('any key list survives build → parse unchanged', () => {
    fc.assert(
      fc.property(fc.array(xmlChar, { minLength: 1, maxLength: 8 }), (keys) => {
        const xml = buildXml('Delete', { Object: keys.map((Key) => ({ Key })) })
        const doc = parseXml(xml, { root: 'Delete' })
        expect(xmlChildren(doc, 'Object').map((o) => xmlText(o, 'Key'))).toEqual(keys)
      }),
    )
  })

  it('arbitrary input never throws anything but the S3 errors', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseXml(`<Delete>${text}</Delete>`, { root: 'Delete' })
        } catch (error) {
          expect(error instanceof MalformedXML || error instanceof MissingRequestBodyError).toBe(
            true,
          )
        }
      }),
    )
  })
})
