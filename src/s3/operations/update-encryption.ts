import { type Bucket, bucketArn, everVersioned, objectArn } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { kmsErrorThroughS3 } from '../encryption/sse-kms.js'
import { sseS3DataKey } from '../encryption/sse-s3.js'
import {
  AccessDenied,
  InvalidRequest,
  MethodNotAllowed,
  NoSuchKey,
  NoSuchVersion,
} from '../errors.js'
import {
  deleteMarkerHeaders,
  type ObjectVersion,
  type SseKmsDescriptor,
} from '../object-version.js'
import { assertVersionId, commitEntries } from '../versioning.js'

/**
 * UpdateObjectEncryption (`PUT /{Bucket}/{Key+}?encryption`, 2026 model). The request document is
 * `<ObjectEncryption><SSE-KMS><KMSKeyArn/><BucketKeyEnabled/></SSE-KMS></ObjectEncryption>`, decoded
 * raw so that every rule (and its error) lives here.
 */
export interface UpdateObjectEncryptionRequest {
  Bucket: string
  Key: string
  VersionId?: string
  ObjectEncryption: { SSEKMS?: { KMSKeyArn?: string; BucketKeyEnabled?: string } }
}
/** The response carries no members (only `x-amz-request-charged`, never for our buckets). */
export type UpdateObjectEncryptionOutput = Record<string, never>

/**
 * Texts of the UpdateObjectEncryption API reference, "Errors" (AWS-doc; the JS SDK's copy spells
 * "AWS" out as "Amazon Web Services"). Not yet captured from AWS.
 */
const MESSAGES = {
  sigV4:
    'Requests that modify an object encryption configuration require AWS Signature Version 4. Modify the request to use AWS Signature Version 4, and then try again.',
  newType:
    'Requests that modify an object encryption configuration require a valid new encryption type. Valid values are SSEKMS. Modify the request to specify SSE-KMS for the updated encryption type, and then try again.',
  missingArn:
    "Requests that modify an object's encryption type to SSE-KMS require an AWS KMS key Amazon Resource Name (ARN). Modify the request to specify a KMS key ARN, and then try again.",
  invalidArn:
    "Requests that modify an object's encryption type to SSE-KMS require a valid AWS KMS key Amazon Resource Name (ARN). Confirm that you have a correctly formatted KMS key ARN in your request, and then try again.",
  bucketKey:
    "The BucketKeyEnabled value isn't valid. Valid values are true or false. Modify the request to specify a valid value, and then try again.",
  sourceType:
    "The UpdateObjectEncryption operation doesn't support source objects with the encryption type DSSE-KMS or SSE-C. Only source objects encrypted with SSE-S3 or SSE-KMS are supported.",
  otherAccount:
    'The AWS KMS key in the request must be owned by the same account as the bucket. Modify the request to specify a KMS key from the same account, and then try again.',
} as const

/** The model's pattern for `KMSKeyArn`: a key ARN, never an alias or a bare key id. */
const KEY_ARN = /^arn:aws[a-zA-Z0-9-]*:kms:[a-z0-9-]+:([0-9]{12}):key\/[a-zA-Z0-9-]+$/

interface Target {
  keyArn: string
  bucketKeyEnabled: boolean
}

function targetOf(input: UpdateObjectEncryptionRequest, ctx: S3Context): Target {
  if (ctx.caller.signature !== 'sigv4') throw new InvalidRequest(MESSAGES.sigV4)
  const kms = input.ObjectEncryption.SSEKMS
  if (kms === undefined) throw new InvalidRequest(MESSAGES.newType)
  const arn = kms.KMSKeyArn?.trim()
  if (arn === undefined || arn === '') throw new InvalidRequest(MESSAGES.missingArn)
  const match = KEY_ARN.exec(arn)
  if (match === null) throw new InvalidRequest(MESSAGES.invalidArn)
  const bucketKey = kms.BucketKeyEnabled
  if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false') {
    throw new InvalidRequest(MESSAGES.bucketKey)
  }
  if (match[1] !== ctx.accountId) throw new AccessDenied(MESSAGES.otherAccount)
  return { keyArn: arn, bucketKeyEnabled: bucketKey === 'true' }
}

