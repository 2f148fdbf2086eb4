import { createHash } from 'node:crypto'
import { isAwsError } from '../../core/aws-error.js'
import type { Clock } from '../../core/clock.js'
import { requestBytes } from '../../core/request-bytes.js'
import { readCapped } from '../../core/read-capped.js'
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  RequestEntityTooLargeException,
  UnrecognizedClientException,
} from '../../kms/errors.js'
import { InvalidAccessKeyId, RequestTimeTooSkewed } from '../../s3/errors.js'
import { authFormOf, type SigV4Credentials, verifySigV4 } from '../auth/sigv4.js'

/**
 * KMS's allowance between a signature's date and its clock: 5 minutes, as its "Signature expired:
 * … (… - 5 min.)" answers show (aws/aws-sdk-js-v3#6400), not S3's 15.
 */
export const KMS_MAX_SKEW_MS = 5 * 60_000

/**
 * The largest KMS request body the mock reads. AWS does not document KMS's request-size limit; the
 * largest valid inputs (a 32 KiB key policy, 50 tags, 6 KiB of import material in base64) fit well
 * within 1 MiB, so anything larger is refused before the rest is read (not captured from AWS).
 */
export const KMS_MAX_BODY_BYTES = 1024 * 1024

export interface KmsAuthOptions {
  readonly clock: Clock
  /** When set, signatures are verified in full (SPEC §5.5, strict mode §5.8). */
  readonly credentials: readonly SigV4Credentials[]
}

const ALGORITHM = 'AWS4-HMAC-SHA256'
const PARTS = ['Credential', 'Signature', 'SignedHeaders'] as const

/**
 * How KMS's front end reads an `Authorization` header, in every mode: only SigV4 with its three
 * parts and a date gets past it. SigV2 (`AWS key:sig`), unknown schemes (`AWS4-HMAC-SHA256x`, a
 * bare algorithm name) and incomplete SigV4 are IncompleteSignatureException; no signature at all
 * is MissingAuthenticationTokenException. KMS never accepted SigV2, so default mode refuses it too;
 * a missing date is refused in strict mode only.
 */
export function checkKmsSignatureForm(request: Request, url: URL, strict: boolean): void {
  const form = authFormOf(request, url)
  if (form.kind === 'anonymous' || form.kind === 'sigv2-query') {
    throw new MissingAuthenticationTokenException()
  }
  if (form.kind === 'sigv4-query') return
  const value =
    form.kind === 'sigv2-header' ? (request.headers.get('authorization') ?? '') : form.value
  const space = value.indexOf(' ')
  const scheme = space === -1 ? value : value.slice(0, space)
  const found = new Set<string>()
  if (scheme === ALGORITHM && space !== -1) {
    for (const raw of value.slice(space + 1).split(',')) {
      const part = raw.trim()
      if (part === '') continue
      const eq = part.indexOf('=')
      if (eq === -1) {
        throw new IncompleteSignatureException(
          `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`,
        )
      }
      found.add(part.slice(0, eq))
    }
  }
  const problems = PARTS.filter((p) => !found.has(p)).map(
    (p) => `Authorization header requires '${p}' parameter.`,
  )
  // A date is needed to verify; default mode verifies nothing, so it lets an undated header by.
  if (strict && !request.headers.has('x-amz-date') && !request.headers.has('date')) {
    problems.push(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    )
  }
  if (problems.length > 0) {
    throw new IncompleteSignatureException(`${problems.join(' ')} Authorization=${value}`)
  }
}

/**
 * Strict mode: the full SigV4 check over the body as received. JSON protocols sign the body
 * itself and boto3 and the AWS CLI send no `x-amz-content-sha256`, so the payload hash is always
 * computed here; a signed header naming another hash cannot stand in for it.
 */
export async function verifyKmsSignature(
  request: Request,
  url: URL,
  body: Uint8Array,
  auth: KmsAuthOptions,
): Promise<void> {
  if (auth.credentials.length === 0) return
  try {
    await verifySigV4(
      request,
      {
        clock: auth.clock,
        credentials: auth.credentials,
        service: 'kms',
        payloadSha256: createHash('sha256').update(body).digest('hex'),
        maxSkewMs: KMS_MAX_SKEW_MS,
      },
      url,
    )
  } catch (error) {
    if (error instanceof InvalidAccessKeyId) throw new UnrecognizedClientException()
    if (error instanceof RequestTimeTooSkewed) {
      throw InvalidSignatureException.skewed(
        error.requestTime,
        new Date(error.serverTime),
        error.maxSkewMs,
      )
    }
    if (isAwsError(error)) throw new InvalidSignatureException()
    throw error
  }
}

/**
 * The request body, refused past `limit` before the rest is read: at once when Content-Length
 * says so, else as soon as the stream passes it (the reader is cancelled).
 */
export async function readKmsBody(
  request: Request,
  limit = KMS_MAX_BODY_BYTES,
): Promise<Uint8Array> {
  const whole = requestBytes(request)
  if (whole !== undefined) {
    if (whole.byteLength > limit) throw new RequestEntityTooLargeException(limit)
    return whole
  }
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > limit) {
    await request.body?.cancel().catch(() => undefined)
    throw new RequestEntityTooLargeException(limit)
  }
  if (request.body === null) return new Uint8Array(0)
  return readCapped(request.body, limit, () => new RequestEntityTooLargeException(limit))
}
