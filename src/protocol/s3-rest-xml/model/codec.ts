import { MalformedXML } from '../../../s3/errors.js'

import { readXmlBody } from '../codecs/payload.js'
import type { S3HttpRequest } from '../http.js'
import { buildXml, type XmlInput, type XmlInputValue, type XmlNode, type XmlValue } from '../xml.js'
import { S3_SHAPES } from './shapes.js'
import type { ModelShape } from './types.js'

/**
 * XML documents read and written from the S3 model (shapes.ts, generated from the SDK's schemas):
 * the configuration operations decode a request body into the model's member names and encode a
 * stored configuration back in the model's member order, with its lists wrapped or flattened as
 * the model says. Anything the model does not allow (an unknown element, a missing required
 * member, a number or boolean that is not one, a union with more or less than one member) is
 * S3's MalformedXML ("did not validate against our published schema").
 */

/** A decoded value: the model's member names, strings, numbers, booleans, dates and lists. */
export type ModelValue = string | number | boolean | Date | readonly ModelValue[] | ModelRecord
export interface ModelRecord {
  readonly [member: string]: ModelValue
}

function shapeOf(name: string): ModelShape {
  const shape = S3_SHAPES[name]
  if (shape === undefined) throw new Error(`no model shape ${name}`)
  return shape
}

/** The element's text, or MalformedXML when it has child elements. */
function textOf(value: XmlValue): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) throw new MalformedXML()
  const node = value as XmlNode
  const keys = Object.keys(node)
  if (keys.length === 0) return ''
  const text = node['#text']
  if (keys.length === 1 && typeof text === 'string') return text
  throw new MalformedXML()
}

function decodeSimple(type: string, value: XmlValue): ModelValue {
  const text = textOf(value)
  switch (type) {
    case 'string':
      return text
    case 'number': {
      if (!/^-?\d+$/.test(text.trim())) throw new MalformedXML()
      return Number(text.trim())
    }
    case 'boolean': {
      const t = text.trim()
      if (t !== 'true' && t !== 'false') throw new MalformedXML()
      return t === 'true'
    }
    default: {
      const date = new Date(text.trim())
      if (Number.isNaN(date.getTime())) throw new MalformedXML()
      return date
    }
  }
}

const asArray = (value: XmlValue): readonly XmlValue[] =>
  Array.isArray(value) ? (value as readonly XmlValue[]) : [value]

function decodeValue(type: string, value: XmlValue): ModelValue {
  if (!Object.hasOwn(S3_SHAPES, type)) return decodeSimple(type, value)
  const shape = shapeOf(type)
  if (shape.kind === 'list') {
    if (typeof value === 'string') {
      if (value === '') return []
      throw new MalformedXML()
    }
    if (Array.isArray(value)) throw new MalformedXML()
    const node = value as XmlNode
    const unknown = Object.keys(node).find((k) => k !== shape.itemXml)
    if (unknown !== undefined) throw new MalformedXML()
    const items = node[shape.itemXml]
    return items === undefined ? [] : asArray(items).map((item) => decodeValue(shape.item, item))
  }
  if (Array.isArray(value)) throw new MalformedXML()
  return decodeStructure(type, typeof value === 'string' ? textNode(value) : (value as XmlNode))
}

const textNode = (text: string): XmlNode => (text.trim() === '' ? {} : { '#text': text })

/** Decodes a parsed element as the model's structure `shapeName`. */
export function decodeStructure(shapeName: string, node: XmlNode): ModelRecord {
  const shape = shapeOf(shapeName)
  if (shape.kind === 'list') throw new Error(`${shapeName} is a list`)
  const byXml = new Map(shape.members.filter((m) => m.attribute !== true).map((m) => [m.xml, m]))
  const out: Record<string, ModelValue> = {}
  for (const [element, value] of Object.entries(node)) {
    const member = byXml.get(element)
    if (member === undefined) throw new MalformedXML()
    const list = Object.hasOwn(S3_SHAPES, member.shape) ? shapeOf(member.shape) : undefined
    if (member.flat === true && list?.kind === 'list') {
      out[member.name] = asArray(value).map((item) => decodeValue(list.item, item))
    } else {
      if (Array.isArray(value)) throw new MalformedXML() // a single member given twice
      out[member.name] = decodeValue(member.shape, value)
    }
  }
  // Attributes (`xsi:type`) are not read by the XML reader; the domain infers them.
  const missing = shape.members.find(
    (m) => m.required === true && m.attribute !== true && !(m.name in out),
  )
  if (missing !== undefined) throw new MalformedXML()
  if (shape.kind === 'union' && Object.keys(out).length !== 1) throw new MalformedXML()
  return out
}

/**
 * A decoded document as the domain's type. The one cast of the model codec: the value has just
 * been checked member by member against the SDK's model, whose names the domain types use.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the type
export function decodeAs<T>(shapeName: string, node: XmlNode): T {
  return decodeStructure(shapeName, node) as unknown as T
}

function encodeValue(type: string, value: unknown): XmlInput | string | undefined {
  if (value === undefined || value === null) return undefined
  if (!Object.hasOwn(S3_SHAPES, type)) {
    if (value instanceof Date) return value.toISOString()
    if (typeof value === 'boolean') return value ? 'true' : 'false'
    if (typeof value === 'number' || typeof value === 'string') return String(value)
    return undefined
  }
  const shape = shapeOf(type)
  if (shape.kind === 'list') {
    const items = (value as readonly unknown[]).map((item) => encodeValue(shape.item, item))
    return { [shape.itemXml]: items }
  }
  return encodeStructure(type, value)
}

/** A stored value as the content of its element, members in the model's order. */
export function encodeStructure(shapeName: string, value: object): XmlInput {
  const shape = shapeOf(shapeName)
  if (shape.kind === 'list') throw new Error(`${shapeName} is a list`)
  const record = value as Record<string, unknown>
  const out: Record<string, XmlInputValue> = {}
  for (const member of shape.members) {
    const item = record[member.name]
    if (item === undefined) continue
    if (member.attribute === true) {
      // `xsi:type` on a Grantee, with the namespace S3 declares on the element.
      out['@_xmlns:xsi'] = 'http://www.w3.org/2001/XMLSchema-instance'
      out[`@_${member.xml}`] = typeof item === 'string' ? item : ''
      continue
    }
    const list = Object.hasOwn(S3_SHAPES, member.shape) ? shapeOf(member.shape) : undefined
    out[member.xml] =
      member.flat === true && list?.kind === 'list'
        ? (item as readonly unknown[]).map((i) => encodeValue(list.item, i))
        : encodeValue(member.shape, item)
  }
  return out
}

/** A response document of output shape `shapeName`: its `xmlName` (or its name) as the root. */
export function modelResponse(shapeName: string, value: object): Response {
  const shape = shapeOf(shapeName)
  const root = shape.kind === 'list' ? shapeName : (shape.xmlName ?? shapeName)
  return new Response(buildXml(root, encodeStructure(shapeName, value)), {
    status: 200,
    headers: { 'content-type': 'application/xml' },
  })
}

/**
 * Reads a request's document (bound to its SHA-256, capped: codecs/payload.ts) whose root element
 * is `root` and decodes it as the model's `shape`.
 * No element is forced into a list: the model says which members repeat.
 */
export async function readModelDocument<T>(
  req: S3HttpRequest,
  root: string,
  shape: string,
  maxBytes?: number,
): Promise<T> {
  const doc = await readXmlBody(req, {
    root,
    arrays: [],
    ...(maxBytes === undefined ? {} : { maxBytes }),
  })
  return decodeAs<T>(shape, doc)
}
