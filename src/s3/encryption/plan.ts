import type { Caller } from '../../core/context.js'
import { strictBase64 } from '../base64.js'
import { AccessDenied, InvalidArgument } from '../errors.js'
import { bucketArn, objectArn } from '../bucket.js'
import { AWS_MANAGED_S3_KEY } from '../key-service.js'
import {
  SERVER_SIDE_ENCRYPTIONS,
  type EncryptionRequest,
  type ServerSideEncryption,
  type ServerSideEncryptionRule,
} from '../shapes.js'
import { type CustomerKey, customerKeyOf, customerKeyRequested, SSE_C_MESSAGES } from './sse-c.js'

/**
 * Every SSE rule for writes in one pure function (SPEC §4.1, reference §2 and §2.1): the request's
 * encryption members and the bucket's default encryption in, an `EncryptionPlan` or an S3 error
 * out. Nothing here calls KMS or touches state; `sse-s3.ts` and `sse-kms.ts` carry a plan out.
 *
 * `ArgumentName`s are the wire names AWS reports in its error bodies (reference §2.1), not headers
 * the domain reads.
 */
export type EncryptionPlan = SseS3Plan | SseKmsPlan | SseCPlan

export interface SseS3Plan {
  readonly kind: 'SSE-S3'
}

export interface SseKmsPlan {
  readonly kind: 'SSE-KMS'
  readonly algorithm: 'aws:kms' | 'aws:kms:dsse'
  /** As named by the request or bucket default (id, ARN or alias); `alias/aws/s3` when none. */
  readonly keyId: string
  /** The context for KMS: the user's pairs plus `aws:s3:arn`. */
  readonly encryptionContext: Readonly<Record<string, string>>
  /** The request carried a context, so the PUT response echoes it. */
  readonly contextFromRequest: boolean
  readonly bucketKeyEnabled: boolean
}

/** SSE-C: the request's customer key, validated (`sse-c.ts`); it lives only as long as the request. */
export interface SseCPlan {
  readonly kind: 'SSE-C'
  readonly customerKey: CustomerKey
}

/** What the plan needs to know about the write besides its members. */
export interface PlanTarget {
  readonly bucket: string
  readonly key: string
  /** The bucket's region (for the ARN partition). */
  readonly region: string
  readonly signature: Caller['signature']
  /** Came over https: SSE-C needs it (reference §1.1). */
  readonly secure: boolean
}

const SSE_HEADER = 'x-amz-server-side-encryption'
const CONTEXT_HEADER = 'x-amz-server-side-encryption-context'

const isKms = (value: string | undefined): value is 'aws:kms' | 'aws:kms:dsse' =>
  value === 'aws:kms' || value === 'aws:kms:dsse'

const present = (value: string | undefined): value is string => value !== undefined && value !== ''

export function planEncryption(
  request: EncryptionRequest,
  bucketDefault: ServerSideEncryptionRule,
  target: PlanTarget,
): EncryptionPlan {
  const algorithm = present(request.ServerSideEncryption) ? request.ServerSideEncryption : undefined

  if (customerKeyRequested(request)) {
    // The 2026 block answers 403 before any key check (reference §1, ministackorg/ministack#1439).
    if (bucketDefault.BlockedEncryptionTypes?.EncryptionType?.includes('SSE-C') === true) {
      throw new AccessDenied()
    }
    if (algorithm !== undefined) {
      throw new InvalidArgument(SSE_C_MESSAGES.incompatible, SSE_HEADER, algorithm)
    }
    const customerKey = customerKeyOf(request, 'write', target.secure)
    if (customerKey !== undefined) return { kind: 'SSE-C', customerKey }
  }

  if (
    algorithm !== undefined &&
    !(SERVER_SIDE_ENCRYPTIONS as readonly string[]).includes(algorithm)
  ) {
    throw new InvalidArgument(
      'The encryption method specified is not supported',
      SSE_HEADER,
      algorithm,
    )
  }
  const requested = algorithm as ServerSideEncryption | undefined
  const keyIdGiven = present(request.SSEKMSKeyId)
  const contextGiven = request.SSEKMSEncryptionContext !== undefined
  if ((keyIdGiven || contextGiven) && !isKms(requested)) {
    // MinIO's text, confirmed as a 400 by BerriAI/litellm#35291 (reference §2.1). Applied to a
    // context without aws:kms too: a context only means something to KMS.
    throw new InvalidArgument(
      'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
      SSE_HEADER,
    )
  }
  const userContext = contextGiven ? decodeContext(request.SSEKMSEncryptionContext ?? '') : {}

  let plan: EncryptionPlan
  if (requested === 'AES256') {
    plan = { kind: 'SSE-S3' }
  } else if (isKms(requested)) {
    // The request's own SSE wins whole: aws:kms without a key id is aws/s3, not the bucket's key
    // (PutObject API reference, x-amz-server-side-encryption-aws-kms-key-id).
    plan = kmsPlan(
      requested,
      keyIdGiven ? (request.SSEKMSKeyId ?? '') : AWS_MANAGED_S3_KEY,
      request.BucketKeyEnabled ?? bucketDefault.BucketKeyEnabled ?? false,
      userContext,
      contextGiven,
      target,
    )
  } else {
    plan = fromBucketDefault(bucketDefault, target)
  }

  if (plan.kind === 'SSE-KMS') assertSigV4ForKms(target.signature)
  return plan
}

