import {
  assertAnnotationName,
  assertAnnotationPrefix,
  MAX_ANNOTATIONS_PER_VERSION,
  readAnnotationPayload,
} from '../annotations.js'
import { type Bucket, everVersioned } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import { etagMatches } from '../conditional.js'
import type { S3Context } from '../context.js'
import { dataKeyOf } from '../encryption/envelope.js'
import { AnnotationLimitExceeded, NoSuchAnnotation } from '../errors-annotations.js'
import { InvalidRequest, NoSuchKey, PreconditionFailed } from '../errors.js'
import { continuationTokens } from '../listing.js'
import { versionToRead } from '../object-read.js'
import { checksumOutput, type ObjectVersion, type StoredAnnotation } from '../object-version.js'
import { type BodyIntegrity, ingestBody, precheckBody } from '../object-write.js'
import type { ChecksumAlgorithm, ChecksumOutput } from '../shapes.js'
import { commitEntries } from '../versioning.js'
import { assertBypassApplicable, permanentDeleteRefusal } from './object-lock.js'
import { liveBucket } from './objects.js'

/**
 * The object annotation operations (user guide, "Annotating your objects"). Annotations belong to
 * one object version (`ObjectVersion.annotations`): a new version starts without any, deleting a
 * version or overwriting an unversioned object drops them with it, and a simple DELETE in a
 * versioned bucket keeps them on the version under the marker. Payloads are encrypted under the
 * parent version's data key, so an SSE-KMS parent's annotations are written and read with KMS
 * Decrypt of the parent's wrapped key, under its key and encryption context.
 */

export interface AnnotationTarget {
  Bucket: string
  Key: string
  VersionId?: string
}
export interface PutObjectAnnotationRequest extends AnnotationTarget, BodyIntegrity {
  AnnotationName: string
  AnnotationPayload: ReadableStream<Uint8Array>
  /** The decoded payload's declared length. */
  ContentLength?: number
  /** `x-amz-object-if-match`: the parent object's ETag. */
  ObjectIfMatch?: string
}
export interface PutObjectAnnotationOutput extends ChecksumOutput {
  Key: string
  AnnotationName: string
  ETag: string
  ObjectVersionId?: string
  ServerSideEncryption: string
}
export interface GetObjectAnnotationRequest extends AnnotationTarget {
  AnnotationName: string
  ChecksumMode?: string
}
export interface GetObjectAnnotationOutput extends ChecksumOutput {
  AnnotationPayload: ReadableStream<Uint8Array>
  ObjectVersionId?: string
  LastModified: Date
  ContentLength: number
  ETag: string
  ServerSideEncryption: string
}
export interface DeleteObjectAnnotationRequest extends AnnotationTarget {
  AnnotationName: string
  ObjectIfMatch?: string
  /** `x-amz-bypass-governance-retention` (DeleteObjectAnnotation API reference). */
  BypassGovernanceRetention?: boolean
}
export interface DeleteObjectAnnotationOutput {
  ObjectVersionId?: string
}
export interface ListObjectAnnotationsRequest extends AnnotationTarget {
  /** 1 to 1,000 (the protocol checks the range); 1,000 by default. */
  MaxAnnotationResults?: number
  AnnotationPrefix?: string
  ContinuationToken?: string
}
export interface AnnotationEntry {
  AnnotationName: string
  LastModified: Date
  Size: number
  ETag: string
  ChecksumAlgorithm: ChecksumAlgorithm[]
}
export interface ListObjectAnnotationsOutput {
  Annotations: AnnotationEntry[]
  Bucket: string
  Key: string
  ObjectVersionId?: string
  AnnotationPrefix?: string
  MaxAnnotationResults: number
  AnnotationCount: number
  ContinuationToken?: string
  NextContinuationToken?: string
}

const DEFAULT_MAX_RESULTS = 1000

/** The version a request names (the current one by default), as the object subresources resolve it. */
function annotatedVersion(input: AnnotationTarget, ctx: S3Context, method: string) {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  if (input.VersionId !== undefined) {
    ctx.notes.requestParameters = { ...ctx.notes.requestParameters, versionId: input.VersionId }
  }
  return { bucket, version: versionToRead(bucket, input, method) }
}

const versionIdOutput = (bucket: Bucket, version: ObjectVersion) =>
  everVersioned(bucket) ? { ObjectVersionId: version.versionId } : {}

/** `x-amz-object-if-match` compares the parent object's ETag (user guide, Considerations). */
function assertObjectIfMatch(expected: string | undefined, version: ObjectVersion): void {
  if (expected !== undefined && !etagMatches(expected, version.eTag)) {
    // The Condition member's value is _uncaptured_: the header's name.
    throw new PreconditionFailed('x-amz-object-if-match')
  }
}

