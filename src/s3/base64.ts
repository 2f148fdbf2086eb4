const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * The bytes of padded standard base64, or `undefined` for anything else. S3 decodes the few
 * base64 request values it checks (Content-MD5, checksum values, the SSE-KMS context) strictly;
 * Node's decoder alone would skip invalid characters. With `length`, other sizes are refused too.
 */
export function strictBase64(value: string, length?: number): Uint8Array | undefined {
  if (!PADDED_BASE64.test(value)) return undefined
  const bytes = Buffer.from(value, 'base64')
  return length === undefined || bytes.length === length ? new Uint8Array(bytes) : undefined
}
