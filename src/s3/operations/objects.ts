import { ObjectBody } from '../blob-store.js'
import { type Bucket, everVersioned, objectArn } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { dataKeyOf, encryptionOutput, newDataKey } from '../encryption/envelope.js'
import { encodeContext, planEncryption } from '../encryption/plan.js'
import { InvalidStorageClass, KeyTooLongError, MalformedXML, NoSuchBucket } from '../errors.js'
import { type HeadObjectOutput, prepareRead, type ReadObjectRequest } from '../object-read.js'
import { deleteRefusal } from '../policy/authorize.js'
import {
  checksumOutput,
  type DeleteMarker,
  type ObjectVersion,
  type VersionEntry,
} from '../object-version.js'
import { type BodyIntegrity, ingestBody, precheckBody } from '../object-write.js'
import type { AclRequest } from '../access-control.js'
import { emitObjectEvent } from '../events.js'
import { expirationOutput } from '../lifecycle-engine.js'
import { assertLockIntegrity, type LockRequest, lockOfWrite } from '../object-lock.js'
import { assertBypassApplicable, permanentDeleteRefusal } from './object-lock.js'
import { writeAcl } from './acl.js'
import { parseTaggingHeader, type Tag, validObjectTags } from '../tagging.js'
import {
  type ChecksumOutput,
  type ContentHeaders,
  type EncryptionOutput,
  type EncryptionRequest,
  STORAGE_CLASSES,
  type StorageClass,
} from '../shapes.js'
import {
  commitEntries,
  type DeletionResult,
  entriesAfterWrite,
  isWellFormedVersionId,
  assertVersionId,
  planDeletion,
  versionIdFor,
} from '../versioning.js'

export type { HeadObjectOutput, ReadObjectRequest }

/** Object keys are at most 1024 bytes of UTF-8 (S3 user guide, "Naming Amazon S3 objects"). */
const MAX_KEY_BYTES = 1024

export interface PutObjectRequest
  extends EncryptionRequest, ContentHeaders, BodyIntegrity, AclRequest, LockRequest {
  Bucket: string
  Key: string
  /** The decoded body (aws-chunked framing already removed by the protocol). */
  Body: ReadableStream<Uint8Array>
  /** The declared decoded length; the body must deliver exactly this many bytes. */
  ContentLength?: number
  Metadata?: Record<string, string>
  StorageClass?: string
  /** `x-amz-tagging`, as sent: URL query parameters (tagging.ts). */
  Tagging?: string
  /** Tags already decoded (a POST form's `tagging` document); used instead of `Tagging`. */
  TagSet?: readonly Tag[]
}
export interface PutObjectOutput extends EncryptionOutput, ChecksumOutput {
  ETag: string
  VersionId?: string
  /** base64 JSON of the context sent to KMS, when the request carried one. */
  SSEKMSEncryptionContext?: string
  /** `x-amz-expiration` of a lifecycle rule the new object matches. */
  Expiration?: string
}

/** The tags an `x-amz-tagging` header sets on a new object, validated (none without one). */
export function tagsOfHeader(header: string | undefined): readonly Tag[] {
  return header === undefined ? [] : validObjectTags(parseTaggingHeader(header))
}

export function assertKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new KeyTooLongError()
}

export function storageClassOf(value: string | undefined): StorageClass {
  if (value === undefined) return 'STANDARD'
  if (!(STORAGE_CLASSES as readonly string[]).includes(value)) throw new InvalidStorageClass(value)
  return value as StorageClass
}

/** S3 stores user metadata keys in lower case (they travel as case-insensitive headers). */
export function normaliseMetadata(
  metadata: Record<string, string> | undefined,
): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
}

export function contentHeadersOf(input: ContentHeaders): ContentHeaders {
  const { CacheControl, ContentDisposition, ContentEncoding, ContentLanguage, ContentType } = input
  return {
    ...(CacheControl === undefined ? {} : { CacheControl }),
    ...(ContentDisposition === undefined ? {} : { ContentDisposition }),
    ...(ContentEncoding === undefined ? {} : { ContentEncoding }),
    ...(ContentLanguage === undefined ? {} : { ContentLanguage }),
    // S3's default for a PUT without one (the SDK always sends one).
    ContentType: ContentType ?? 'binary/octet-stream',
    ...(input.Expires === undefined ? {} : { Expires: input.Expires }),
  }
}

