import { MalformedXML, MaxMessageLengthExceeded, MissingRequestBodyError } from '../../s3/errors.js'
import { S3_XMLNS } from './headers.js'
import { xmlBuilderClass, xmlParser } from './xml-libs.js'

/** A parsed element: children by name; repeated children (and `arrays` names) as arrays. */
export interface XmlNode {
  readonly [name: string]: XmlValue
}
export type XmlValue = string | XmlNode | readonly XmlValue[]

/** Elements that may repeat in S3 request documents; always parsed as arrays. */
export const DEFAULT_XML_ARRAYS: readonly string[] = [
  'Part',
  'Object',
  'Rule',
  'Tag',
  'EncryptionType',
]

/** Large enough for 1000 DeleteObjects keys of 1024 bytes or 10,000 CompleteMultipartUpload parts. */
export const DEFAULT_MAX_XML_BYTES = 4 * 1024 * 1024

export interface ParseXmlOptions {
  /** Expected root element (namespace prefix ignored). */
  readonly root: string
  readonly arrays?: readonly string[]
  readonly maxBytes?: number
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6});|#([0-9]{1,7});|(amp|lt|gt|quot|apos);)?/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/**
 * XML's five entities and character references. Any other `&` (an undeclared entity such as
 * `&nbsp;`, or a bare ampersand) makes the document not well-formed; DTDs are refused earlier.
 */
function decodeEntities(value: string): string {
  if (!value.includes('&')) return value
  return value.replace(ENTITY, (_match: string, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? ''
    if (hex === undefined && dec === undefined) throw new MalformedXML()
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10)
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new MalformedXML()
    }
    return String.fromCodePoint(code)
  })
}

function isNode(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Drops the whitespace text kept between child elements (values themselves are not trimmed). */
function clean(value: unknown): XmlValue {
  if (Array.isArray(value)) return value.map(clean)
  if (!isNode(value)) return typeof value === 'string' ? value : String(value)
  const out: Record<string, XmlValue> = {}
  for (const [name, child] of Object.entries(value)) {
    if (name === '#text' && typeof child === 'string' && child.trim() === '') continue
    out[name] = clean(child)
  }
  return out
}

/**
 * Parses an S3 request document. Anything not well-formed, with a DOCTYPE, or with another root
 * is `MalformedXML`; over `maxBytes` is `MaxMessageLengthExceeded`; empty is `MissingRequestBodyError`.
 * Values are strings, untrimmed; an element with only text under the root gives `{ '#text': … }`.
 */
export function parseXml(input: string | Uint8Array, options: ParseXmlOptions): XmlNode {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES
  let text: string
  if (typeof input === 'string') {
    if (Buffer.byteLength(input) > maxBytes) throw new MaxMessageLengthExceeded()
    text = input
  } else {
    if (input.byteLength > maxBytes) throw new MaxMessageLengthExceeded()
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input)
    } catch {
      throw new MalformedXML()
    }
  }
  if (text.trim() === '') throw new MissingRequestBodyError()
  // No DTDs at all: no entity expansion, no external references.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new MalformedXML()
  // fast-xml-parser alone accepts unclosed tags. Its validator is deprecated in favour of
  // fast-xml-validator, which is not a dependency yet; swap when it is.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const { XMLParser, XMLValidator } = xmlParser()
  if (XMLValidator.validate(text) !== true) throw new MalformedXML()
  const arrays = new Set(options.arrays ?? DEFAULT_XML_ARRAYS)
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: false,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: 64,
    isArray: (name) => arrays.has(name),
    tagValueProcessor: (_name, value) => decodeEntities(value),
  })
  let parsed: unknown
  try {
    parsed = parser.parse(text)
  } catch (error) {
    if (error instanceof MalformedXML) throw error
    throw new MalformedXML()
  }
  if (!isNode(parsed)) throw new MalformedXML()
  const roots = Object.keys(parsed).filter((k) => k !== '#text')
  if (roots.length !== 1 || roots[0] !== options.root) throw new MalformedXML()
  const content = clean(parsed[options.root])
  if (typeof content === 'string') return content === '' ? {} : { '#text': content }
  if (Array.isArray(content)) throw new MalformedXML()
  return content as XmlNode
}

// ── Reading parsed nodes ────────────────────────────────────────────────────

/** The single child element `name`, or undefined (the first one if repeated). */
export function xmlChild(node: XmlNode, name: string): XmlNode | undefined {
  const value = node[name]
  const first = Array.isArray(value) ? (value as readonly XmlValue[])[0] : value
  if (first === undefined) return undefined
  return typeof first === 'string' ? (first === '' ? {} : { '#text': first }) : (first as XmlNode)
}

/** Text of child `name`: '' for `<Name/>`, undefined when absent or not a text element. */
export function xmlText(node: XmlNode, name: string): string | undefined {
  const value = node[name]
  const first = Array.isArray(value) ? (value as readonly XmlValue[])[0] : value
  if (typeof first === 'string') return first
  if (first !== undefined && !Array.isArray(first)) {
    const text = (first as XmlNode)['#text']
    if (typeof text === 'string' && Object.keys(first).length === 1) return text
  }
  return undefined
}

/** Every child element `name`, as nodes (text elements become `{ '#text': … }`). */
export function xmlChildren(node: XmlNode, name: string): XmlNode[] {
  const value = node[name]
  if (value === undefined) return []
  const list = Array.isArray(value) ? (value as readonly XmlValue[]) : [value]
  return list.map((v) =>
    typeof v === 'string' ? (v === '' ? {} : { '#text': v }) : (v as XmlNode),
  )
}

// ── Building responses ──────────────────────────────────────────────────────

/** Response content: undefined/null members are left out; `@_name` keys are attributes. */
export type XmlInputValue =
  string | number | bigint | boolean | Date | undefined | null | XmlInput | readonly XmlInputValue[]
export interface XmlInput {
  readonly [name: string]: XmlInputValue
}

let builder: InstanceType<ReturnType<typeof xmlBuilderClass>> | undefined
function responseBuilder(): InstanceType<ReturnType<typeof xmlBuilderClass>> {
  const XMLBuilder = xmlBuilderClass()
  builder ??= new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    suppressEmptyNode: false,
    processEntities: true,
  })
  return builder
}

/** Dates as S3 writes them in XML: ISO-8601 with milliseconds (`2026-01-01T00:00:00.000Z`). */
function normalise(value: XmlInputValue): unknown {
  if (value === undefined || value === null) return undefined
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Array.isArray(value))
    return (value as readonly XmlInputValue[]).map(normalise).filter((v) => v !== undefined)
  const out: Record<string, unknown> = {}
  for (const [name, child] of Object.entries(value as XmlInput)) {
    const normalised = normalise(child)
    if (normalised !== undefined) out[name] = normalised
  }
  return out
}

export interface BuildXmlOptions {
  /** Put S3's namespace on the root (default true; `<Error>` documents go without). */
  readonly xmlns?: boolean
}

/** `<?xml …?>` + `<Root xmlns="http://s3.amazonaws.com/doc/2006-03-01/">…</Root>`, escaped. */
export function buildXml(
  root: string,
  content: XmlInput | string,
  options: BuildXmlOptions = {},
): string {
  const body = typeof content === 'string' ? { '#text': content } : (normalise(content) as object)
  const element = options.xmlns === false ? body : { '@_xmlns': S3_XMLNS, ...body }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${responseBuilder().build({ [root]: element })}`
}
