import { XMLParser } from 'fast-xml-parser'
import type { RecordedBody, RecordedExchange, Recording } from '../format.js'

/**
 * Compare-time masking: turns each exchange of a recording into what the comparison looks at
 * (status, error code and message, the headers that matter, the body as a tree), with everything
 * that legitimately differs between two runs replaced by a placeholder: request ids, dates,
 * version and upload ids, ETags (their shape stays: quoted, `-<parts>` for multipart), key ids and
 * other UUIDs, account ids in ARNs, hosts and ports, ciphertext, signatures, MACs and public keys
 * of keys created in the run, the run's own names (its `vocabulary`). Both sides of a comparison
 * go through this same code.
 */

export interface ComparableExchange {
  /** 1-based position in its recording. */
  readonly index: number
  /** What pairs exchanges across the two runs: service, method, resource, subresources. */
  readonly operation: string
  readonly service: 's3' | 'kms' | 'other'
  /** The request carried no signature (no Authorization header, no presigned query). */
  readonly anonymous: boolean
  readonly status: number
  readonly errorCode: string | undefined
  readonly errorMessage: string | undefined
  /** The headers that matter, masked (lower-case names). */
  readonly headers: Readonly<Record<string, string>>
  /** The body as a masked tree (XML and JSON parsed; error code and message taken out). */
  readonly body: unknown
}

/** Extra masks a declared deviation adds (docs/fidelity.md, deviations.ts). */
export interface MaskRules {
  /** JSON field or XML element name → the placeholder its value becomes. */
  readonly fields?: Readonly<Record<string, string>>
  /** Header name → placeholder. */
  readonly headers?: Readonly<Record<string, string>>
}

/** Response headers the comparison never reads: transport and per-request noise. */
const IGNORED_HEADERS = new Set([
  'x-amz-request-id',
  'x-amz-id-2',
  'x-amzn-requestid',
  'x-amzn-trace-id',
  'x-amz-apigw-id',
  'x-amz-cf-id',
  'x-amz-cf-pop',
])

/** Response headers compared besides every `x-amz-*`. */
const COMPARED_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-range',
  'content-encoding',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
  'etag',
  'last-modified',
  'location',
  'accept-ranges',
])

export const PLACEHOLDER = {
  requestId: '<request-id>',
  date: '<date>',
  uuid: '<uuid>',
  account: '<account>',
  endpoint: '<endpoint>',
  versionId: '<version-id>',
  uploadId: '<upload-id>',
  owner: '<owner>',
  opaque: '<opaque>',
} as const

/** JSON fields / XML elements whose values differ on every run, and what they become. */
const BASE_FIELD_MASKS: Readonly<Record<string, string | ((value: string) => string)>> = {
  RequestId: PLACEHOLDER.requestId,
  HostId: PLACEHOLDER.requestId,
  UploadId: PLACEHOLDER.uploadId,
  VersionId: (v) => (v === 'null' ? v : PLACEHOLDER.versionId),
  VersionIdMarker: (v) => (v === '' || v === 'null' ? v : PLACEHOLDER.versionId),
  NextVersionIdMarker: (v) => (v === '' || v === 'null' ? v : PLACEHOLDER.versionId),
  UploadIdMarker: (v) => (v === '' ? v : PLACEHOLDER.uploadId),
  NextUploadIdMarker: (v) => (v === '' ? v : PLACEHOLDER.uploadId),
  ETag: (v) => etagShape(v),
  ID: PLACEHOLDER.owner,
  DisplayName: PLACEHOLDER.owner,
  AWSAccountId: PLACEHOLDER.account,
  // Ciphertext is random on every run (IVs); its length is kept: it is part of the format.
  CiphertextBlob: (v) => sized('ciphertext', v),
  CiphertextForRecipient: (v) => sized('ciphertext', v),
  PrivateKeyCiphertextBlob: (v) => sized('ciphertext', v),
  // Keys created in the run sign, MAC and publish with material of their own.
  Signature: (v) => sized('signature', v),
  Mac: (v) => sized('mac', v),
  PublicKey: (v) => sized('public-key', v),
  ImportToken: PLACEHOLDER.opaque,
}

/** Key material ids (`KeyMaterialId`, `CurrentKeyMaterialId`): digests of material made in the run. */
const OPAQUE_FIELD = /KeyMaterialId$/

/** A date field (`CreationDate`, `LastModified`, …): epoch seconds or a formatted date. */
const DATE_FIELD = /(?:Date|^LastModified|^Initiated|^ValidTo|^LastRotationDate)$/

/** `"<etag>"` or `"<etag>-3"`: the shape of an ETag without its value. */
export function etagShape(value: string): string {
  const match = /^(W\/)?("?)[0-9a-fA-F]*(-\d+)?("?)$/.exec(value)
  return match === null
    ? '<etag: not hex>'
    : `${match[1] ?? ''}${match[2] ?? ''}<etag>${match[3] ?? ''}${match[4] ?? ''}`
}