/**
 * Applies `change` to the annotations of `version` as it is now in the bucket, and swaps the entry
 * for a copy. The entry is found again by version id and body: a write that awaited KMS may find
 * it re-tagged or re-annotated meanwhile (entries are immutable and replaced), or gone (NoSuchKey,
 * nothing stored).
 */
function commitAnnotations(
  ctx: S3Context,
  bucket: Bucket,
  version: ObjectVersion,
  change: (annotations: Map<string, StoredAnnotation>) => void,
): void {
  const live = liveBucket(ctx, bucket)
  const entries = live.objects.get(version.key) ?? []
  const current = entries.find(
    (e): e is ObjectVersion =>
      e.kind === 'object' && e.versionId === version.versionId && e.body === version.body,
  )
  if (current === undefined) throw new NoSuchKey(version.key)
  const annotations = new Map(current.annotations)
  change(annotations)
  const { annotations: _old, ...rest } = current
  const next: ObjectVersion = annotations.size === 0 ? rest : { ...rest, annotations }
  commitEntries(
    live,
    version.key,
    entries.map((e) => (e === current ? next : e)),
  )
}

/** "Each object version supports up to 1,000 annotations"; replacing one is not a new one. */
function assertRoom(annotations: ReadonlyMap<string, StoredAnnotation> | undefined, name: string) {
  if (annotations === undefined || annotations.has(name)) return
  if (annotations.size >= MAX_ANNOTATIONS_PER_VERSION) throw new AnnotationLimitExceeded()
}

/** The payload, already read whole, as the one-chunk stream `ingestBody` hashes and encrypts. */
const streamOf = (bytes: Uint8Array): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })

const sseOf = (version: ObjectVersion): string =>
  version.encryption.kind === 'SSE-KMS' ? version.encryption.algorithm : 'AES256'

/**
 * PutObjectAnnotation: creates or replaces one annotation of the version named. Checked before any
 * byte is stored: the name, the version, `x-amz-object-if-match`, an SSE-C parent ("Objects
 * encrypted with SSE-C cannot have annotations"), the payload (1 B to 1 MiB of UTF-8), the
 * 1,000-per-version limit; then the payload is hashed (ETag, checksum: CRC64NVME unless the client
 * chose one, user guide "Checksums") and encrypted under the parent's data key, and committed.
 */
export async function putObjectAnnotation(
  input: PutObjectAnnotationRequest,
  ctx: S3Context,
): Promise<PutObjectAnnotationOutput> {
  try {
    const { bucket, version } = annotatedVersion(input, ctx, 'PUT')
    assertAnnotationName(input.AnnotationName)
    assertObjectIfMatch(input.ObjectIfMatch, version)
    if (version.encryption.kind === 'SSE-C') {
      // InvalidRequest is the model's nearest error; the text is _uncaptured_.
      throw new InvalidRequest('Annotations are not supported on objects encrypted with SSE-C.')
    }
    precheckBody(input, input.ContentLength)
    const payload = await readAnnotationPayload(input.AnnotationPayload, input.ContentLength)
    assertRoom(version.annotations, input.AnnotationName)
    const dataKey = await dataKeyOf(ctx, version.encryption, bucket)
    // ETags as PutObject's: the MD5 under SSE-S3, not the MD5 under SSE-KMS (reference §1.2);
    // for annotations this is _uncaptured_.
    const sseS3 = version.encryption.kind === 'SSE-S3'
    const body = await ingestBody(
      streamOf(payload),
      input.ContentLength,
      input,
      dataKey,
      ctx.random,
      {
        md5: sseS3,
      },
    )
    const etagHex =
      sseS3 && body.md5 !== undefined
        ? Buffer.from(body.md5).toString('hex')
        : Buffer.from(ctx.random.bytes(16)).toString('hex')
    const annotation: StoredAnnotation = {
      name: input.AnnotationName,
      blob: body.blob,
      eTag: `"${etagHex}"`,
      checksum: body.checksum,
      lastModified: ctx.clock.now(),
    }
    commitAnnotations(ctx, bucket, version, (annotations) => {
      // Checked again: another put may have filled the version while this one awaited KMS.
      assertRoom(annotations, annotation.name)
      annotations.set(annotation.name, annotation)
    })
    return {
      Key: input.Key,
      AnnotationName: input.AnnotationName,
      ETag: annotation.eTag,
      ...checksumOutput(annotation.checksum),
      ServerSideEncryption: sseOf(version),
      ...versionIdOutput(bucket, version),
    }
  } catch (error) {
    if (!input.AnnotationPayload.locked)
      input.AnnotationPayload.cancel(error).catch(() => undefined)
    throw error
  }
}

