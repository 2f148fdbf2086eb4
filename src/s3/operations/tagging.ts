import { emitObjectEvent } from '../events.js'
import { type Bucket, everVersioned } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { AccessDenied } from '../errors.js'
import { NoSuchTagSet } from '../errors-config.js'
import { versionToRead } from '../object-read.js'
import type { ObjectVersion } from '../object-version.js'
import { type Tag, validBucketTags, validObjectTags } from '../tagging.js'
import { commitEntries } from '../versioning.js'

export interface ObjectTaggingRequest {
  Bucket: string
  Key: string
  VersionId?: string
}
export interface PutObjectTaggingRequest extends ObjectTaggingRequest {
  Tagging: { TagSet: Tag[] }
}
export interface ObjectTaggingOutput {
  VersionId?: string
}
export interface GetObjectTaggingOutput extends ObjectTaggingOutput {
  TagSet: Tag[]
}
export interface BucketTaggingRequest {
  Bucket: string
}
export interface PutBucketTaggingRequest extends BucketTaggingRequest {
  Tagging: { TagSet: Tag[] }
}

/** The version a tagging request names (latest by default), as reads resolve it. */
function taggedVersion(input: ObjectTaggingRequest, ctx: S3Context, method: string) {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  if (input.VersionId !== undefined) {
    ctx.notes.requestParameters = { ...ctx.notes.requestParameters, versionId: input.VersionId }
  }
  return { bucket, version: versionToRead(bucket, input, method) }
}

/** Replaces one version's tags: the entry is swapped for a copy (versions are immutable). */
function retag(
  ctx: S3Context,
  input: ObjectTaggingRequest,
  method: string,
  tags: readonly Tag[] | undefined,
): ObjectTaggingOutput {
  const { bucket, version } = taggedVersion(input, ctx, method)
  const entries = bucket.objects.get(input.Key) ?? []
  const { tags: _old, ...rest } = version
  const next: ObjectVersion = tags === undefined || tags.length === 0 ? rest : { ...rest, tags }
  commitEntries(
    bucket,
    input.Key,
    entries.map((e) => (e === version ? next : e)),
  )
  const name = method === 'DELETE' ? 'ObjectTagging:Delete' : 'ObjectTagging:Put'
  emitObjectEvent(ctx, name, bucket, input.Key, next)
  return everVersioned(bucket) ? { VersionId: version.versionId } : {}
}

/**
 * PutObjectTagging: replaces the tag set of the version named (the current one by default); an
 * empty set removes the tags ("If you send this request with an empty tag set, Amazon S3 deletes
 * the existing tag set on the object", user guide).
 */
export function putObjectTagging(
  input: PutObjectTaggingRequest,
  ctx: S3Context,
): ObjectTaggingOutput {
  const tags = validObjectTags(input.Tagging.TagSet)
  return retag(ctx, input, 'PUT', tags)
}

/** GetObjectTagging: an untagged version answers an empty TagSet (s3-tests). */
export function getObjectTagging(
  input: ObjectTaggingRequest,
  ctx: S3Context,
): GetObjectTaggingOutput {
  const { bucket, version } = taggedVersion(input, ctx, 'GET')
  return {
    ...(everVersioned(bucket) ? { VersionId: version.versionId } : {}),
    TagSet: (version.tags ?? []).map((t) => ({ ...t })),
  }
}

/** DeleteObjectTagging: removes the version's whole tag set (204). */
export function deleteObjectTagging(
  input: ObjectTaggingRequest,
  ctx: S3Context,
): ObjectTaggingOutput {
  return retag(ctx, input, 'DELETE', undefined)
}

/**
 * With ABAC enabled, "PutBucketTagging or DeleteBucketTagging will no longer work. Instead, use the
 * TagResource and UntagResource APIs" (user guide, "Enabling ABAC in general purpose buckets";
 * PutBucketAbac API reference); GetBucketTagging still answers. The guide speaks of permissions
 * that no longer work: 403 AccessDenied, its code and text _uncaptured_.
 */
function assertTaggableByS3(bucket: Bucket): void {
  if (bucket.abac === 'Enabled') throw new AccessDenied()
}

/** PutBucketTagging: "it will overwrite any current tags the bucket already has". */
export function putBucketTagging(
  input: PutBucketTaggingRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  assertTaggableByS3(bucket)
  const tags = validBucketTags(input.Tagging.TagSet)
  if (tags.length === 0) delete bucket.tags
  else bucket.tags = tags
  return {}
}

/** GetBucketTagging: NoSuchTagSet for a bucket without tags. */
export function getBucketTagging(input: BucketTaggingRequest, ctx: S3Context): { TagSet: Tag[] } {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.tags === undefined) throw new NoSuchTagSet(bucket.name)
  return { TagSet: bucket.tags.map((t) => ({ ...t })) }
}

/** DeleteBucketTagging: 204 whether or not the bucket had tags. */
export function deleteBucketTagging(
  input: BucketTaggingRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  assertTaggableByS3(bucket)
  delete bucket.tags
  return {}
}