function sized(kind: string, base64: string): string {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(base64)
    ? `<${kind}: ${Buffer.from(base64, 'base64').length} bytes>`
    : `<${kind}>`
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g
const HTTP_DATE =
  /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g
const ARN_ACCOUNT = /(arn:aws[\w-]*:[\w-]+:[\w-]*:)\d{12}(?=:)/g
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/g

export class Masker {
  readonly #vocabulary: readonly (readonly [string, string])[]
  readonly #fields: Readonly<Record<string, string | ((value: string) => string)>>
  readonly #headers: Readonly<Record<string, string>>

  constructor(vocabulary: Readonly<Record<string, string>>, rules: readonly MaskRules[] = []) {
    const pairs: [string, string][] = []
    for (const [placeholder, value] of Object.entries(vocabulary)) {
      if (value.length < 3) continue
      pairs.push([value, placeholder])
      // Names derived from it with the characters aliases and bucket names refuse replaced.
      const dashed = value.replace(/[^a-zA-Z0-9_-]+/g, '-')
      if (dashed !== value) pairs.push([dashed, placeholder])
      const lower = value.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')
      if (lower !== value && lower !== dashed) pairs.push([lower, placeholder])
    }
    this.#vocabulary = pairs.sort((a, b) => b[0].length - a[0].length)
    const fields: Record<string, string | ((value: string) => string)> = { ...BASE_FIELD_MASKS }
    const headers: Record<string, string> = {}
    for (const rule of rules) {
      Object.assign(fields, rule.fields)
      Object.assign(headers, rule.headers)
    }
    this.#fields = fields
    this.#headers = headers
  }

  /** Replaces run-specific text inside a string. */
  text(value: string): string {
    // URLs first: the bucket in a virtual-hosted host must still be there to be found.
    let out = value.replace(URL_IN_TEXT, (url) => this.url(url))
    for (const [literal, placeholder] of this.#vocabulary)
      out = out.split(literal).join(placeholder)
    out = out.replace(ARN_ACCOUNT, `$1${PLACEHOLDER.account}`)
    out = out.replace(UUID, PLACEHOLDER.uuid)
    out = out.replace(ISO_DATE, PLACEHOLDER.date).replace(HTTP_DATE, PLACEHOLDER.date)
    return out
  }

  /** A URL as `<endpoint>/<bucket>/<key>?query`, whatever the host and addressing style. */
  url(value: string): string {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return value
    }
    const { bucket, rest } = s3Resource(url.host, url.pathname)
    const path = bucket === undefined ? rest : `/${bucket}${rest}`
    return `${PLACEHOLDER.endpoint}${this.textNoUrl(decodeURIComponentSafe(path))}${url.search === '' ? '' : this.textNoUrl(url.search)}`
  }

  private textNoUrl(value: string): string {
    let out = value
    for (const [literal, placeholder] of this.#vocabulary)
      out = out.split(literal).join(placeholder)
    return out.replace(UUID, PLACEHOLDER.uuid)
  }

  /** A field's value by its name (JSON key or XML element), else its text masked. */
  field(name: string, value: unknown): unknown {
    const rule = this.#fields[name]
    if (rule !== undefined && (typeof value === 'string' || typeof value === 'number')) {
      return typeof rule === 'string' ? rule : rule(String(value))
    }
    if (OPAQUE_FIELD.test(name) && typeof value === 'string') return PLACEHOLDER.opaque
    if (DATE_FIELD.test(name) && (typeof value === 'number' || typeof value === 'string')) {
      return PLACEHOLDER.date
    }
    return this.tree(value)
  }

  /** A parsed body with every field masked. */
  tree(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value)
    if (Array.isArray(value)) return value.map((item) => this.tree(item))
    if (typeof value !== 'object' || value === null) return value
    const out: Record<string, unknown> = {}
    for (const [key, field] of Object.entries(value)) out[key] = this.field(key, field)
    return out
  }

  /** The response headers that matter, masked. */
  responseHeaders(
    headers: Readonly<Record<string, string>>,
    body: 'structured' | 'none' | 'other',
    method: string,
  ): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [rawName, value] of Object.entries(headers)) {
      const name = rawName.toLowerCase()
      if (IGNORED_HEADERS.has(name)) continue
      if (!name.startsWith('x-amz') && !COMPARED_HEADERS.has(name)) continue
      // The body is compared as a tree; its length follows from ids and hosts that differ.
      // A tree body's length follows from ids and hosts that differ; an empty body's is the
      // transport's business (the server sends 0, the in-process world none). A HEAD's is the
      // object's size and is compared.
      const bodyless = body === 'none' && method !== 'HEAD'
      if (name === 'content-length' && (body === 'structured' || bodyless)) continue
      out[name] = this.header(name, value)
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
  }

  private header(name: string, value: string): string {
    const rule = this.#headers[name]
    if (rule !== undefined) return rule
    switch (name) {
      case 'etag':
        return etagShape(value)
      case 'x-amz-version-id':
        return value === 'null' ? value : PLACEHOLDER.versionId
      case 'x-amz-server-side-encryption-context': {
        // base64 of a JSON map: compared decoded, since its values name the run's bucket and keys.
        try {
          const decoded: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'))
          return `base64 JSON ${stableJson(this.tree(decoded))}`
        } catch {
          return this.text(value)
        }
      }
      default:
        return this.text(value)
    }
  }
}