/** The version to re-key: as a read resolves it (delete markers cannot be re-keyed). */
function versionToUpdate(bucket: Bucket, key: string, versionId: string | undefined) {
  const entries = bucket.objects.get(key) ?? []
  const versioned = everVersioned(bucket)
  if (versionId === undefined) {
    const current = entries[0]
    if (current === undefined) throw new NoSuchKey(key)
    if (current.kind === 'deleteMarker') {
      throw new NoSuchKey(key, deleteMarkerHeaders(current, versioned))
    }
    return current
  }
  assertVersionId(versionId)
  const entry = entries.find((e) => e.versionId === versionId)
  if (entry === undefined) throw new NoSuchVersion(key, versionId)
  if (entry.kind === 'deleteMarker') {
    throw new MethodNotAllowed('PUT', 'DeleteMarker', deleteMarkerHeaders(entry, versioned))
  }
  return entry
}

/**
 * Re-wraps the object's data key under the new KMS key. Which KMS calls S3 makes is not documented
 * beyond the permissions it asks for (kms:Encrypt, kms:Decrypt, kms:GenerateDataKey,
 * kms:ReEncrypt*; UpdateObjectEncryption API reference): an SSE-S3 data key is held by S3, so it is
 * wrapped with `Encrypt`; an SSE-KMS data key is moved with `ReEncrypt`, which decrypts under the
 * old key and encrypts under the new one inside KMS, the plaintext never leaving it. Both are
 * audited as S3's calls. The context keeps the user's pairs; `aws:s3:arn` names the object, or the
 * bucket with a bucket key (reference §2).
 */
async function rewrap(
  ctx: S3Context,
  bucket: Bucket,
  version: ObjectVersion,
  target: Target,
): Promise<SseKmsDescriptor> {
  const current = version.encryption
  if (current.kind === 'SSE-C' || (current.kind === 'SSE-KMS' && current.algorithm !== 'aws:kms')) {
    throw new InvalidRequest(MESSAGES.sourceType)
  }
  const userPairs = current.kind === 'SSE-KMS' ? { ...current.encryptionContext } : {}
  delete userPairs['aws:s3:arn']
  const context = {
    ...userPairs,
    'aws:s3:arn': target.bucketKeyEnabled
      ? bucketArn(bucket.name, bucket.region)
      : objectArn(bucket.name, version.key, bucket.region),
  }
  try {
    const wrapped =
      current.kind === 'SSE-S3'
        ? await ctx.keys.encrypt({
            keyId: target.keyArn,
            plaintext: sseS3DataKey(ctx.s3.rootKey, current),
            encryptionContext: context,
            region: bucket.region,
          })
        : await ctx.keys.reEncrypt({
            ciphertextBlob: current.wrappedDataKey,
            sourceEncryptionContext: { ...current.encryptionContext },
            destinationKeyId: target.keyArn,
            destinationEncryptionContext: context,
            region: bucket.region,
          })
    return {
      kind: 'SSE-KMS',
      algorithm: 'aws:kms',
      keyArn: wrapped.keyArn,
      encryptionContext: context,
      bucketKeyEnabled: target.bucketKeyEnabled,
      wrappedDataKey: wrapped.ciphertextBlob,
    }
  } catch (error) {
    throw kmsErrorThroughS3(error)
  }
}

/**
 * UpdateObjectEncryption: SSE-S3 → SSE-KMS, or SSE-KMS under another key (SPEC §4.1), without
 * rewriting the data: the version keeps its blobs, ETag, checksum and last-modified date; only its
 * wrapped data key changes ("preserves all object metadata properties", API reference).
 */
export async function updateObjectEncryption(
  input: UpdateObjectEncryptionRequest,
  ctx: S3Context,
): Promise<UpdateObjectEncryptionOutput> {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  if (input.VersionId !== undefined) {
    ctx.notes.requestParameters = { ...ctx.notes.requestParameters, versionId: input.VersionId }
  }
  const target = targetOf(input, ctx)
  const version = versionToUpdate(bucket, input.Key, input.VersionId)
  const encryption = await rewrap(ctx, bucket, version, target)

  // Commit: the same version (same body object) with its new envelope, where it stands now.
  const entries = ctx.s3.buckets.get(bucket.name)?.objects.get(input.Key) ?? []
  if (ctx.s3.buckets.get(bucket.name) !== bucket || !entries.includes(version)) {
    throw new NoSuchKey(input.Key)
  }
  const updated: ObjectVersion = { ...version, encryption }
  commitEntries(
    bucket,
    input.Key,
    entries.map((e) => (e === version ? updated : e)),
  )
  return {}
}
