import { emitObjectEvent } from '../events.js'
import type { Secret } from '../../core/secret.js'
import { type LockRequest, lockOfWrite } from '../object-lock.js'
import type { AclRequest } from '../access-control.js'
import { writeAcl } from './acl.js'
import type { ChecksumAlgorithm } from '../../crypto/checksums.js'
import { ObjectBody, writeBlob } from '../blob-store.js'
import { type Bucket, everVersioned, noteResources } from '../bucket.js'
import { getBucket, requestBucket } from '../bucket-lookup.js'
import { checkCopySourceConditions, type CopySourceConditions } from '../conditional.js'
import type { S3Context } from '../context.js'
import { dataKeyOf, encryptionOutput, newDataKey } from '../encryption/envelope.js'
import { encodeContext, planEncryption } from '../encryption/plan.js'
import { copySourceMembers, customerKeyForRead } from '../encryption/sse-c.js'
import {
  AccessDenied,
  InvalidArgument,
  InvalidRequest,
  NoSuchKey,
  NoSuchVersion,
} from '../errors.js'
import {
  checksumOutput,
  type EncryptionDescriptor,
  type ObjectVersion,
  type StoredAnnotation,
} from '../object-version.js'
import { assertReadable } from '../restore.js'
import { ingestBody, MAX_PUT_SIZE } from '../object-write.js'
import type {
  ChecksumOutput,
  ContentHeaders,
  EncryptionOutput,
  EncryptionRequest,
} from '../shapes.js'
import { assertVersionId, commitEntries, entriesAfterWrite, versionIdFor } from '../versioning.js'
import {
  assertKey,
  contentHeadersOf,
  liveBucket,
  normaliseMetadata,
  storageClassOf,
  tagsOfHeader,
} from './objects.js'

/** `x-amz-copy-source` once parsed: which object (and version) to copy. */
export interface CopySourceLocation {
  Bucket: string
  Key: string
  VersionId?: string
}

/** The copy-source SSE-C trio, passed raw: the SSE-C rules apply them (reference §1.2). */
export interface CopySourceCustomerKey {
  CopySourceSSECustomerAlgorithm?: string
  /** The header's base64 text, secret (`encryption/sse-c.ts`). */
  CopySourceSSECustomerKey?: Secret
  CopySourceSSECustomerKeyMD5?: string
}

/**
 * CopyObject's request. The encryption members describe the destination only (SPEC §4.1); the
 * content headers and metadata count only with `MetadataDirective: REPLACE`.
 */
export interface CopyObjectRequest
  extends
    EncryptionRequest,
    ContentHeaders,
    CopySourceConditions,
    CopySourceCustomerKey,
    AclRequest,
    LockRequest {
  Bucket: string
  Key: string
  CopySource: CopySourceLocation
  /** `COPY` (the default) or `REPLACE`, raw so the operation can refuse anything else. */
  MetadataDirective?: string
  Metadata?: Record<string, string>
  StorageClass?: string
  /** The flexible checksum to compute for the copy (`x-amz-checksum-algorithm`). */
  ChecksumAlgorithm?: ChecksumAlgorithm
  /** `x-amz-tagging-directive`: `COPY` (the default) keeps the source's tags; `REPLACE` takes `Tagging`. */
  TaggingDirective?: string
  Tagging?: string
  /** `x-amz-object-annotation-directive`: `COPY` (the default) or `EXCLUDE`, raw. */
  AnnotationDirective?: string
}

export interface CopyObjectResult extends ChecksumOutput {
  ETag: string
  LastModified: Date
}

export interface CopyObjectOutput extends EncryptionOutput {
  CopyObjectResult: CopyObjectResult
  /** The new version, when the destination bucket was ever versioned. */
  VersionId?: string
  /** The version copied, when the source bucket was ever versioned. */
  CopySourceVersionId?: string
  /** base64 JSON of the context sent to KMS, when the request carried one. */
  SSEKMSEncryptionContext?: string
}

/** Reference §2.1 `copy-object-in-place-no-change` [AWS-cap]. */
const COPY_TO_ITSELF =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."

/**
 * The version a copy reads. A current delete marker is NoSuchKey; a delete marker named by version
 * id is refused (S3 cannot copy a marker), as are malformed and unknown version ids. An archived
 * version is copied only once restored, GetObject's rule (checked before the copy-source
 * conditions, as LocalStack orders them; S3's order is _uncaptured_).
 */
export function copySourceVersion(
  bucket: Bucket,
  source: CopySourceLocation,
  now: Date,
): ObjectVersion {
  const version = sourceEntry(bucket, source)
  assertReadable(version, now, 'copy source')
  return version
}