/** JSON with object keys sorted, for one-line comparison. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    typeof field === 'object' && field !== null && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => a.localeCompare(b)))
      : field,
  )
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * The bucket and the rest of the path, from either addressing style: virtual-hosted
 * (`<bucket>.s3.<region>.amazonaws.com`, `<bucket>.localhost`, `<bucket>.s3.localhost.localstack.cloud`)
 * or path-style (`/<bucket>/<key>`). Undefined bucket for service-level requests and KMS.
 */
export function s3Resource(host: string, pathname: string): { bucket?: string; rest: string } {
  const hostname = host.replace(/:\d+$/, '')
  const virtual = /^(.+?)\.s3[.-]/.exec(hostname) ?? /^(.+)\.localhost$/.exec(hostname)
  if (virtual?.[1] !== undefined && !/^s3$/.test(virtual[1])) {
    return { bucket: virtual[1], rest: pathname === '' ? '/' : pathname }
  }
  const [, first, ...rest] = pathname.split('/')
  if (first === undefined || first === '') return { rest: pathname }
  return { bucket: first, rest: rest.length === 0 ? '' : `/${rest.join('/')}` }
}

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true })

/** The body as a tree: JSON and XML parsed, anything else as recorded. */
function bodyTree(body: RecordedBody | undefined): unknown {
  if (body === undefined) return undefined
  if ('json' in body) return body.json
  if ('text' in body && /^\s*</.test(body.text)) {
    try {
      const parsed = xml.parse(body.text) as Record<string, unknown>
      delete parsed['?xml']
      return parsed
    } catch {
      return body
    }
  }
  return body
}

/** The error code and message of an S3 XML or KMS JSON error body, taken out of the tree. */
function takeError(
  status: number,
  tree: unknown,
): { code?: string; message?: string; rest: unknown } {
  if (status < 300 || typeof tree !== 'object' || tree === null) return { rest: tree }
  const root = tree as Record<string, unknown>
  const error = root.Error
  if (typeof error === 'object' && error !== null) {
    const { Code, Message, ...rest } = error as Record<string, unknown>
    return {
      ...(typeof Code === 'string' ? { code: Code } : {}),
      ...(typeof Message === 'string' ? { message: Message } : {}),
      rest: { ...root, Error: rest },
    }
  }
  const { __type, message, Message, ...rest } = root
  if (typeof __type !== 'string') return { rest: tree }
  const text = typeof message === 'string' ? message : Message
  return {
    code: __type.replace(/^.*#/, '').replace(/:.*$/, ''),
    ...(typeof text === 'string' ? { message: text } : {}),
    rest,
  }
}

/** The operation label that pairs exchanges: `KMS Encrypt`, `S3 PUT <bucket>/<key>?uploadId`. */
function operationOf(
  exchange: RecordedExchange,
  masker: Masker,
): Pick<ComparableExchange, 'operation' | 'service'> {
  const { request } = exchange
  const target = request.headers['x-amz-target']
  if (target !== undefined) {
    return { service: 'kms', operation: `KMS ${target.replace(/^.*\./, '')}` }
  }
  const host = request.origin.replace(/^[a-z]+:\/\//, '')
  const { bucket, rest } = s3Resource(host, request.path)
  const subresources = Object.entries(request.query)
    .filter(([name]) => !/^x-amz-/i.test(name))
    .map(([name, value]) => {
      if (name === 'partNumber') return `${name}=${String(value)}`
      if (name === 'versionId' || name === 'uploadId') return name
      return name
    })
    .sort()
  const resource = bucket === undefined ? rest : `${bucket}${rest}`
  const copy = request.headers['x-amz-copy-source'] === undefined ? '' : ' (copy)'
  const label = `${request.method} ${masker.text(decodeURIComponentSafe(resource)) || '/'}${subresources.length === 0 ? '' : `?${subresources.join('&')}`}${copy}`
  return { service: 's3', operation: `S3 ${label}` }
}

/** Every exchange of a recording, ready to compare. */
export function comparableExchanges(
  recording: Pick<Recording, 'vocabulary' | 'exchanges'>,
  rules: readonly MaskRules[] = [],
): ComparableExchange[] {
  const masker = new Masker(recording.vocabulary, rules)
  return recording.exchanges.map((exchange, i) => {
    const { response } = exchange
    const tree = bodyTree(response.body)
    const body =
      response.body === undefined
        ? 'none'
        : 'json' in response.body || tree !== response.body
          ? 'structured'
          : 'other'
    const { code, message, rest } = takeError(response.status, tree)
    return {
      index: i + 1,
      ...operationOf(exchange, masker),
      anonymous:
        exchange.request.headers.authorization === undefined &&
        !Object.keys(exchange.request.query).some((name) => /^x-amz-signature$/i.test(name)),
      status: response.status,
      errorCode: code,
      errorMessage: message === undefined ? undefined : masker.text(message),
      headers: masker.responseHeaders(response.headers, body, exchange.request.method),
      body: masker.tree(rest),
    }
  })
}
