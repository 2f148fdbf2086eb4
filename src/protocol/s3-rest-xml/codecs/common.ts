import { Secret } from '../../../core/secret.js'
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../../../crypto/checksums.js'
import { InvalidArgument, InvalidRequest } from '../../../s3/errors.js'
import type {
  ChecksumOutput,
  ContentHeaders,
  EncryptionOutput,
  EncryptionRequest,
} from '../../../s3/shapes.js'
import * as H from '../headers.js'
import { type Headerish, optional } from '../http.js'

/**
 * A header that carries a secret (the SSE-C keys): its text as a `Secret` from here on, so the
 * key never sits in a decoded input as a string an audit event or log could copy (SPEC §5.6).
 */
export function secretHeader(headers: Headers, name: string): Secret | undefined {
  const value = headers.get(name)
  return value === null ? undefined : new Secret(new TextEncoder().encode(value))
}

/** The SSE-C trio of a request (GET, HEAD, parts, GetObjectAttributes), raw. */
export function decodeCustomerKey(headers: Headers): {
  SSECustomerAlgorithm?: string
  SSECustomerKey?: Secret
  SSECustomerKeyMD5?: string
} {
  const algorithm = headers.get(H.SSE_C_ALGORITHM)
  const key = secretHeader(headers, H.SSE_C_KEY)
  const md5 = headers.get(H.SSE_C_KEY_MD5)
  return {
    ...(algorithm === null ? {} : { SSECustomerAlgorithm: algorithm }),
    ...(key === undefined ? {} : { SSECustomerKey: key }),
    ...(md5 === null ? {} : { SSECustomerKeyMD5: md5 }),
  }
}

/** The SSE request headers of a write, passed raw so the domain's plan applies every rule. */
export function decodeEncryptionRequest(headers: Headers): EncryptionRequest {
  const bucketKey = headers.get(H.SSE_BUCKET_KEY_ENABLED)
  const out: EncryptionRequest = {}
  const set = (name: keyof EncryptionRequest, header: string): void => {
    const value = headers.get(header)
    if (value !== null) (out as Record<string, unknown>)[name] = value
  }
  set('ServerSideEncryption', H.SSE)
  set('SSEKMSKeyId', H.SSE_KMS_KEY_ID)
  set('SSEKMSEncryptionContext', H.SSE_CONTEXT)
  Object.assign(out, decodeCustomerKey(headers))
  if (bucketKey !== null) out.BucketKeyEnabled = bucketKey.toLowerCase() === 'true'
  return out
}

/** How a stored object is encrypted, as response headers. */
export function encryptionHeaders(
  out: EncryptionOutput & { SSEKMSEncryptionContext?: string },
): Headerish {
  return {
    [H.SSE]: out.ServerSideEncryption,
    [H.SSE_KMS_KEY_ID]: out.SSEKMSKeyId,
    [H.SSE_CONTEXT]: out.SSEKMSEncryptionContext,
    [H.SSE_BUCKET_KEY_ENABLED]: out.BucketKeyEnabled === true ? 'true' : undefined,
    [H.SSE_C_ALGORITHM]: out.SSECustomerAlgorithm,
    [H.SSE_C_KEY_MD5]: out.SSECustomerKeyMD5,
  }
}

const CHECKSUM_MEMBERS: Readonly<Record<ChecksumAlgorithm, keyof ChecksumOutput>> = {
  CRC32: 'ChecksumCRC32',
  CRC32C: 'ChecksumCRC32C',
  CRC64NVME: 'ChecksumCRC64NVME',
  SHA1: 'ChecksumSHA1',
  SHA256: 'ChecksumSHA256',
}

export function checksumHeaders(out: ChecksumOutput): Headerish {
  const headers: Headerish = { [H.CHECKSUM_TYPE]: out.ChecksumType }
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = out[CHECKSUM_MEMBERS[algorithm]]
    if (typeof value === 'string') headers[H.CHECKSUM_HEADERS[algorithm]] = value
  }
  return headers
}

