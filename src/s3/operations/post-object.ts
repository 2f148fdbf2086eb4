import { Secret } from '../../core/secret.js'
import { CHECKSUM_ALGORITHMS } from '../../crypto/checksums.js'
import { getBucket } from '../bucket.js'
import type { S3Context } from '../context.js'
import { InvalidArgument } from '../errors.js'
import { checkPostPolicy, parsePostPolicy } from '../post-policy.js'
import { authorizePostObject } from '../policy/authorize.js'
import type { ContentHeaders, EncryptionRequest } from '../shapes.js'
import { putObject, type PutObjectOutput, type PutObjectRequest } from './objects.js'
import type { LockRequest } from '../object-lock.js'
import type { Tag } from '../tagging.js'

/**
 * POST Object (browser-based upload): the form fields that precede the file, the file, and the
 * policy that authorises them. Field names are lower-case, as S3 matches them case-insensitively;
 * the protocol has checked the policy's signature when credentials are configured.
 */
export interface PostObjectRequest {
  Bucket: string
  Fields: ReadonlyMap<string, string>
  /** The `tagging` field's tags, decoded from its XML document. */
  TagSet?: readonly Tag[]
  /** The policy document's JSON text, base64 removed; undefined when the form has none. */
  Policy: string | undefined
  /** How the form is signed: SigV4 (`x-amz-algorithm` …), SigV2 (`AWSAccessKeyId`), or not. */
  Signature: 'sigv4' | 'sigv2' | 'anonymous'
  File: { Body: ReadableStream<Uint8Array>; Size: number; FileName?: string }
}

export interface PostObjectOutput extends PutObjectOutput {
  Bucket: string
  Key: string
  /** `success_action_status` / `success_action_redirect` as sent; the protocol shapes the answer. */
  SuccessActionStatus?: string
  SuccessActionRedirect?: string
}

const FIELD_TO_CONTENT: readonly (readonly [string, keyof ContentHeaders])[] = [
  ['cache-control', 'CacheControl'],
  ['content-disposition', 'ContentDisposition'],
  ['content-encoding', 'ContentEncoding'],
  ['content-language', 'ContentLanguage'],
  ['content-type', 'ContentType'],
]

const FIELD_TO_SSE: readonly (readonly [string, keyof EncryptionRequest])[] = [
  ['x-amz-server-side-encryption', 'ServerSideEncryption'],
  ['x-amz-server-side-encryption-aws-kms-key-id', 'SSEKMSKeyId'],
  ['x-amz-server-side-encryption-context', 'SSEKMSEncryptionContext'],
  ['x-amz-server-side-encryption-customer-algorithm', 'SSECustomerAlgorithm'],
  ['x-amz-server-side-encryption-customer-key-md5', 'SSECustomerKeyMD5'],
]
const CUSTOMER_KEY_FIELD = 'x-amz-server-side-encryption-customer-key'
/** Object Lock fields, named as the PutObject headers (POST Object API reference). */
const FIELD_TO_LOCK: readonly (readonly [string, keyof LockRequest])[] = [
  ['x-amz-object-lock-mode', 'ObjectLockMode'],
  ['x-amz-object-lock-retain-until-date', 'ObjectLockRetainUntilDate'],
  ['x-amz-object-lock-legal-hold', 'ObjectLockLegalHoldStatus'],
]

/**
 * The write the form describes, as PutObject takes it. Form field names are the header names S3
 * reads on a PUT (POST Object API reference, "Request body"), so the same encryption plan, checksum
 * and metadata rules apply.
 */
