import { Secret } from '../../core/secret.js'

/**
 * KMS JSON output: blobs as base64, timestamps as epoch seconds (awsJson1_1), absent members left
 * out. Only the protocol ever reveals a Secret, because only the wire needs the bytes.
 */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64')
  if (value instanceof Secret) return toJsonValue(value.reveal())
  if (value instanceof Date) return value.getTime() / 1000
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v)
    return out
  }
  return value
}

export const KMS_CONTENT_TYPE = 'application/x-amz-json-1.1'

export function jsonResponse(body: unknown, requestId: string, status = 200): Response {
  return new Response(JSON.stringify(toJsonValue(body)), {
    status,
    headers: { 'content-type': KMS_CONTENT_TYPE, 'x-amzn-requestid': requestId },
  })
}
