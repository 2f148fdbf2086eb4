import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Salted HMAC-SHA256 of a secret, as S3 keeps for SSE-C keys: later requests are checked against
 * it without the key ever being stored.
 */
export function fingerprint(salt: Uint8Array, secret: Uint8Array): Uint8Array {
  return createHmac('sha256', salt).update(secret).digest()
}

/** Constant-time check of `secret` against a stored fingerprint. */
export function fingerprintMatches(
  salt: Uint8Array,
  secret: Uint8Array,
  expected: Uint8Array,
): boolean {
  const actual = fingerprint(salt, secret)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
