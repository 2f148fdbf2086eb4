import {
  assertValidBucketName,
  type Bucket,
  defaultEncryptionRule,
  noteResources,
  ownerOf,
} from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import { BLOCK_ALL_PUBLIC_ACCESS } from '../public-access.js'
import type { S3Context } from '../context.js'
import {
  BucketAlreadyOwnedByYou,
  BucketNotEmpty,
  IllegalLocationConstraintException,
  InvalidLocationConstraint,
  MalformedXML,
  NotImplemented,
} from '../errors.js'
import { InvalidBucketState } from '../errors-config.js'
import type { BucketVersioningStatus, Owner } from '../shapes.js'

const US_EAST_1 = 'us-east-1'
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/

export interface CreateBucketRequest {
  Bucket: string
  CreateBucketConfiguration?: { LocationConstraint?: string }
  /** `x-amz-bucket-object-lock-enabled`: Object Lock from the start, which turns versioning on. */
  ObjectLockEnabledForBucket?: boolean
}
export interface CreateBucketOutput {
  Location: string
}

/**
 * The region a new bucket goes to. us-east-1 is S3's global endpoint: it takes any region's
 * constraint but refuses to be named itself; a regional endpoint insists on its own region (`EU`
 * is the legacy name of eu-west-1). LocalStack's AWS-validated `validate_location_constraint`.
 */
function bucketRegion(ctx: S3Context, constraint: string | undefined): string {
  if (ctx.region === US_EAST_1) {
    if (constraint === undefined) return US_EAST_1
    if (constraint === 'EU') return 'eu-west-1'
    if (constraint === US_EAST_1 || !REGION.test(constraint)) {
      throw new InvalidLocationConstraint(constraint)
    }
    return constraint
  }
  if (constraint === undefined) throw new IllegalLocationConstraintException('unspecified')
  if (constraint === ctx.region || (constraint === 'EU' && ctx.region === 'eu-west-1')) {
    return ctx.region
  }
  throw new IllegalLocationConstraintException(constraint)
}

function location(name: string, region: string): string {
  return region === US_EAST_1 ? `/${name}` : `http://${name}.s3.amazonaws.com/`
}

export function createBucket(input: CreateBucketRequest, ctx: S3Context): CreateBucketOutput {
  assertValidBucketName(input.Bucket)
  const raw = input.CreateBucketConfiguration?.LocationConstraint
  const constraint = raw === undefined || raw === '' ? undefined : raw
  const region = bucketRegion(ctx, constraint)
  noteResources(ctx.notes, ctx.accountId, input.Bucket, region)
  ctx.notes.requestParameters = { bucketName: input.Bucket }
  const existing = ctx.s3.buckets.get(input.Bucket)
  if (existing !== undefined) {
    // Legacy us-east-1 behaviour: re-creating a bucket you own there answers 200 OK (and only
    // resets ACLs, which this mock does not model). BucketAlreadyOwnedByYou API reference.
    if (ctx.region === US_EAST_1 && existing.region === US_EAST_1) {
      return { Location: location(existing.name, existing.region) }
    }
    throw new BucketAlreadyOwnedByYou(input.Bucket)
  }
  const bucket: Bucket = {
    name: input.Bucket,
    region,
    locationConstraint: constraint,
    createdAt: ctx.clock.now(),
    versioning: input.ObjectLockEnabledForBucket === true ? 'Enabled' : 'Unversioned',
    encryption: defaultEncryptionRule(ctx.blockSseCOnNewBuckets),
    objects: new Map(),
    // Since April 2023 (S3 user guide, "Default settings for new buckets").
    ownership: 'BucketOwnerEnforced',
    publicAccessBlock: BLOCK_ALL_PUBLIC_ACCESS,
    ...(input.ObjectLockEnabledForBucket === true ? { objectLock: {} } : {}),
  }
  ctx.s3.buckets.set(bucket.name, bucket)
  return { Location: location(bucket.name, region) }
}

export interface BucketRequest {
  Bucket: string
}

export function deleteBucket(input: BucketRequest, ctx: S3Context): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  // Delete markers count: a versioned bucket is empty only when every version is gone.
  if (bucket.objects.size > 0) throw new BucketNotEmpty(bucket.name)
  ctx.s3.buckets.delete(bucket.name)
  return {}
}

export interface HeadBucketOutput {
  BucketRegion: string
  AccessPointAlias: boolean
}

export function headBucket(input: BucketRequest, ctx: S3Context): HeadBucketOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  return { BucketRegion: bucket.region, AccessPointAlias: false }
}

export interface ListBucketsRequest {
  MaxBuckets?: number
  ContinuationToken?: string
  Prefix?: string
  BucketRegion?: string
}
export interface ListBucketsOutput {
  Buckets: { Name: string; CreationDate: Date; BucketRegion: string }[]
  Owner: Owner
  ContinuationToken?: string
  Prefix?: string
}

/** All buckets of the account, by name; `ContinuationToken` is the last name of the page. */
export function listBuckets(input: ListBucketsRequest, ctx: S3Context): ListBucketsOutput {
  ctx.notes.requestParameters = {}
  const prefix = input.Prefix ?? ''
  const after = input.ContinuationToken ?? ''
  const all = [...ctx.s3.buckets.values()]
    .filter((b) => b.name.startsWith(prefix) && b.name > after)
    .filter((b) => input.BucketRegion === undefined || b.region === input.BucketRegion)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
  const limit = input.MaxBuckets ?? 10_000
  const page = all.slice(0, limit)
  const last = page.at(-1)
  return {
    Buckets: page.map((b) => ({ Name: b.name, CreationDate: b.createdAt, BucketRegion: b.region })),
    Owner: ownerOf(ctx.accountId),
    ...(all.length > limit && last !== undefined ? { ContinuationToken: last.name } : {}),
    ...(input.Prefix === undefined ? {} : { Prefix: input.Prefix }),
  }
}

export interface GetBucketLocationOutput {
  /** Absent (an empty element on the wire) for us-east-1. */
  LocationConstraint?: string
}

export function getBucketLocation(input: BucketRequest, ctx: S3Context): GetBucketLocationOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  if (bucket.region === US_EAST_1) return {}
  return { LocationConstraint: bucket.locationConstraint ?? bucket.region }
}

export interface PutBucketVersioningRequest {
  Bucket: string
  VersioningConfiguration: { Status?: string; MFADelete?: string }
}

export function putBucketVersioning(
  input: PutBucketVersioningRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const { Status, MFADelete } = input.VersioningConfiguration
  if (Status !== undefined && Status !== 'Enabled' && Status !== 'Suspended') {
    throw new MalformedXML()
  }
  if (MFADelete !== undefined && MFADelete !== 'Enabled' && MFADelete !== 'Disabled') {
    throw new MalformedXML()
  }
  if (MFADelete === 'Enabled') throw new NotImplemented('MFA delete')
  // "After you enable Object Lock on a bucket, you can't … suspend versioning" (user guide; the
  // text is S3's as recorded).
  if (Status === 'Suspended' && bucket.objectLock !== undefined) {
    throw new InvalidBucketState(
      'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
    )
  }
  // A bucket can be suspended but never returned to unversioned (S3 user guide, "Versioning").
  if (Status !== undefined) bucket.versioning = Status
  return {}
}

export interface GetBucketVersioningOutput {
  Status?: BucketVersioningStatus
}

export function getBucketVersioning(
  input: BucketRequest,
  ctx: S3Context,
): GetBucketVersioningOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  return bucket.versioning === 'Unversioned' ? {} : { Status: bucket.versioning }
}