/** The bucket at commit time: a PUT that outlived its bucket must not resurrect it. */
export function liveBucket(ctx: S3Context, bucket: Bucket): Bucket {
  if (ctx.s3.buckets.get(bucket.name) !== bucket) throw new NoSuchBucket(bucket.name)
  return bucket
}

/**
 * PutObject: validate, plan the encryption, get a data key (KMS GenerateDataKey for SSE-KMS),
 * stream the body through MD5 + checksum + segment encryption, verify digests, then commit the
 * version in one step. Any failure leaves the bucket as it was (DESIGN §3 rule 4).
 */
export async function putObject(input: PutObjectRequest, ctx: S3Context): Promise<PutObjectOutput> {
  try {
    const bucket = requestBucket(ctx, input.Bucket, input.Key)
    assertKey(input.Key)
    const storageClass = storageClassOf(input.StorageClass)
    const tags =
      input.TagSet === undefined ? tagsOfHeader(input.Tagging) : validObjectTags(input.TagSet)
    const lock = lockOfWrite(bucket.objectLock, input, ctx.clock.now())
    assertLockIntegrity(lock, input, 'Put Object')
    const acl = writeAcl(input, bucket, ctx)
    const plan = planEncryption(input, bucket.encryption, {
      bucket: bucket.name,
      key: input.Key,
      region: bucket.region,
      signature: ctx.caller.signature,
      secure: ctx.caller.secure,
    })
    precheckBody(input, input.ContentLength)
    const { dataKey, descriptor } = await newDataKey(ctx, plan, bucket)
    // SSE-S3 ETags are the body's MD5; SSE-KMS and SSE-C ones are not, and differ per PUT
    // (reference §1.2, §2), so only SSE-S3 bodies are hashed with MD5 (when no Content-MD5 came).
    const sseS3 = descriptor.kind === 'SSE-S3'
    const body = await ingestBody(input.Body, input.ContentLength, input, dataKey, ctx.random, {
      md5: sseS3,
    })
    const etagHex =
      sseS3 && body.md5 !== undefined
        ? Buffer.from(body.md5).toString('hex')
        : Buffer.from(ctx.random.bytes(16)).toString('hex')

    const live = liveBucket(ctx, bucket)
    const version: ObjectVersion = {
      kind: 'object',
      key: input.Key,
      versionId: versionIdFor(live, ctx.random),
      lastModified: ctx.clock.now(),
      size: body.blob.size,
      eTag: `"${etagHex}"`,
      contentHeaders: contentHeadersOf(input),
      metadata: normaliseMetadata(input.Metadata),
      checksum: body.checksum,
      storageClass,
      encryption: descriptor,
      body: new ObjectBody([body.blob]),
      ...(tags.length === 0 ? {} : { tags }),
      ...acl,
      ...lock,
    }
    commitEntries(live, input.Key, entriesAfterWrite(live.objects.get(input.Key), version, live))
    emitObjectEvent(ctx, 'ObjectCreated:Put', live, input.Key, version)
    return {
      ETag: version.eTag,
      ...checksumOutput(version.checksum),
      ...encryptionOutput(descriptor),
      ...(plan.kind === 'SSE-KMS' && plan.contextFromRequest
        ? { SSEKMSEncryptionContext: encodeContext(plan.encryptionContext) }
        : {}),
      ...(everVersioned(live) ? { VersionId: version.versionId } : {}),
      ...expirationOutput(live, version),
    }
  } catch (error) {
    // Release the producer (aws-chunked decoder, socket) of a body that will not be read. Not
    // awaited: a fetch() request body's cancel settles only once the client stops sending, which
    // it may do only after our error response (it hung the response for good).
    if (!input.Body.locked) input.Body.cancel(error).catch(() => undefined)
    throw error
  }
}

function readBucket(input: ReadObjectRequest, ctx: S3Context): Bucket {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  if (input.VersionId !== undefined) {
    ctx.notes.requestParameters = { ...ctx.notes.requestParameters, versionId: input.VersionId }
  }
  return bucket
}

