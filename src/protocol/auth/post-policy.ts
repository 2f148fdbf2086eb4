import { createHmac, timingSafeEqual } from 'node:crypto'
import {
  InvalidAccessKeyId,
  InvalidArgument,
  InvalidRequest,
  SignatureDoesNotMatch,
} from '../../s3/errors.js'
import { SIGV2_NOT_SUPPORTED, type SigV4Credentials } from './sigv4.js'

/**
 * The signature of a browser-based upload form (S3 API reference, "Authenticating Requests in
 * Browser-Based Uploads Using POST (AWS Signature Version 4)"): the string to sign is the
 * base64 policy exactly as sent, signed with the SigV4 signing key of `x-amz-credential`'s scope
 * (SigV4), or HMAC-SHA1 with the secret key (SigV2, `AWSAccessKeyId` + `signature`).
 */
export type PostSignature =
  | { kind: 'sigv4'; credential: string; signature: string }
  | { kind: 'sigv2'; accessKeyId: string; signature: string }
  | { kind: 'anonymous' }

const SIGV4_FIELDS = [
  ['x-amz-algorithm', 'X-Amz-Algorithm'],
  ['x-amz-credential', 'X-Amz-Credential'],
  ['x-amz-date', 'X-Amz-Date'],
  ['x-amz-signature', 'X-Amz-Signature'],
] as const
const SIGV2_FIELDS = [
  ['awsaccesskeyid', 'AWSAccessKeyId'],
  ['signature', 'Signature'],
] as const

/** S3's text when a form has part of a signature (as LocalStack mirrors it; not captured). */
function missingField(name: string): InvalidArgument {
  return new InvalidArgument(
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    name,
    '',
  )
}

/** Which signature the form carries; one field of a set without the others is refused. */
export function postSignatureOf(fields: ReadonlyMap<string, string>): PostSignature {
  const complete = (set: readonly (readonly [string, string])[]): boolean => {
    if (!set.some(([name]) => fields.has(name))) return false
    const missing = set.find(([name]) => !fields.has(name))
    if (missing !== undefined) throw missingField(missing[1])
    return true
  }
  if (complete(SIGV4_FIELDS)) {
    return {
      kind: 'sigv4',
      credential: fields.get('x-amz-credential') ?? '',
      signature: fields.get('x-amz-signature') ?? '',
    }
  }
  if (complete(SIGV2_FIELDS)) {
    return {
      kind: 'sigv2',
      accessKeyId: fields.get('awsaccesskeyid') ?? '',
      signature: fields.get('signature') ?? '',
    }
  }
  return { kind: 'anonymous' }
}

const hmac = (key: string | Uint8Array, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest()

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Verifies the policy signature when credentials are configured (strict mode, SPEC §5.8): SigV4
 * forms are recomputed, SigV2 forms are refused as S3 refuses SigV2 where only SigV4 is accepted.
 * Without credentials any well-formed signature is accepted, as for every other request.
 */
export function verifyPostSignature(
  policy: string,
  signature: PostSignature,
  credentials: readonly SigV4Credentials[],
): void {
  if (signature.kind === 'anonymous' || credentials.length === 0) return
  if (signature.kind === 'sigv2') throw new InvalidRequest(SIGV2_NOT_SUPPORTED)
  const accessKeyId = signature.credential.split('/')[0] ?? ''
  const key = credentials.find((c) => c.accessKeyId === accessKeyId)
  if (key === undefined) throw new InvalidAccessKeyId(accessKeyId)
  const [, date = '', region = '', service = ''] = signature.credential.split('/')
  const signingKey = [date, region, service, 'aws4_request'].reduce<Buffer>(
    (k, part) => hmac(k, part),
    Buffer.from(`AWS4${key.secretAccessKey}`, 'utf8'),
  )
  const expected = hmac(signingKey, policy).toString('hex')
  if (!same(expected, signature.signature)) {
    throw new SignatureDoesNotMatch({
      AWSAccessKeyId: accessKeyId,
      StringToSign: policy,
      SignatureProvided: signature.signature,
    })
  }
}