/** Checksum members in XML (CompleteMultipartUpload, CopyObjectResult, GetObjectAttributes). */
export function checksumXml(out: ChecksumOutput): Record<string, string | undefined> {
  return {
    ChecksumCRC32: out.ChecksumCRC32,
    ChecksumCRC32C: out.ChecksumCRC32C,
    ChecksumCRC64NVME: out.ChecksumCRC64NVME,
    ChecksumSHA1: out.ChecksumSHA1,
    ChecksumSHA256: out.ChecksumSHA256,
    ChecksumType: out.ChecksumType,
  }
}

/** The algorithm named by `x-amz-sdk-checksum-algorithm` / `x-amz-checksum-algorithm`, validated. */
export function declaredChecksumAlgorithm(headers: Headers): ChecksumAlgorithm | undefined {
  const raw = headers.get(H.SDK_CHECKSUM_ALGORITHM) ?? headers.get(H.CHECKSUM_ALGORITHM)
  if (raw === null) return undefined
  const algorithm = raw.toUpperCase()
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new InvalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    )
  }
  return algorithm as ChecksumAlgorithm
}

/** Checksum values sent as headers (at most one is allowed). */
export function checksumHeaderValue(
  headers: Headers,
): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  const sent = CHECKSUM_ALGORITHMS.filter((a) => headers.has(H.CHECKSUM_HEADERS[a]))
  if (sent.length > 1)
    throw new InvalidRequest(
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    )
  const algorithm = sent[0]
  if (algorithm === undefined) return undefined
  return { algorithm, value: headers.get(H.CHECKSUM_HEADERS[algorithm]) ?? '' }
}

/** `x-amz-meta-*` headers → user metadata (names without the prefix). */
export function decodeMetadata(headers: Headers): Record<string, string> {
  const metadata: Record<string, string> = {}
  headers.forEach((value, name) => {
    if (name.startsWith(H.META_PREFIX)) metadata[name.slice(H.META_PREFIX.length)] = value
  })
  return metadata
}

export function metadataHeaders(metadata: Readonly<Record<string, string>>): Headerish {
  const out: Headerish = {}
  for (const [name, value] of Object.entries(metadata)) out[`${H.META_PREFIX}${name}`] = value
  return out
}

/** An HTTP date header (If-Modified-Since, Expires); an unparsable one is ignored, as HTTP says. */
export function dateHeader(headers: Headers, name: string): Date | undefined {
  const raw = headers.get(name)
  if (raw === null) return undefined
  const date = new Date(raw)
  return Number.isNaN(date.getTime()) ? undefined : date
}

export function decodeContentHeaders(
  headers: Headers,
  contentEncoding: string | undefined,
): ContentHeaders {
  const out: ContentHeaders = {}
  const cacheControl = optional(headers.get(H.CACHE_CONTROL))
  const disposition = optional(headers.get(H.CONTENT_DISPOSITION))
  const language = optional(headers.get(H.CONTENT_LANGUAGE))
  const type = optional(headers.get(H.CONTENT_TYPE))
  // Stored as sent, even when it is no HTTP date: S3 returns it unchanged and the SDK then puts it
  // in ExpiresString (reference sdk-wire-facts §6, the SDK's own S3 e2e test).
  const expires = optional(headers.get(H.EXPIRES))
  if (cacheControl !== undefined) out.CacheControl = cacheControl
  if (disposition !== undefined) out.ContentDisposition = disposition
  if (contentEncoding !== undefined) out.ContentEncoding = contentEncoding
  if (language !== undefined) out.ContentLanguage = language
  if (type !== undefined) out.ContentType = type
  if (expires !== undefined) out.Expires = expires
  return out
}

export function contentHeaders(out: ContentHeaders): Headerish {
  return {
    [H.CACHE_CONTROL]: out.CacheControl,
    [H.CONTENT_DISPOSITION]: out.ContentDisposition,
    [H.CONTENT_ENCODING]: out.ContentEncoding,
    [H.CONTENT_LANGUAGE]: out.ContentLanguage,
    [H.CONTENT_TYPE]: out.ContentType,
    [H.EXPIRES]: out.Expires,
  }
}

/** A non-negative Content-Length / decoded length header. */
export function lengthHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name)
  if (raw === null) return undefined
  if (!/^\d{1,15}$/.test(raw.trim())) throw new InvalidArgument(`Invalid ${name}`, name, raw)
  return Number(raw.trim())
}