function putRequestOf(input: PostObjectRequest, key: string): PutObjectRequest {
  const fields = input.Fields
  const request: PutObjectRequest = {
    Bucket: input.Bucket,
    Key: key,
    Body: input.File.Body,
    ContentLength: input.File.Size,
    Metadata: {},
    ...(input.TagSet === undefined ? {} : { TagSet: input.TagSet }),
  }
  const out = request as unknown as Record<string, unknown>
  for (const [field, member] of [...FIELD_TO_CONTENT, ...FIELD_TO_SSE]) {
    const value = fields.get(field)
    if (value !== undefined) out[member] = value
  }
  // The SSE-C key becomes a Secret here, as the header does in the protocol (encryption/sse-c.ts).
  const customerKey = fields.get(CUSTOMER_KEY_FIELD)
  if (customerKey !== undefined) {
    request.SSECustomerKey = new Secret(new TextEncoder().encode(customerKey))
  }
  const expires = fields.get('expires')
  // Stored as given, as the Expires header is (codecs/common.ts).
  if (expires !== undefined) request.Expires = expires
  const bucketKey = fields.get('x-amz-server-side-encryption-bucket-key-enabled')
  if (bucketKey !== undefined) request.BucketKeyEnabled = bucketKey.toLowerCase() === 'true'
  const storageClass = fields.get('x-amz-storage-class')
  if (storageClass !== undefined) request.StorageClass = storageClass
  for (const [field, member] of FIELD_TO_LOCK) {
    const value = fields.get(field)
    if (value !== undefined) request[member] = value
  }
  for (const [name, value] of fields) {
    if (name.startsWith('x-amz-meta-')) {
      ;(request.Metadata ??= {})[name.slice('x-amz-meta-'.length)] = value
    }
  }
  const algorithm = CHECKSUM_ALGORITHMS.find((a) => fields.has(`x-amz-checksum-${a.toLowerCase()}`))
  if (algorithm !== undefined) {
    const expected = fields.get(`x-amz-checksum-${algorithm.toLowerCase()}`)
    request.checksum = { algorithm, expected: () => expected }
  }
  return request
}

/**
 * POST Object: the policy decides (expiry against the injected clock, every condition, no
 * unnamed field, the file size), then the file is stored exactly as PutObject stores a body,
 * encryption from the `x-amz-server-side-encryption*` fields or the bucket default. A SigV4-signed
 * form counts as SigV4 for the SSE-KMS rule, as its signature authenticates the request.
 */
export async function postObject(
  input: PostObjectRequest,
  ctx: S3Context,
): Promise<PostObjectOutput> {
  try {
    // Never the input itself: its fields may hold an SSE-C key (SPEC §5.6).
    ctx.notes.requestParameters = { bucketName: input.Bucket }
    const rawKey = input.Fields.get('key')
    if (rawKey === undefined) {
      throw new InvalidArgument(
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
        'key',
        '',
      )
    }
    ctx.notes.requestParameters = { bucketName: input.Bucket, key: rawKey }
    const bucket = getBucket(ctx, input.Bucket)
    // `${filename}` stands for the name of the uploaded file (POST Object API reference, "key").
    const key = rawKey.replaceAll('${filename}', input.File.FileName ?? '')
    // A form without a signed policy is an anonymous upload: the bucket policy must allow it.
    const signature = input.Policy === undefined ? 'anonymous' : input.Signature
    authorizePostObject(ctx, bucket, key, input.Fields, signature)
    if (input.Policy !== undefined) {
      const policy = parsePostPolicy(input.Policy)
      checkPostPolicy(
        policy,
        { bucket: bucket.name, fields: input.Fields, fileSize: input.File.Size },
        ctx.clock.now(),
      )
    }
    const written = await putObject(putRequestOf(input, key), {
      ...ctx,
      caller: { ...ctx.caller, signature: input.Signature },
    })
    const status = input.Fields.get('success_action_status')
    const redirect = input.Fields.get('success_action_redirect') ?? input.Fields.get('redirect')
    return {
      ...written,
      Bucket: bucket.name,
      Key: key,
      ...(status === undefined ? {} : { SuccessActionStatus: status }),
      ...(redirect === undefined ? {} : { SuccessActionRedirect: redirect }),
    }
  } catch (error) {
    if (!input.File.Body.locked) await input.File.Body.cancel(error).catch(() => undefined)
    throw error
  }
}