/**
 * GetObjectAnnotation: the payload, decrypted with the parent's data key (KMS Decrypt for an
 * SSE-KMS parent). The stored checksum comes back only with `x-amz-checksum-mode: ENABLED`
 * (GetObjectAnnotation API reference). A name the version lacks, valid or not, is NoSuchAnnotation.
 */
export async function getObjectAnnotation(
  input: GetObjectAnnotationRequest,
  ctx: S3Context,
): Promise<GetObjectAnnotationOutput> {
  const { bucket, version } = annotatedVersion(input, ctx, 'GET')
  const annotation = version.annotations?.get(input.AnnotationName)
  if (annotation === undefined) throw new NoSuchAnnotation(input.AnnotationName)
  const dataKey = await dataKeyOf(ctx, version.encryption, bucket)
  return {
    AnnotationPayload: annotation.blob.read(dataKey, 0, annotation.blob.size - 1),
    ...versionIdOutput(bucket, version),
    LastModified: annotation.lastModified,
    ContentLength: annotation.blob.size,
    ETag: annotation.eTag,
    ...(input.ChecksumMode === 'ENABLED' ? checksumOutput(annotation.checksum) : {}),
    ServerSideEncryption: sseOf(version),
  }
}

/**
 * DeleteObjectAnnotation: removes one annotation for good ("Annotations are not independently
 * versioned"); 204 also when the version has no such annotation (the API reference lists no
 * NoSuchAnnotation for it). On a version Object Lock protects, the delete needs the governance
 * bypass (API reference); legal holds and compliance retention refuse it as they refuse deleting
 * the version (_uncaptured_ beyond the governance sentence).
 */
export function deleteObjectAnnotation(
  input: DeleteObjectAnnotationRequest,
  ctx: S3Context,
): DeleteObjectAnnotationOutput {
  const { bucket, version } = annotatedVersion(input, ctx, 'DELETE')
  assertBypassApplicable(bucket, input.BypassGovernanceRetention)
  assertObjectIfMatch(input.ObjectIfMatch, version)
  const refused = permanentDeleteRefusal(
    ctx,
    bucket,
    version,
    input.BypassGovernanceRetention === true,
  )
  if (refused !== undefined) throw refused
  if (version.annotations?.has(input.AnnotationName) === true) {
    commitAnnotations(ctx, bucket, version, (annotations) => {
      annotations.delete(input.AnnotationName)
    })
  }
  return versionIdOutput(bucket, version)
}

/** The last name of the previous page; a token this mock did not issue is refused. */
const tokens = continuationTokens('s3-kms-mock/annotations/v1:')

/** Names in UTF-8 binary order, as S3 lists keys. */
const byName = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** ListObjectAnnotations: names in UTF-8 order, filtered by prefix, paginated with an opaque token. */
export function listObjectAnnotations(
  input: ListObjectAnnotationsRequest,
  ctx: S3Context,
): ListObjectAnnotationsOutput {
  const { bucket, version } = annotatedVersion(input, ctx, 'GET')
  const prefix = input.AnnotationPrefix ?? ''
  assertAnnotationPrefix(prefix)
  const after =
    input.ContinuationToken === undefined ? undefined : tokens.decode(input.ContinuationToken)
  const max = input.MaxAnnotationResults ?? DEFAULT_MAX_RESULTS
  const matching = [...(version.annotations?.values() ?? [])]
    .filter((a) => a.name.startsWith(prefix) && (after === undefined || byName(a.name, after) > 0))
    .sort((a, b) => byName(a.name, b.name))
  const page = matching.slice(0, max)
  const last = page.at(-1)
  return {
    Annotations: page.map(entryOf),
    Bucket: bucket.name,
    Key: input.Key,
    ...versionIdOutput(bucket, version),
    ...(input.AnnotationPrefix === undefined ? {} : { AnnotationPrefix: input.AnnotationPrefix }),
    MaxAnnotationResults: max,
    AnnotationCount: page.length,
    ...(input.ContinuationToken === undefined
      ? {}
      : { ContinuationToken: input.ContinuationToken }),
    ...(matching.length > max && last !== undefined
      ? { NextContinuationToken: tokens.encode(last.name) }
      : {}),
  }
}

function entryOf(annotation: StoredAnnotation): AnnotationEntry {
  return {
    AnnotationName: annotation.name,
    LastModified: annotation.lastModified,
    Size: annotation.blob.size,
    ETag: annotation.eTag,
    ChecksumAlgorithm: [annotation.checksum.algorithm],
  }
}
