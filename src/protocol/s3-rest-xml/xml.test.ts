import { describe, expect, it } from 'vitest'
import { MalformedXML, MaxMessageLengthExceeded, MissingRequestBodyError } from '../../s3/errors.js'
import { buildXml, parseXml, xmlChild, xmlChildren, xmlText } from './xml.js'

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'

describe('parseXml', () => {
  it('reads a DeleteObjects document with arrays and untrimmed values', () => {
    const doc = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>
<Delete ${NS}>
  <Object><Key> spaced key </Key><VersionId>v1</VersionId></Object>
  <Quiet>true</Quiet>
</Delete>`,
      { root: 'Delete' },
    )
    expect(doc).toEqual({ Object: [{ Key: ' spaced key ', VersionId: 'v1' }], Quiet: 'true' })
    expect(xmlChildren(doc, 'Object').map((o) => xmlText(o, 'Key'))).toEqual([' spaced key '])
    expect(xmlText(doc, 'Quiet')).toBe('true')
  })

  it('keeps numbers-looking values as strings and reads repeated parts', () => {
    const doc = parseXml(
      '<CompleteMultipartUpload><Part><PartNumber>01</PartNumber><ETag>"abc"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;def&quot;</ETag></Part></CompleteMultipartUpload>',
      { root: 'CompleteMultipartUpload' },
    )
    expect(xmlChildren(doc, 'Part')).toEqual([
      { PartNumber: '01', ETag: '"abc"' },
      { PartNumber: '2', ETag: '"def"' },
    ])
  })

  it('a single repeated-kind element is still an array', () => {
    const doc = parseXml('<Delete><Object><Key>k</Key></Object></Delete>', { root: 'Delete' })
    expect(Array.isArray(doc.Object)).toBe(true)
  })

  it('decodes the five entities and character references only', () => {
    const doc = parseXml('<T><K>a&amp;b&lt;&gt;&apos;&#x41;&#66;&#x1F600;</K></T>', { root: 'T' })
    expect(xmlText(doc, 'K')).toBe("a&b<>'AB😀")
  })

  it('strips namespace prefixes and reads nested configuration', () => {
    const doc = parseXml(
      `<s3:ServerSideEncryptionConfiguration xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Rule><s3:ApplyServerSideEncryptionByDefault><s3:SSEAlgorithm>aws:kms</s3:SSEAlgorithm></s3:ApplyServerSideEncryptionByDefault><s3:BucketKeyEnabled>true</s3:BucketKeyEnabled></s3:Rule></s3:ServerSideEncryptionConfiguration>`,
      { root: 'ServerSideEncryptionConfiguration' },
    )
    const rule = xmlChildren(doc, 'Rule')[0]
    expect(rule).toBeDefined()
    if (rule === undefined) return
    expect(
      xmlText(xmlChild(rule, 'ApplyServerSideEncryptionByDefault') ?? {}, 'SSEAlgorithm'),
    ).toBe('aws:kms')
    expect(xmlText(rule, 'BucketKeyEnabled')).toBe('true')
  })

  it('empty elements are empty strings; an empty root is an empty node', () => {
    expect(parseXml('<V><Status/><MfaDelete></MfaDelete></V>', { root: 'V' })).toEqual({
      Status: '',
      MfaDelete: '',
    })
    expect(parseXml('<V/>', { root: 'V' })).toEqual({})
    expect(parseXml('<V>text</V>', { root: 'V' })).toEqual({ '#text': 'text' })
  })

  it('accepts bytes', () => {
    expect(parseXml(new TextEncoder().encode('<V><K>ü</K></V>'), { root: 'V' })).toEqual({ K: 'ü' })
  })

  it.each([
    ['not closed', '<Delete><Object></Delete>'],
    ['text only', 'hello'],
    ['two roots', '<Delete/><Delete/>'],
    ['another root', '<Other/>'],
    ['a DOCTYPE', '<!DOCTYPE Delete><Delete/>'],
    ['an entity bomb', '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><Delete>&b;</Delete>'],
    ['an unknown entity', '<Delete><K>&nbsp;</K></Delete>'],
    ['deep nesting', `<Delete>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</Delete>`],
  ])('%s is MalformedXML', (_name, xml) => {
    expect(() => parseXml(xml, { root: 'Delete' })).toThrow(MalformedXML)
  })

  it('invalid UTF-8 is MalformedXML', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('<Delete>'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('</Delete>'),
    ])
    expect(() => parseXml(bytes, { root: 'Delete' })).toThrow(MalformedXML)
  })

  it('empty is MissingRequestBodyError, too big is MaxMessageLengthExceeded', () => {
    expect(() => parseXml('', { root: 'Delete' })).toThrow(MissingRequestBodyError)
    expect(() => parseXml('  \n', { root: 'Delete' })).toThrow(MissingRequestBodyError)
    expect(() => parseXml('<Delete/>', { root: 'Delete', maxBytes: 5 })).toThrow(
      MaxMessageLengthExceeded,
    )
  })
})

describe('buildXml', () => {
  it('writes the declaration, namespace, escaping and dates with milliseconds', () => {
    const xml = buildXml('ListAllMyBucketsResult', {
      Owner: { ID: 'o' },
      Buckets: {
        Bucket: [
          { Name: 'a&b', CreationDate: new Date('2026-01-01T00:00:00Z') },
          { Name: '<c>', CreationDate: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 67)) },
        ],
      },
      ContinuationToken: undefined,
      Nothing: null,
    })
    expect(xml).toBe(
      `${DECL}<ListAllMyBucketsResult ${NS}><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>a&amp;b</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket><Bucket><Name>&lt;c&gt;</Name><CreationDate>2026-01-02T03:04:05.067Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`,
    )
  })

  it('writes numbers, booleans, empty strings and quoted ETags', () => {
    expect(
      buildXml('R', {
        Size: 0,
        Big: 12345678901234567890n,
        IsTruncated: false,
        Prefix: '',
        ETag: '"abc"',
      }),
    ).toBe(
      `${DECL}<R ${NS}><Size>0</Size><Big>12345678901234567890</Big><IsTruncated>false</IsTruncated><Prefix></Prefix><ETag>&quot;abc&quot;</ETag></R>`,
    )
  })

  it('text roots and no namespace', () => {
    expect(buildXml('LocationConstraint', 'eu-west-1')).toBe(
      `${DECL}<LocationConstraint ${NS}>eu-west-1</LocationConstraint>`,
    )
    expect(buildXml('LocationConstraint', '')).toBe(
      `${DECL}<LocationConstraint ${NS}></LocationConstraint>`,
    )
    expect(buildXml('Error', { Code: 'X' }, { xmlns: false })).toBe(
      `${DECL}<Error><Code>X</Code></Error>`,
    )
  })

  it('attributes', () => {
    expect(
      buildXml('R', { Grantee: { '@_xsi:type': 'CanonicalUser', ID: 'x' } }, { xmlns: false }),
    ).toBe(`${DECL}<R><Grantee xsi:type="CanonicalUser"><ID>x</ID></Grantee></R>`)
  })
})

describe('parseXml: stray ampersands', () => {
  it.each(['<D><K>a & b</K></D>', '<D><K>&#0;</K></D>', '<D><K>&#xD800;</K></D>'])('%s', (xml) => {
    expect(() => parseXml(xml, { root: 'D' })).toThrow(MalformedXML)
  })
})