export type GetObjectRequest = ReadObjectRequest
export interface GetObjectOutput extends HeadObjectOutput {
  /** Decrypted lazily, segment by segment, as the consumer reads. */
  Body: ReadableStream<Uint8Array>
}

/** GetObject: resolves the read, unwraps the data key (KMS Decrypt for SSE-KMS), streams. */
export async function getObject(input: GetObjectRequest, ctx: S3Context): Promise<GetObjectOutput> {
  const bucket = readBucket(input, ctx)
  const read = prepareRead(ctx, bucket, input, 'GET')
  const dataKey = await dataKeyOf(ctx, read.version.encryption, bucket, read.customerKey)
  const body =
    read.range === undefined
      ? read.version.body.read(dataKey)
      : read.version.body.read(dataKey, read.range.start, read.range.end)
  return { ...read.output, Body: body }
}

export type HeadObjectRequest = ReadObjectRequest

/**
 * HeadObject: the same answer as GET without a body. KMS is called only to return a checksum:
 * "If you enable checksum mode and the object is … encrypted with a KMS key, you must have
 * permission to use the kms:Decrypt action to retrieve the checksum" (HeadObject API reference).
 */
export async function headObject(
  input: HeadObjectRequest,
  ctx: S3Context,
): Promise<HeadObjectOutput> {
  const bucket = readBucket(input, ctx)
  const read = prepareRead(ctx, bucket, input, 'HEAD')
  if (input.ChecksumMode === 'ENABLED' && read.version.encryption.kind === 'SSE-KMS') {
    await dataKeyOf(ctx, read.version.encryption, bucket)
  }
  return read.output
}

export interface DeleteObjectRequest {
  Bucket: string
  Key: string
  VersionId?: string
  /** `x-amz-bypass-governance-retention`, when sent (Object Lock buckets only). */
  BypassGovernanceRetention?: boolean
}
export type DeleteObjectOutput = DeletionResult

function newMarker(ctx: S3Context, bucket: Bucket, key: string): DeleteMarker {
  return {
    kind: 'deleteMarker',
    key,
    versionId: versionIdFor(bucket, ctx.random),
    lastModified: ctx.clock.now(),
  }
}

/** The refusal of deleting `versionId` of `key` for good, when Object Lock protects it. */
function lockedDeletion(
  ctx: S3Context,
  bucket: Bucket,
  existing: readonly VersionEntry[] | undefined,
  versionId: string | undefined,
  bypass: boolean | undefined,
) {
  if (versionId === undefined || bucket.objectLock === undefined) return undefined
  const target = existing?.find((e) => e.versionId === versionId)
  if (target?.kind !== 'object') return undefined
  return permanentDeleteRefusal(ctx, bucket, target, bypass === true)
}

/**
 * DeleteObject: removes a version, or the object, or adds a delete marker (versioning.ts). A
 * version Object Lock protects is refused with 403; a simple delete still adds a marker ("Delete
 * markers are not WORM-protected", user guide).
 */
export function deleteObject(input: DeleteObjectRequest, ctx: S3Context): DeleteObjectOutput {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  if (input.VersionId !== undefined) assertVersionId(input.VersionId)
  assertBypassApplicable(bucket, input.BypassGovernanceRetention)
  const existing = bucket.objects.get(input.Key)
  const locked = lockedDeletion(
    ctx,
    bucket,
    existing,
    input.VersionId,
    input.BypassGovernanceRetention,
  )
  if (locked !== undefined) throw locked
  const { entries, result } = planDeletion(bucket, input.Key, existing, input.VersionId, () =>
    newMarker(ctx, bucket, input.Key),
  )
  commitEntries(bucket, input.Key, entries)
  announceDeletion(ctx, bucket, input.Key, entries, result)
  return result
}

/**
 * ObjectRemoved:DeleteMarkerCreated when a delete added a marker, else ObjectRemoved:Delete,
 * also for a key that did not exist (_uncaptured_: as MinIO does after minio/minio#19037).
 */
