import {
  CHECKSUM_ALGORITHMS,
  checksumHeaderName,
  toBase64,
  type ChecksumAlgorithm,
} from '../../../crypto/checksums.js'
import { BadDigest, InvalidRequest } from '../../../s3/errors.js'

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** The algorithm a `x-amz-checksum-*` name stands for (`x-amz-checksum-crc32` → CRC32). */
export function checksumAlgorithmOf(headerName: string): ChecksumAlgorithm | undefined {
  const name = headerName.toLowerCase()
  return CHECKSUM_ALGORITHMS.find((a) => checksumHeaderName(a) === name)
}

/**
 * Decodes a checksum value sent in a header or a trailer: padded base64 of exactly the digest
 * size, else InvalidRequest "Value for x-amz-checksum-crc32 [trailing ]header is invalid."
 */
export function parseChecksumValue(
  algorithm: ChecksumAlgorithm,
  value: string,
  where: 'header' | 'trailer',
): Uint8Array {
  const bytes = BASE64.test(value) ? Buffer.from(value, 'base64') : undefined
  if (bytes?.length !== DIGEST_BYTES[algorithm]) {
    const kind = where === 'trailer' ? 'trailing header' : 'header'
    throw new InvalidRequest(`Value for ${checksumHeaderName(algorithm)} ${kind} is invalid.`)
  }
  return new Uint8Array(bytes)
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/** Compares a sent checksum (base64) with the computed digest: BadDigest when they differ. */
export function verifyChecksum(
  algorithm: ChecksumAlgorithm,
  sent: string,
  computed: Uint8Array,
  where: 'header' | 'trailer' = 'header',
): void {
  const expected = parseChecksumValue(algorithm, sent, where)
  if (!equal(expected, computed)) throw BadDigest.checksum(algorithm)
}

/** The checksum carried by a trailer set, as `{ algorithm, value }` (base64 as sent). */
export function trailerChecksum(
  trailers: Readonly<Record<string, string>>,
): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  for (const [name, value] of Object.entries(trailers)) {
    const algorithm = checksumAlgorithmOf(name)
    if (algorithm !== undefined) return { algorithm, value }
  }
  return undefined
}

/**
 * Checks the trailer checksum against digests computed over the decoded body. A trailer whose
 * algorithm was not computed is refused as BadDigest too: it cannot have been verified.
 */
export function verifyTrailerChecksum(
  trailers: Readonly<Record<string, string>>,
  computed: Partial<Record<ChecksumAlgorithm, Uint8Array>>,
): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  const checksum = trailerChecksum(trailers)
  if (checksum === undefined) return undefined
  const digest = computed[checksum.algorithm]
  const value = parseChecksumValue(checksum.algorithm, checksum.value, 'trailer')
  if (digest === undefined || !equal(value, digest)) throw BadDigest.checksum(checksum.algorithm)
  return { algorithm: checksum.algorithm, value: toBase64(value) }
}
