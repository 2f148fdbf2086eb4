import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { HttpRequest } from '@smithy/types'
import type { Clock } from '../../core/clock.js'
import {
  AccessDenied,
  InvalidAccessKeyId,
  InvalidRequest,
  RequestTimeTooSkewed,
  SignatureDoesNotMatch,
} from '../../s3/errors.js'
import { NodeSha256 } from './node-sha256.js'
import { SignatureV4, createScope, getCanonicalHeaders, getSigningKey } from './signature-v4-lib.js'
import { readS3Signature, type SigV4Auth } from './sigv4-parse.js'

export { authFormOf, type SigV4Auth } from './sigv4-parse.js'

/** A configured key pair; with any configured, signatures are verified in full (SPEC §5.5). */
export interface SigV4Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

export interface SigV4VerifyOptions {
  readonly clock: Clock
  readonly credentials?: readonly SigV4Credentials[]
  /** Region the endpoint serves; when set, a scope for another region is refused. */
  readonly region?: string
  readonly service?: string
  /**
   * Hex SHA-256 of the body as read, for protocols whose signature covers the body itself (KMS's
   * JSON): the server hashes what it received instead of trusting `x-amz-content-sha256`.
   */
  readonly payloadSha256?: string
  /** Strict mode's allowance between the signature's date and the clock. Default 15 min (S3). */
  readonly maxSkewMs?: number
}

/** Chunk and trailer signature checks for `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`. */
export interface ChunkSignatureVerifier {
  chunk(signature: string | undefined, chunkSha256: Uint8Array): void
  trailer(trailers: readonly (readonly [string, string])[], signature: string | undefined): void
}

export interface SigV4Result {
  /** Undefined for an anonymous request. */
  readonly auth: SigV4Auth | undefined
  /** Set when the request was fully verified and its body carries chunk signatures. */
  readonly chunks?: ChunkSignatureVerifier
}

/** `@smithy/signature-v4` wants a hash constructor; node:crypto, HMAC when given a secret. */
/** Exposes the signer's canonical-request and string-to-sign steps for verification. */
class Recomputer extends SignatureV4 {
  constructor(service: string) {
    super({
      service,
      region: 'us-east-1',
      credentials: { accessKeyId: '', secretAccessKey: '' },
      sha256: NodeSha256,
      uriEscapePath: service !== 's3', // S3 signs the path as sent (no double encoding)
    })
  }
  canonical(request: HttpRequest, headers: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash)
  }
  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, 'AWS4-HMAC-SHA256')
  }
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

function hostOf(request: Request, url: URL): string {
  return request.headers.get('host') ?? url.host
}

/** Query parameters as sent: `+` is a literal plus (SigV4 clients encode spaces as %20). */
function rawQuery(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const part of url.search.slice(1).split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s)
      } catch {
        return s
      }
    }
    const key = decode(eq === -1 ? part : part.slice(0, eq))
    const value = decode(eq === -1 ? '' : part.slice(eq + 1))
    const prev = out[key]
    out[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value]
  }
  return out
}

function hexBytes(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (b) => b.toString(16).padStart(2, '0')).join(' ')
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** A header listed in SignedHeaders that the request lacks (how a bare SSE-C presigned URL fails). */
function missingSignedHeader(request: Request, auth: SigV4Auth): boolean {
  return auth.signedHeaders.some((name) => name !== 'host' && !request.headers.has(name))
}

/** S3's answer to SigV2 where only SigV4 is accepted (captured: aws/aws-cli#2432, regions since 2014). */
export const SIGV2_NOT_SUPPORTED =
  'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.'

/** S3's allowance between a signature's date and its clock (`MaxAllowedSkewMilliseconds`). */
export const S3_MAX_SKEW_MS = 15 * 60_000

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** `yyyymmddThhmmssZ` as epoch milliseconds. */
function epochOf(longDate: string): number {
  return Date.UTC(
    Number(longDate.slice(0, 4)),
    Number(longDate.slice(4, 6)) - 1,
    Number(longDate.slice(6, 8)),
    Number(longDate.slice(9, 11)),
    Number(longDate.slice(11, 13)),
    Number(longDate.slice(13, 15)),
  )
}

/**
 * Time checks. Presigned URLs past their expiry, or with `X-Amz-Expires=0`, are refused in every
 * mode (as before). With credentials (strict mode) the date must also be near the world's clock: a
 * header signature more than `maxSkewMs` away is RequestTimeTooSkewed, a presigned URL dated
 * beyond it is "Request is not yet valid" (captured from S3 in minio/minio#2638). Default mode
 * leaves these out so a test can pin a ManualClock far from the SDK's real signing time.
 */
function checkTime(auth: SigV4Auth, now: number, strict: boolean, maxSkewMs: number): void {
  const signedAt = epochOf(auth.longDate)
  if (auth.kind === 'presigned' && auth.expires !== undefined) {
    const expiresAt = signedAt + auth.expires * 1000
    if (strict && signedAt - now > maxSkewMs) {
      throw new AccessDenied('Request is not yet valid', {
        'X-Amz-Date': String(signedAt),
        Expires: isoSeconds(expiresAt),
        ServerTime: isoSeconds(now),
      })
    }
    if (auth.expires === 0 || now > expiresAt) {
      throw AccessDenied.expired(isoSeconds(expiresAt), isoSeconds(now), String(auth.expires))
    }
    return
  }
  if (strict && Math.abs(now - signedAt) > maxSkewMs) {
    throw new RequestTimeTooSkewed(
      auth.longDate,
      new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      maxSkewMs,
    )
  }
}

