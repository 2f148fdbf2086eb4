import { emitObjectEvent } from '../events.js'
import {
  type AclRequest,
  assertAclAccepted,
  effectiveGrants,
  type Grant,
  type ObjectOwnership,
  requestedGrants,
} from '../access-control.js'
import { everVersioned, ownerOf } from '../bucket.js'
import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { MalformedACLError } from '../errors-config.js'
import { versionToRead } from '../object-read.js'
import type { ObjectVersion } from '../object-version.js'
import type { Owner } from '../shapes.js'
import { commitEntries } from '../versioning.js'

export interface BucketAclRequest {
  Bucket: string
}
export interface PutBucketAclRequest extends BucketAclRequest, AclRequest {}
export interface ObjectAclRequest {
  Bucket: string
  Key: string
  VersionId?: string
}
export interface PutObjectAclRequest extends ObjectAclRequest, AclRequest {}
export interface AclOutput {
  Owner: Owner
  Grants: Grant[]
}

/** A PUT …?acl must name an ACL somewhere: header, grants or body (_uncaptured_: MalformedACLError). */
function grantsToPut(input: AclRequest, ctx: S3Context, target: 'bucket' | 'object'): Grant[] {
  const grants = requestedGrants(input, ownerOf(ctx.accountId), target, 'PUT')
  if (grants === undefined) throw new MalformedACLError()
  return grants
}

const blocksPublicAcls = (bucket: { publicAccessBlock?: { BlockPublicAcls: boolean } }) =>
  bucket.publicAccessBlock?.BlockPublicAcls === true

/** GetBucketAcl: the owner and the grants (the owner's full control unless an ACL was set). */
export function getBucketAcl(input: BucketAclRequest, ctx: S3Context): AclOutput {
  const bucket = requestBucket(ctx, input.Bucket)
  const owner = ownerOf(ctx.accountId)
  return { Owner: owner, Grants: effectiveGrants(bucket.acl, bucket.ownership, owner) }
}

/** PutBucketAcl: refused under BucketOwnerEnforced (AccessControlListNotSupported). */
export function putBucketAcl(input: PutBucketAclRequest, ctx: S3Context): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const owner = ownerOf(ctx.accountId)
  const grants = grantsToPut(input, ctx, 'bucket')
  assertAclAccepted(input, grants, bucket.ownership, blocksPublicAcls(bucket), owner)
  bucket.acl = grants
  return {}
}

function aclVersion(input: ObjectAclRequest, ctx: S3Context, method: string) {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  return { bucket, version: versionToRead(bucket, input, method) }
}

/** GetObjectAcl of the version named (the current one by default). */
export function getObjectAcl(
  input: ObjectAclRequest,
  ctx: S3Context,
): AclOutput & { VersionId?: string } {
  const { bucket, version } = aclVersion(input, ctx, 'GET')
  const owner = ownerOf(ctx.accountId)
  return {
    Owner: owner,
    Grants: effectiveGrants(version.acl, bucket.ownership, owner),
    ...(everVersioned(bucket) ? { VersionId: version.versionId } : {}),
  }
}

/** PutObjectAcl: replaces the version's ACL (the entry is swapped for a copy). */
export function putObjectAcl(input: PutObjectAclRequest, ctx: S3Context): { VersionId?: string } {
  const { bucket, version } = aclVersion(input, ctx, 'PUT')
  const owner = ownerOf(ctx.accountId)
  const grants = grantsToPut(input, ctx, 'object')
  assertAclAccepted(input, grants, bucket.ownership, blocksPublicAcls(bucket), owner)
  const next: ObjectVersion = { ...version, acl: grants }
  const entries = bucket.objects.get(input.Key) ?? []
  commitEntries(
    bucket,
    input.Key,
    entries.map((e) => (e === version ? next : e)),
  )
  emitObjectEvent(ctx, 'ObjectAcl:Put', bucket, input.Key, next)
  return everVersioned(bucket) ? { VersionId: version.versionId } : {}
}

/**
 * The ACL a write (PutObject, CopyObject, CreateMultipartUpload) sets, after the bucket's
 * ownership and Block Public Access settings accept it; none to store under BucketOwnerEnforced
 * or when the request names no ACL.
 */
export function writeAcl(
  input: AclRequest,
  bucket: { ownership?: ObjectOwnership; publicAccessBlock?: { BlockPublicAcls: boolean } },
  ctx: S3Context,
): { acl?: readonly Grant[] } {
  const owner = ownerOf(ctx.accountId)
  const grants = requestedGrants(input, owner, 'object', 'PUT')
  assertAclAccepted(input, grants, bucket.ownership, blocksPublicAcls(bucket), owner)
  return grants === undefined || bucket.ownership === 'BucketOwnerEnforced' ? {} : { acl: grants }
}
