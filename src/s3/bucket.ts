import { partitionOf } from '../core/arn.js'
import type { AuditNotes } from '../core/audit.js'
import { digestOf } from '../crypto/checksums.js'
import { InvalidBucketName } from './errors.js'
import type { VersionEntry } from './object-version.js'
import type { BucketPolicy } from './policy/document.js'
import type { Owner, ServerSideEncryptionRule } from './shapes.js'
import type { Tag } from './tagging.js'
import type { CorsRule } from './cors.js'
import type { StoredLifecycleRule } from './lifecycle.js'
import type { Grant, ObjectOwnership } from './access-control.js'
import type { PublicAccessBlockConfiguration } from './public-access.js'
import type { WebsiteConfiguration } from './website.js'
import type { LoggingEnabled } from './logging.js'
import type { NotificationConfiguration } from './notification.js'
import type { ReplicationConfiguration } from './replication.js'
import type { IdConfigurations } from './id-configurations.js'
import type { BucketMetadata } from './metadata-tables.js'
import type { BucketObjectLock } from './object-lock.js'

export type VersioningState = 'Unversioned' | 'Enabled' | 'Suspended'

/**
 * A bucket: where it lives, its configuration, and its objects. `objects` maps a key to its
 * versions, newest first; the first entry is the current one (or a delete marker). Operations
 * replace entries at their commit step only (DESIGN §3 rule 4).
 */
export interface Bucket {
  readonly name: string
  readonly region: string
  /** As given at creation (`EU` stays `EU`); undefined for us-east-1. */
  readonly locationConstraint: string | undefined
  readonly createdAt: Date
  versioning: VersioningState
  /** Default encryption; a new bucket has SSE-S3 (and, by default, SSE-C blocked). */
  encryption: ServerSideEncryptionRule
  readonly objects: Map<string, VersionEntry[]>
  /** The bucket policy, validated (PutBucketPolicy); none by default. */
  policy?: BucketPolicy
  /** PutBucketTagging's tag set; none by default (GetBucketTagging: NoSuchTagSet). */
  tags?: readonly Tag[]
  /** PutBucketCors's rules, validated; none by default (preflights answer 403). */
  cors?: readonly CorsRule[]
  /** Object Ownership; new buckets get BucketOwnerEnforced (since April 2023). */
  ownership?: ObjectOwnership
  /** Block Public Access; new buckets get all four settings on (since April 2023). */
  publicAccessBlock?: PublicAccessBlockConfiguration
  /** The bucket ACL; none stored means the owner's full control. */
  acl?: readonly Grant[]
  /** PutBucketLifecycleConfiguration's rules, validated; applied by lifecycle-engine.ts. */
  lifecycle?: {
    readonly rules: readonly StoredLifecycleRule[]
    /** `x-amz-transition-default-minimum-object-size`, stored and returned. */
    readonly minimumObjectSize: string
  }
  /** PutBucketWebsite's configuration; stored and returned, the endpoint is not served. */
  website?: WebsiteConfiguration
  /** PutBucketLogging's target; no log object is written. */
  logging?: LoggingEnabled
  /** PutBucketNotificationConfiguration's destinations; nothing is delivered. */
  notification?: NotificationConfiguration
  /** PutBucketReplication's rules; nothing is replicated. */
  replication?: ReplicationConfiguration
  /** Transfer Acceleration status; none until put (Get answers an empty document). */
  accelerate?: 'Enabled' | 'Suspended'
  /** Attribute-based access control status (PutBucketAbac); Disabled when unset. */
  abac?: 'Enabled' | 'Disabled'
  /** Requester Pays; BucketOwner when unset. */
  requestPayer?: 'Requester' | 'BucketOwner'
  /** Analytics, inventory, metrics and intelligent-tiering configurations, by kind and Id. */
  configurations?: IdConfigurations
  /** Object Lock, once enabled (at creation or by PutObjectLockConfiguration); never removed. */
  objectLock?: BucketObjectLock
  /** The S3 Metadata configuration (V1 or V2); the tables themselves are not written. */
  metadata?: BucketMetadata
}

/**
 * General purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): 3–63
 * characters; lower-case letters, digits, dots and hyphens; labels between dots start and end
 * with a letter or digit (so no `..`, `.-`, `-.`); not an IP address; reserved prefixes and
 * suffixes refused.
 */
const LABELS = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-']
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']

export function isValidBucketName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 63 &&
    LABELS.test(name) &&
    !IP_ADDRESS.test(name) &&
    !RESERVED_PREFIXES.some((p) => name.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => name.endsWith(s))
  )
}

export function assertValidBucketName(name: string): void {
  if (!isValidBucketName(name)) throw new InvalidBucketName(name)
}

/** `arn:aws:s3:::bucket` (S3 ARNs carry no region or account). */
export function bucketArn(bucket: string, region: string): string {
  return `arn:${partitionOf(region)}:s3:::${bucket}`
}

/** `arn:aws:s3:::bucket/key`, the object ARN SSE-KMS puts in the encryption context. */
export function objectArn(bucket: string, key: string, region: string): string {
  return `${bucketArn(bucket, region)}/${key}`
}

/** Notes the bucket (and object) an operation touched, for its audit event. */
export function noteResources(
  notes: AuditNotes,
  accountId: string,
  bucket: string,
  region: string,
  key?: string,
): void {
  notes.resources.push({ ARN: bucketArn(bucket, region), accountId, type: 'AWS::S3::Bucket' })
  if (key !== undefined) {
    notes.resources.push({
      ARN: objectArn(bucket, key, region),
      accountId,
      type: 'AWS::S3::Object',
    })
  }
}

/** The default-encryption rule of a new bucket (reference §1, §2: SSE-S3, 2026 SSE-C block). */
export function defaultEncryptionRule(blockSseC: boolean): ServerSideEncryptionRule {
  return {
    ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
    BucketKeyEnabled: false,
    ...(blockSseC ? { BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] } } : {}),
  }
}

/** True once versioning was ever turned on: responses then carry `VersionId` (`null` included). */
export function everVersioned(bucket: Bucket): boolean {
  return bucket.versioning !== 'Unversioned'
}

/**
 * The account's canonical user id as S3 lists it (64 hex characters). Derived from the account id
 * so it is stable across worlds; AWS no longer returns `DisplayName` (removed in 2025).
 */
export function ownerOf(accountId: string): Owner {
  // Every authorization asks (principalOf): hash once per account, hand out copies.
  let id = ownerIds.get(accountId)
  if (id === undefined) {
    const digest = digestOf('SHA256', new TextEncoder().encode(`s3-kms-mock:${accountId}`))
    id = Buffer.from(digest).toString('hex')
    ownerIds.set(accountId, id)
  }
  return { ID: id }
}

const ownerIds = new Map<string, string>()