function announceDeletion(
  ctx: S3Context,
  bucket: Bucket,
  key: string,
  entries: readonly VersionEntry[],
  result: DeletionResult,
): void {
  if (bucket.notification === undefined || ctx.events === undefined) return
  const marker = result.DeleteMarker === true && entries[0]?.versionId === result.VersionId
  const name = marker ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectRemoved:Delete'
  const removed =
    result.VersionId === undefined
      ? undefined
      : {
          kind: marker ? ('deleteMarker' as const) : ('removed' as const),
          versionId: result.VersionId,
        }
  emitObjectEvent(ctx, name, bucket, key, removed)
}

export interface DeleteObjectsRequest {
  Bucket: string
  Delete: { Objects: { Key: string; VersionId?: string }[]; Quiet?: boolean }
  BypassGovernanceRetention?: boolean
}
export interface DeletedObject {
  Key: string
  VersionId?: string
  DeleteMarker?: boolean
  DeleteMarkerVersionId?: string
}
export interface DeleteObjectsError {
  Key: string
  VersionId?: string
  Code: string
  Message: string
}
export interface DeleteObjectsOutput {
  Deleted?: DeletedObject[]
  Errors?: DeleteObjectsError[]
}

/** At most 1000 keys per request (DeleteObjects API reference). */
const MAX_DELETE_KEYS = 1000

/**
 * DeleteObjects: each key as DeleteObject would delete it, errors reported per key; all changes
 * are staged and committed together at the end. Quiet mode reports only the errors.
 */
export function deleteObjects(input: DeleteObjectsRequest, ctx: S3Context): DeleteObjectsOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  const objects = input.Delete.Objects
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw new MalformedXML()
  assertBypassApplicable(bucket, input.BypassGovernanceRetention)
  const staged = new Map<string, VersionEntry[]>()
  const deleted: DeletedObject[] = []
  const errors: DeleteObjectsError[] = []
  const outcomes: [string, VersionEntry[], DeletionResult][] = []
  for (const { Key, VersionId } of objects) {
    if (VersionId !== undefined && !isWellFormedVersionId(VersionId)) {
      errors.push({
        Key,
        VersionId,
        Code: 'NoSuchVersion',
        Message: 'The specified version does not exist.',
      })
      continue
    }
    const existing = staged.get(Key) ?? bucket.objects.get(Key)
    const refused =
      deleteRefusal(ctx, bucket, Key, VersionId) ??
      lockedDeletion(ctx, bucket, existing, VersionId, input.BypassGovernanceRetention)
    if (refused !== undefined) {
      const version = VersionId === undefined ? {} : { VersionId }
      errors.push({ Key, ...version, Code: refused.code, Message: refused.message })
      continue
    }
    const { entries, result } = planDeletion(bucket, Key, existing, VersionId, () =>
      newMarker(ctx, bucket, Key),
    )
    staged.set(Key, entries)
    outcomes.push([Key, entries, result])
    deleted.push(deletedEntry(Key, VersionId, result))
  }
  for (const [key, entries] of staged) commitEntries(bucket, key, entries)
  for (const [key, entries, result] of outcomes) announceDeletion(ctx, bucket, key, entries, result)
  for (const { Key } of objects) {
    ctx.notes.resources.push({
      ARN: objectArn(bucket.name, Key, bucket.region),
      accountId: ctx.accountId,
      type: 'AWS::S3::Object',
    })
  }
  return {
    ...(input.Delete.Quiet === true || deleted.length === 0 ? {} : { Deleted: deleted }),
    ...(errors.length === 0 ? {} : { Errors: errors }),
  }
}

/** DeleteObjects reports a marker it created as `DeleteMarkerVersionId`, a removed version by id. */
function deletedEntry(
  key: string,
  requested: string | undefined,
  result: DeletionResult,
): DeletedObject {
  if (requested !== undefined) {
    return {
      Key: key,
      VersionId: requested,
      ...(result.DeleteMarker === true
        ? { DeleteMarker: true, DeleteMarkerVersionId: requested }
        : {}),
    }
  }
  return {
    Key: key,
    ...(result.DeleteMarker === true && result.VersionId !== undefined
      ? { DeleteMarker: true, DeleteMarkerVersionId: result.VersionId }
      : {}),
  }
}