function sourceEntry(bucket: Bucket, source: CopySourceLocation): ObjectVersion {
  const entries = bucket.objects.get(source.Key) ?? []
  if (source.VersionId === undefined) {
    const current = entries[0]
    if (current === undefined || current.kind === 'deleteMarker') throw new NoSuchKey(source.Key)
    return current
  }
  assertVersionId(source.VersionId)
  const entry = entries.find((e) => e.versionId === source.VersionId)
  if (entry === undefined) throw new NoSuchVersion(source.Key, source.VersionId)
  if (entry.kind === 'deleteMarker') {
    throw new InvalidRequest(
      'The source of a copy request may not specifically refer to a delete marker by version id.',
    )
  }
  return entry
}

/**
 * The source's data key: its own envelope, KMS Decrypt for SSE-KMS (audited as S3's call), the
 * `x-amz-copy-source-…-customer-*` key for SSE-C sources, independent of the destination's
 * encryption. An SSE-C source without that key is InvalidRequest (AWS-captured
 * `copy-obj-no-src-sse-c`); another key is 403 AccessDenied (reference §1.1: LocalStack's text,
 * AWS's not captured).
 */
export async function copySourceDataKey(
  ctx: S3Context,
  bucket: Bucket,
  version: ObjectVersion,
  customerKey: CopySourceCustomerKey,
): Promise<Secret> {
  const sourceKey = customerKeyForRead(
    version.encryption,
    copySourceMembers(customerKey),
    ctx.caller.secure,
    () => new AccessDenied(),
  )
  return dataKeyOf(ctx, version.encryption, bucket, sourceKey)
}

function metadataDirective(value: string | undefined): 'COPY' | 'REPLACE' {
  if (value === undefined || value === 'COPY' || value === 'REPLACE') return value ?? 'COPY'
  // MinIO's and moto's text; AWS's is not captured.
  throw new InvalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', value)
}

function taggingDirective(value: string | undefined): 'COPY' | 'REPLACE' {
  if (value === undefined || value === 'COPY' || value === 'REPLACE') return value ?? 'COPY'
  // _uncaptured_: the metadata directive's text, for the tagging header.
  throw new InvalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', value)
}

function annotationDirective(value: string | undefined): 'COPY' | 'EXCLUDE' {
  if (value === undefined || value === 'COPY' || value === 'EXCLUDE') return value ?? 'COPY'
  // _uncaptured_: the metadata directive's text, for the annotation header.
  throw new InvalidArgument(
    'Unknown annotation directive.',
    'x-amz-object-annotation-directive',
    value,
  )
}

/**
 * The source's annotations for the copy ("CopyObject – Copies annotations from the source object
 * by default", user guide): each payload decrypted with the source's data key and encrypted under
 * the destination's, checksums and ETags kept ("Amazon S3 preserves the annotation checksum values
 * from the source"). An SSE-C destination cannot hold annotations: none are copied (_uncaptured_).
 */
async function copiedAnnotations(
  version: ObjectVersion,
  sourceKey: Secret,
  destination: { dataKey: Secret; descriptor: EncryptionDescriptor },
  ctx: S3Context,
): Promise<{ annotations?: ReadonlyMap<string, StoredAnnotation> }> {
  if (version.annotations === undefined || destination.descriptor.kind === 'SSE-C') return {}
  const copied = new Map<string, StoredAnnotation>()
  for (const annotation of version.annotations.values()) {
    const blob = await writeBlob(annotation.blob.read(sourceKey, 0, annotation.blob.size - 1), {
      key: destination.dataKey,
      random: ctx.random,
    })
    copied.set(annotation.name, { ...annotation, blob, lastModified: ctx.clock.now() })
  }
  return { annotations: copied }
}

/** Any destination encryption member: "changing … encryption attributes" (reference §2.1). */
function asksForEncryption(input: EncryptionRequest): boolean {
  return [input.ServerSideEncryption, input.SSEKMSKeyId, input.SSECustomerAlgorithm].some(
    (v) => v !== undefined && v !== '',
  )
}

/**
 * CopyObject: the source is decrypted with its own data key and streamed through MD5, checksum and
 * segment encryption under a fresh destination data key, one segment at a time. The destination's
 * encryption comes from the request, else the destination bucket's default, never from the source;
 * its encryption context is not carried over (SPEC §4.1, reference §2). Committed in one step at
 * the end, so a failure leaves both buckets as they were.
 */