/**
 * SSE-KMS objects refuse writes and reads not signed with SigV4 (anonymous or SigV2): aws/aws-cli#1006
 * (full XML), aws/aws-sdk-js#1147 (reference §2.1).
 */
export function assertSigV4ForKms(signature: Caller['signature']): void {
  if (signature !== 'sigv4') {
    throw new InvalidArgument(
      'Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.',
      'Authorization',
      'null',
    )
  }
}

/** Objects written without SSE members get the bucket default; SSE-S3 when it names nothing. */
function fromBucketDefault(rule: ServerSideEncryptionRule, target: PlanTarget): EncryptionPlan {
  const byDefault = rule.ApplyServerSideEncryptionByDefault
  if (byDefault === undefined || !isKms(byDefault.SSEAlgorithm)) return { kind: 'SSE-S3' }
  return kmsPlan(
    byDefault.SSEAlgorithm,
    present(byDefault.KMSMasterKeyID) ? byDefault.KMSMasterKeyID : AWS_MANAGED_S3_KEY,
    rule.BucketKeyEnabled ?? false,
    {},
    false,
    target,
  )
}

function kmsPlan(
  algorithm: 'aws:kms' | 'aws:kms:dsse',
  keyId: string,
  bucketKey: boolean,
  userContext: Record<string, string>,
  contextFromRequest: boolean,
  target: PlanTarget,
): SseKmsPlan {
  // S3 Bucket Keys are not supported for DSSE-KMS (S3 user guide, "Using dual-layer server-side
  // encryption"), so a dsse object never uses one.
  const bucketKeyEnabled = algorithm === 'aws:kms' && bucketKey
  // With a bucket key S3 names the bucket in the context instead of the object
  // (configuring-bucket-key.html, reference §2).
  const arn = bucketKeyEnabled
    ? bucketArn(target.bucket, target.region)
    : objectArn(target.bucket, target.key, target.region)
  const supplied = userContext['aws:s3:arn']
  if (supplied !== undefined && supplied !== arn) {
    // SPEC §4.1 rejects it; AWS's code and text are not captured (reference §2.1, open question
    // 5), so this is InvalidArgument with our own wording.
    throw new InvalidArgument(
      `The encryption context key aws:s3:arn must be ${arn} for this request`,
      CONTEXT_HEADER,
    )
  }
  return {
    kind: 'SSE-KMS',
    algorithm,
    keyId,
    encryptionContext: { ...userContext, 'aws:s3:arn': arn },
    contextFromRequest,
    bucketKeyEnabled,
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * `x-amz-server-side-encryption-context`: base64 of UTF-8 JSON holding a string→string map
 * (reference §2). The SDK sends whatever it is given, raw JSON included, so S3 must check.
 */
export function decodeContext(header: string): Record<string, string> {
  const malformed = () =>
    new InvalidArgument(
      "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map",
      CONTEXT_HEADER,
    )
  const bytes = strictBase64(header)
  if (bytes === undefined) throw malformed()
  let parsed: unknown
  try {
    parsed = JSON.parse(strictUtf8.decode(bytes))
  } catch {
    throw malformed()
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw malformed()
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw malformed()
    out[k] = v
  }
  return out
}

/** The context as the PUT response echoes it: base64 of its JSON. */
export function encodeContext(context: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(context), 'utf8').toString('base64')
}
