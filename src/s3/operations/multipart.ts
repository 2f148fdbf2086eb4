import { emitObjectEvent } from '../events.js'
import { ObjectBody } from '../blob-store.js'
import { abortOutput } from '../lifecycle-engine.js'
import { assertLockIntegrity, type LockRequest, lockOfWrite } from '../object-lock.js'
import { everVersioned } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { dataKeyOf, encryptionOutput, newDataKey } from '../encryption/envelope.js'
import { encodeContext, planEncryption } from '../encryption/plan.js'
import { checksumOutput, type ObjectVersion } from '../object-version.js'
import { type BodyIntegrity, precheckBody } from '../object-write.js'
import type {
  ChecksumAlgorithm,
  ChecksumOutput,
  ChecksumType,
  ContentHeaders,
  EncryptionOutput,
  EncryptionRequest,
} from '../shapes.js'
import { assembleUpload, type CompletionRequest } from '../upload-completion.js'
import {
  assertPartNumber,
  checksumMember,
  commitPart,
  findUpload,
  ingestPart,
  newUploadId,
  endUpload,
  noteUpload,
  partChecksumPlan,
  type PartEncryptionRequest,
  partCustomerKey,
  uploadChecksumOf,
  uploadEnded,
} from '../uploads.js'
import { type MultipartUpload } from '../upload.js'
import { commitEntries, entriesAfterWrite, versionIdFor } from '../versioning.js'
import {
  assertKey,
  contentHeadersOf,
  liveBucket,
  normaliseMetadata,
  tagsOfHeader,
  storageClassOf,
} from './objects.js'

import type { AclRequest } from '../access-control.js'
import { writeAcl } from './acl.js'

export type { CompletedPart } from '../upload-completion.js'

export interface CreateMultipartUploadRequest
  extends EncryptionRequest, ContentHeaders, AclRequest, LockRequest {
  Bucket: string
  Key: string
  Metadata?: Record<string, string>
  StorageClass?: string
  /** `x-amz-checksum-algorithm`, raw; validated here. */
  ChecksumAlgorithm?: string
  /** `x-amz-checksum-type`, raw. */
  ChecksumType?: string
  /** `x-amz-tagging`, as sent. */
  Tagging?: string
}
export interface CreateMultipartUploadOutput extends EncryptionOutput {
  Bucket: string
  Key: string
  UploadId: string
  SSEKMSEncryptionContext?: string
  ChecksumAlgorithm?: ChecksumAlgorithm
  ChecksumType?: ChecksumType
  AbortDate?: Date
  AbortRuleId?: string
}

/**
 * CreateMultipartUpload: decides the object's encryption (request or bucket default, the same
 * plan as PutObject) and checksum mode once. SSE-KMS asks KMS for one data key here and keeps
 * only its wrapped form, so the audit log shows one GenerateDataKey per upload.
 */
export async function createMultipartUpload(
  input: CreateMultipartUploadRequest,
  ctx: S3Context,
): Promise<CreateMultipartUploadOutput> {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  assertKey(input.Key)
  const storageClass = storageClassOf(input.StorageClass)
  const checksum = uploadChecksumOf(input.ChecksumAlgorithm, input.ChecksumType)
  const tags = tagsOfHeader(input.Tagging)
  // The lock (headers or the bucket's default) is fixed now: the object's creation time is the
  // upload's initiation, which S3 gives the completed object as LastModified.
  const lock = lockOfWrite(bucket.objectLock, input, ctx.clock.now())
  const acl = writeAcl(input, bucket, ctx)
  const plan = planEncryption(input, bucket.encryption, {
    bucket: bucket.name,
    key: input.Key,
    region: bucket.region,
    signature: ctx.caller.signature,
    secure: ctx.caller.secure,
  })
  // The plaintext key is dropped: parts unwrap the stored one, as S3 does (uploads.ts).
  const { descriptor } = await newDataKey(ctx, plan, bucket)
  const upload: MultipartUpload = {
    uploadId: newUploadId(ctx.random),
    bucket: liveBucket(ctx, bucket),
    key: input.Key,
    initiated: ctx.clock.now(),
    storageClass,
    contentHeaders: contentHeadersOf(input),
    metadata: normaliseMetadata(input.Metadata),
    ...(tags.length === 0 ? {} : { tags }),
    ...acl,
    lock,
    encryption: descriptor,
    checksum,
    parts: new Map(),
  }
  ctx.s3.uploads.set(upload.uploadId, upload)
  noteUpload(ctx, upload.uploadId)
  return {
    Bucket: bucket.name,
    Key: input.Key,
    UploadId: upload.uploadId,
    ...encryptionOutput(descriptor),
    ...(plan.kind === 'SSE-KMS' && plan.contextFromRequest
      ? { SSEKMSEncryptionContext: encodeContext(plan.encryptionContext) }
      : {}),
    ...(checksum === undefined
      ? {}
      : { ChecksumAlgorithm: checksum.algorithm, ChecksumType: checksum.type }),
    ...abortOutput(bucket, upload.key, upload.initiated),
  }
}