export async function copyObject(
  input: CopyObjectRequest,
  ctx: S3Context,
): Promise<CopyObjectOutput> {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  const source = input.CopySource
  ctx.notes.requestParameters = {
    ...ctx.notes.requestParameters,
    'x-amz-copy-source': `${source.Bucket}/${source.Key}`,
    ...(source.VersionId === undefined ? {} : { sourceVersionId: source.VersionId }),
  }
  assertKey(input.Key)
  const directive = metadataDirective(input.MetadataDirective)
  const replaceTags = taggingDirective(input.TaggingDirective) === 'REPLACE'
  const copyAnnotations = annotationDirective(input.AnnotationDirective) === 'COPY'
  const headerTags = replaceTags ? tagsOfHeader(input.Tagging) : []
  // "Copied objects will not retain the Object Lock settings from the original objects" (user
  // guide): the copy's lock comes from this request's headers or the destination's default.
  const lock = lockOfWrite(bucket.objectLock, input, ctx.clock.now())
  const acl = writeAcl(input, bucket, ctx)
  const storageClass = storageClassOf(input.StorageClass)
  const plan = planEncryption(input, bucket.encryption, {
    bucket: bucket.name,
    key: input.Key,
    region: bucket.region,
    signature: ctx.caller.signature,
    secure: ctx.caller.secure,
  })

  const sourceBucket = getBucket(ctx, source.Bucket)
  noteResources(ctx.notes, ctx.accountId, sourceBucket.name, sourceBucket.region, source.Key)
  const version = copySourceVersion(sourceBucket, source, ctx.clock.now())
  checkCopySourceConditions(input, version, ctx.clock.now())
  const inPlace =
    sourceBucket === bucket &&
    source.Key === input.Key &&
    bucket.objects.get(input.Key)?.[0] === version
  if (
    inPlace &&
    directive === 'COPY' &&
    input.StorageClass === undefined &&
    !asksForEncryption(input)
  ) {
    throw new InvalidRequest(COPY_TO_ITSELF)
  }
  if (version.size > MAX_PUT_SIZE) {
    // CopyObject API reference: one atomic copy is at most 5 GB; larger needs UploadPartCopy.
    throw new InvalidRequest(
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_SIZE}`,
    )
  }

  // Source Decrypt first, then the destination's GenerateDataKey: a source whose key is disabled
  // fails before KMS is asked for anything new.
  const sourceKey = await copySourceDataKey(ctx, sourceBucket, version, input)
  const { dataKey, descriptor } = await newDataKey(ctx, plan, bucket)
  const algorithm: ChecksumAlgorithm =
    input.ChecksumAlgorithm ?? version.checksum?.algorithm ?? 'CRC64NVME'
  const body = await ingestBody(
    version.body.read(sourceKey),
    version.size,
    { checksum: { algorithm, expected: () => undefined } },
    dataKey,
    ctx.random,
    { md5: descriptor.kind === 'SSE-S3' },
  )
  // ETag as PutObject: the MD5 for SSE-S3, not the MD5 (and new each time) for SSE-KMS and SSE-C
  // (reference §1.2, §2).
  const etagHex =
    descriptor.kind === 'SSE-S3' && body.md5 !== undefined
      ? Buffer.from(body.md5).toString('hex')
      : Buffer.from(ctx.random.bytes(16)).toString('hex')

  const annotations = copyAnnotations
    ? await copiedAnnotations(version, sourceKey, { dataKey, descriptor }, ctx)
    : {}

  const live = liveBucket(ctx, bucket)
  const replace = directive === 'REPLACE'
  const copied: ObjectVersion = {
    kind: 'object',
    key: input.Key,
    versionId: versionIdFor(live, ctx.random),
    lastModified: ctx.clock.now(),
    size: body.blob.size,
    eTag: `"${etagHex}"`,
    contentHeaders: replace ? contentHeadersOf(input) : version.contentHeaders,
    metadata: replace ? normaliseMetadata(input.Metadata) : version.metadata,
    checksum: body.checksum,
    storageClass,
    encryption: descriptor,
    body: new ObjectBody([body.blob]),
  }
  const tags = replaceTags ? headerTags : (version.tags ?? [])
  const tagged: ObjectVersion = {
    ...copied,
    ...(tags.length === 0 ? {} : { tags }),
    ...acl,
    ...lock,
    ...annotations,
  }
  commitEntries(live, input.Key, entriesAfterWrite(live.objects.get(input.Key), tagged, live))
  emitObjectEvent(ctx, 'ObjectCreated:Copy', live, input.Key, tagged)
  return {
    CopyObjectResult: {
      ETag: copied.eTag,
      LastModified: copied.lastModified,
      ...checksumOutput(copied.checksum),
    },
    ...encryptionOutput(descriptor),
    ...(plan.kind === 'SSE-KMS' && plan.contextFromRequest
      ? { SSEKMSEncryptionContext: encodeContext(plan.encryptionContext) }
      : {}),
    ...(everVersioned(live) ? { VersionId: copied.versionId } : {}),
    ...(everVersioned(sourceBucket) ? { CopySourceVersionId: version.versionId } : {}),
  }
}
