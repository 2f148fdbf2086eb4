import { toBase64 } from '../../../crypto/checksums.js'
import { BadDigest, InvalidDigest } from '../../../s3/errors.js'

const BASE64_16 = /^[A-Za-z0-9+/]{22}==$/

/** The 16 digest bytes of a `Content-MD5` header; anything but padded base64 of 16 bytes is InvalidDigest. */
export function parseContentMd5(header: string): Uint8Array {
  const value = header.trim()
  if (!BASE64_16.test(value)) throw new InvalidDigest(header)
  return new Uint8Array(Buffer.from(value, 'base64'))
}

/** Checks `Content-MD5` against the MD5 computed over the received body. */
export function verifyContentMd5(header: string, computed: Uint8Array): void {
  const expected = parseContentMd5(header)
  if (expected.length !== computed.length || expected.some((b, i) => b !== computed[i])) {
    throw BadDigest.contentMd5(header.trim(), toBase64(computed))
  }
}
