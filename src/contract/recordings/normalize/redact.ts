import { createHash } from 'node:crypto'
import type { RawExchange, RecordedBody, RecordedExchange } from '../format.js'

/**
 * Record-time masking: what is written to a recording never holds a secret. SSE-C keys and their
 * MD5s, Authorization, presigned signatures and credentials, session tokens and KMS plaintexts
 * (data keys, private keys, random bytes) become `<masked>` — with their byte length where the
 * length is part of the contract (`<masked: 32 bytes>`). The in-process side of a comparison goes
 * through the same function, so both sides read alike.
 */

/** Header and query parameter names whose values are secret (matched case-insensitively). */
const SECRET_NAME = /authorization|customer-key|token|secret|password|signature|credential/i

/** JSON fields (any depth) holding key material or plaintext. */
const SECRET_JSON_FIELD = /plaintext$|^privatekey|^keymaterial$/i

/** Request headers that say nothing about the exchange (client identity, transport). */
const NOISE_REQUEST_HEADERS = new Set([
  'user-agent',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'host',
  'connection',
  'x-amz-date',
])

/** Bodies up to this size are kept readable (text/base64); larger ones only by size and hash. */
const INLINE_LIMIT = 4096
/** XML and JSON bodies up to this size are kept as text/JSON. */
const STRUCTURED_LIMIT = 256 * 1024

export const MASKED = '<masked>'

/** `<masked: 32 bytes>` when the value is base64 of that many bytes, else `<masked>`. */
export function maskedWithLength(value: string): string {
  const length = base64Length(value)
  return length === undefined ? MASKED : `<masked: ${length} bytes>`
}

function base64Length(value: string): number | undefined {
  if (value.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) {
    return undefined
  }
  return Buffer.from(value, 'base64').length
}

/** Masks one exchange for writing: secrets out, noise out, names and keys sorted. */
export function redactExchange(raw: RawExchange): RecordedExchange {
  const url = new URL(raw.url)
  const requestHeaders = redactHeaders(raw.requestHeaders, NOISE_REQUEST_HEADERS)
  const requestBody = recordBody(raw.requestBody, raw.requestHeaders, 'request')
  const responseBody = recordBody(raw.responseBody, raw.responseHeaders, 'response')
  return {
    request: {
      method: raw.method.toUpperCase(),
      origin: url.origin,
      path: url.pathname,
      query: redactQuery(url.searchParams),
      headers: requestHeaders,
      ...(requestBody === undefined ? {} : { body: requestBody }),
    },
    response: {
      status: raw.status,
      headers: redactHeaders(raw.responseHeaders, new Set()),
      ...(responseBody === undefined ? {} : { body: responseBody }),
    },
  }
}

function redactHeaders(
  headers: Readonly<Record<string, string>>,
  drop: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort()) {
    if (drop.has(name)) continue
    const value = headerValue(headers, name) ?? ''
    out[name] = SECRET_NAME.test(name)
      ? name.endsWith('customer-key')
        ? maskedWithLength(value)
        : MASKED
      : value
  }
  return out
}

function redactQuery(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const name of [...new Set(params.keys())].sort()) {
    const values = params.getAll(name).map((v) => (SECRET_NAME.test(name) ? MASKED : v))
    out[name] = values.length === 1 ? (values[0] ?? '') : values
  }
  return out
}

/** A header by lower-case name from a record whose names may have any case. */
export function headerValue(
  headers: Readonly<Record<string, string>>,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value
  return undefined
}

const isJsonType = (type: string): boolean => /json/i.test(type)
const isXmlType = (type: string): boolean => /xml/i.test(type)

function recordBody(
  body: Uint8Array | undefined,
  headers: Readonly<Record<string, string>>,
  side: 'request' | 'response',
): RecordedBody | undefined {
  const type = headerValue(headers, 'content-type') ?? ''
  if (body === undefined) {
    // Known only by its declared size (the recorder saw an encoded form).
    const declared = Number(
      headerValue(headers, 'x-amz-decoded-content-length') ??
        headerValue(headers, 'content-length'),
    )
    return Number.isFinite(declared) && declared > 0 ? { bytes: declared } : undefined
  }
  if (body.length === 0) return undefined
  const text = utf8(body)
  if (text !== undefined && body.length <= STRUCTURED_LIMIT) {
    if (isJsonType(type) || (side === 'request' && type === '' && /^\s*[[{]/.test(text))) {
      try {
        return { json: redactJson(JSON.parse(text)) }
      } catch {
        // not JSON after all: falls through to text
      }
    }
    if (isXmlType(type) || /^\s*<\?xml/.test(text)) return { text: redactXml(text) }
  }
  // Forms (POST Object) carry signatures and may carry SSE-C keys: never inline.
  const opaque = /multipart\/form-data/i.test(type)
  if (!opaque && body.length <= INLINE_LIMIT) {
    return text !== undefined && !hasControlCharacters(text)
      ? { text }
      : { base64: Buffer.from(body).toString('base64') }
  }
  return { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') }
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

/**
 * XML elements that quote what was signed or how: AWS's `SignatureDoesNotMatch` carries the
 * canonical request (with the values of every signed header — an SSE-C key among them when a
 * presigned URL signed it), the string to sign, the signature and the access key id.
 */
const SECRET_XML_ELEMENT =
  /<(SignatureProvided|StringToSign|StringToSignBytes|CanonicalRequest|CanonicalRequestBytes|AWSAccessKeyId|[A-Za-z]*(?:Signature|Credential|Token|CustomerKey)[A-Za-z]*)>[^<]*<\/\1>/g

/** Masks the text of secret XML elements (the element stays, to show it was there). */
export function redactXml(text: string): string {
  return text.replace(
    SECRET_XML_ELEMENT,
    (_element, name: string) => `<${name}>&lt;masked&gt;</${name}>`,
  )
}

/** Masks secret fields of a parsed JSON body at any depth. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    out[key] =
      SECRET_JSON_FIELD.test(key) && typeof field === 'string'
        ? maskedWithLength(field)
        : redactJson(field)
  }
  return out
}

/** Text with control characters (other than tab and line breaks) reads better as base64. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) {
      return true
    }
  }
  return false
}