export interface UploadPartRequest extends PartEncryptionRequest, BodyIntegrity {
  Bucket: string
  Key: string
  UploadId: string
  PartNumber: number
  /** The decoded body (aws-chunked framing already removed by the protocol). */
  Body: ReadableStream<Uint8Array>
  ContentLength?: number
}
export interface UploadPartOutput extends EncryptionOutput, Omit<ChecksumOutput, 'ChecksumType'> {
  ETag: string
}

/**
 * UploadPart: streams the part through MD5, its checksums and encryption under the upload's data
 * key (SSE-KMS: KMS Decrypt of the wrapped key, audited), then stores it; a failed part adds
 * nothing and earlier parts stay.
 */
export async function uploadPart(
  input: UploadPartRequest,
  ctx: S3Context,
): Promise<UploadPartOutput> {
  try {
    const bucket = requestBucket(ctx, input.Bucket, input.Key)
    noteUpload(ctx, input.UploadId, input.PartNumber)
    assertPartNumber(input.PartNumber)
    const upload = findUpload(ctx, bucket, input.Key, input.UploadId)
    // The object will be locked (CreateMultipartUpload's headers or the bucket's default then).
    assertLockIntegrity(upload.lock, input, 'Put Part')
    const customerKey = partCustomerKey(ctx, upload, input)
    const plan = partChecksumPlan(upload, input.checksum?.algorithm)
    precheckBody(input, input.ContentLength)
    const dataKey = await dataKeyOf(ctx, upload.encryption, bucket, customerKey)
    const body = await ingestPart(
      input.Body,
      input.ContentLength,
      input,
      plan.compute,
      dataKey,
      ctx.random,
      { md5: upload.encryption.kind === 'SSE-S3' },
    )
    const part = commitPart(ctx, upload, input.PartNumber, body, plan)
    return {
      ETag: part.eTag,
      ...encryptionOutput(upload.encryption),
      ...checksumMember(part.reported, part.checksums),
    }
  } catch (error) {
    // Release the producer (aws-chunked decoder, socket) of a body that will not be read.
    // Not awaited: a fetch() body's cancel may settle only after our error response is sent.
    if (!input.Body.locked) input.Body.cancel(error).catch(() => undefined)
    throw error
  }
}

export interface CompleteMultipartUploadRequest extends CompletionRequest, PartEncryptionRequest {
  Bucket: string
  Key: string
}
export interface CompleteMultipartUploadOutput extends EncryptionOutput, ChecksumOutput {
  Bucket: string
  Key: string
  ETag: string
  VersionId?: string
}

/**
 * CompleteMultipartUpload: validates the listed parts (upload-completion.ts), then commits one
 * object version whose body is the parts' blobs in order, already encrypted under the upload's
 * data key: no KMS call, no re-encryption, no copy. LastModified is the upload's initiation time,
 * as on S3. SSE-C uploads need no key here (reference §1.2).
 */
export function completeMultipartUpload(
  input: CompleteMultipartUploadRequest,
  ctx: S3Context,
): CompleteMultipartUploadOutput {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  noteUpload(ctx, input.UploadId)
  const upload = findUpload(ctx, bucket, input.Key, input.UploadId)
  const assembled = assembleUpload(upload, input)
  const version: ObjectVersion = {
    kind: 'object',
    key: upload.key,
    versionId: versionIdFor(bucket, ctx.random),
    lastModified: upload.initiated,
    size: assembled.size,
    eTag: assembled.eTag,
    contentHeaders: upload.contentHeaders,
    metadata: upload.metadata,
    checksum: assembled.checksum,
    parts: assembled.layouts,
    storageClass: upload.storageClass,
    encryption: upload.encryption,
    body: new ObjectBody(assembled.parts.map((p) => p.blob)),
    ...(upload.tags === undefined ? {} : { tags: upload.tags }),
    ...(upload.acl === undefined ? {} : { acl: upload.acl }),
    ...upload.lock,
  }
  commitEntries(
    bucket,
    upload.key,
    entriesAfterWrite(bucket.objects.get(upload.key), version, bucket),
  )
  endUpload(ctx, upload)
  emitObjectEvent(ctx, 'ObjectCreated:CompleteMultipartUpload', bucket, upload.key, version)
  return {
    Bucket: bucket.name,
    Key: upload.key,
    ETag: version.eTag,
    ...checksumOutput(version.checksum),
    // Complete answers with neither SSE-C header (reference §1.2, AWS-captured).
    ...(upload.encryption.kind === 'SSE-C' ? {} : encryptionOutput(upload.encryption)),
    ...(everVersioned(bucket) ? { VersionId: version.versionId } : {}),
  }
}

export interface AbortMultipartUploadRequest {
  Bucket: string
  Key: string
  UploadId: string
}

/**
 * AbortMultipartUpload: the upload and its parts are gone; later part writes get NoSuchUpload.
 * An upload completed or aborted lately answers 204 again and changes nothing (S3 does; clean-up
 * code aborts whatever it opened). An id never seen stays NoSuchUpload.
 */
export function abortMultipartUpload(
  input: AbortMultipartUploadRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  noteUpload(ctx, input.UploadId)
  if (uploadEnded(ctx, bucket, input.Key, input.UploadId)) return {}
  const upload = findUpload(ctx, bucket, input.Key, input.UploadId)
  endUpload(ctx, upload)
  return {}
}