/**
 * Checks a request's signature. In every mode: the form (malformed headers and queries get S3's
 * errors), expiry of presigned URLs, and presence of signed headers. With credentials (strict mode,
 * SPEC §5.8): only a SigV4 signature that verifies gets in. SigV2 is refused, the date must be
 * near the clock, and the full signature (header or presigned query) is recomputed with
 * `@smithy/signature-v4`'s canonicalisation; signed streaming bodies get a chunk verifier.
 */
export async function verifySigV4(
  request: Request,
  options: SigV4VerifyOptions,
  url: URL = new URL(request.url),
): Promise<SigV4Result> {
  const credentials = options.credentials ?? []
  const strict = credentials.length > 0
  const signature = readS3Signature(request, url, options)
  if (signature.kind === 'anonymous') return { auth: undefined }
  if (signature.kind === 'sigv2') {
    if (strict) throw new InvalidRequest(SIGV2_NOT_SUPPORTED)
    return { auth: undefined }
  }
  const auth = signature.auth
  checkTime(auth, options.clock.now().getTime(), strict, options.maxSkewMs ?? S3_MAX_SKEW_MS)
  if (!strict) {
    if (missingSignedHeader(request, auth)) {
      throw new SignatureDoesNotMatch({
        AWSAccessKeyId: auth.accessKeyId,
        SignatureProvided: auth.signature,
      })
    }
    return { auth }
  }
  const key = credentials.find((c) => c.accessKeyId === auth.accessKeyId)
  if (key === undefined) throw new InvalidAccessKeyId(auth.accessKeyId)

  const service = auth.service
  const recomputer = new Recomputer(service)
  const headers: Record<string, string> = {}
  for (const name of auth.signedHeaders) {
    const value = name === 'host' ? hostOf(request, url) : request.headers.get(name)
    if (value !== null) headers[name] = value
  }
  const query = rawQuery(url)
  const contentSha = request.headers.get('x-amz-content-sha256')
  let payloadHash: string
  if (auth.kind === 'presigned') {
    const fromQuery = query['X-Amz-Content-Sha256']
    payloadHash =
      (typeof fromQuery === 'string' ? fromQuery : undefined) ??
      (auth.signedHeaders.includes('x-amz-content-sha256') ? contentSha : null) ??
      'UNSIGNED-PAYLOAD'
  } else if (options.payloadSha256 !== undefined) {
    // JSON protocols sign the body itself; the server hashes what it read (SigV4 task 1).
    payloadHash = options.payloadSha256
  } else {
    // S3 requires the header for SigV4 (uncaptured text; the form S3 is reported to use).
    if (contentSha === null) {
      throw new InvalidRequest('Missing required header for this request: x-amz-content-sha256')
    }
    payloadHash = contentSha
  }
  const httpRequest: HttpRequest = {
    method: request.method.toUpperCase(),
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query,
    headers,
  }
  const canonicalHeaders = getCanonicalHeaders(
    httpRequest,
    undefined,
    new Set(auth.signedHeaders),
  ) as Record<string, string>
  const canonicalRequest = recomputer.canonical(httpRequest, canonicalHeaders, payloadHash)
  const scope = createScope(auth.date, auth.region, service)
  const stringToSign = await recomputer.stringToSign(auth.longDate, scope, canonicalRequest)
  const signingKey = await getSigningKey(NodeSha256, key, auth.date, auth.region, service)
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex')
  if (!sameHex(expected, auth.signature) || missingSignedHeader(request, auth)) {
    throw new SignatureDoesNotMatch({
      AWSAccessKeyId: auth.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: auth.signature,
      StringToSignBytes: hexBytes(stringToSign),
      CanonicalRequest: canonicalRequest,
      CanonicalRequestBytes: hexBytes(canonicalRequest),
    })
  }
  const streaming = /^STREAMING-AWS4-HMAC-SHA256-PAYLOAD/.test(contentSha ?? '')
  if (auth.kind !== 'header' || !streaming) return { auth }
  return {
    auth,
    chunks: chunkSignatureVerifier(signingKey, auth.longDate, scope, auth.signature),
  }
}

/**
 * The chained chunk signatures of AWS "sigv4-streaming": each chunk signs the previous
 * signature and its data's SHA-256; the trailer signs `name:value\n` lines.
 */
export function chunkSignatureVerifier(
  signingKey: Uint8Array,
  longDate: string,
  scope: string,
  seedSignature: string,
): ChunkSignatureVerifier {
  let previous = seedSignature
  const sign = (lines: readonly string[]) =>
    createHmac('sha256', signingKey).update(lines.join('\n')).digest('hex')
  const check = (expected: string, provided: string | undefined) => {
    if (provided === undefined || !sameHex(expected, provided)) throw new SignatureDoesNotMatch()
    previous = expected
  }
  return {
    chunk(signature, chunkSha256) {
      const hex = Buffer.from(chunkSha256).toString('hex')
      check(
        sign(['AWS4-HMAC-SHA256-PAYLOAD', longDate, scope, previous, EMPTY_SHA256, hex]),
        signature,
      )
    },
    trailer(trailers, signature) {
      const canonical = trailers.map(([name, value]) => `${name}:${value}\n`).join('')
      const hash = createHash('sha256').update(canonical).digest('hex')
      check(sign(['AWS4-HMAC-SHA256-TRAILER', longDate, scope, previous, hash]), signature)
    },
  }
}
