import { wildcardMatch } from '../../core/iam/wildcard.js'

/**
 * What a bucket policy may name: S3's actions with the resource type each applies to, and S3's
 * condition keys. From the Service Authorization Reference for Amazon S3 and the permissions the
 * SDK's command documentation lists. `account` actions (ListAllMyBuckets …) have no bucket or object
 * resource, so a bucket policy statement that names only them applies to nothing.
 */
export type ActionScope = 'bucket' | 'object' | 'account'

// prettier-ignore
const OBJECT_ACTIONS = [
  'AbortMultipartUpload', 'BypassGovernanceRetention', 'DeleteObject', 'DeleteObjectTagging',
  'DeleteObjectVersion', 'DeleteObjectVersionTagging', 'GetObject', 'GetObjectAcl',
  'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention', 'GetObjectTagging',
  'GetObjectTorrent', 'GetObjectVersion', 'GetObjectVersionAcl', 'GetObjectVersionAttributes',
  'GetObjectVersionForReplication', 'GetObjectVersionTagging', 'GetObjectVersionTorrent',
  'InitiateReplication', 'ListMultipartUploadParts', 'ObjectOwnerOverrideToBucketOwner',
  'PutObject', 'PutObjectAcl', 'PutObjectLegalHold', 'PutObjectRetention', 'PutObjectTagging',
  'PutObjectVersionAcl', 'PutObjectVersionTagging', 'RenameObject', 'ReplicateDelete',
  'ReplicateObject', 'ReplicateTags', 'RestoreObject', 'UpdateObjectEncryption',
  'GetObjectAnnotation', 'PutObjectAnnotation', 'DeleteObjectAnnotation',
]

// prettier-ignore
const BUCKET_ACTIONS = [
  'CreateBucket', 'DeleteBucket', 'DeleteBucketMetadataTableConfiguration',
  'DeleteBucketOwnershipControls', 'DeleteBucketPolicy', 'DeleteBucketWebsite',
  'GetAccelerateConfiguration', 'GetAnalyticsConfiguration', 'GetBucketAbac', 'GetBucketAcl',
  'GetBucketCORS', 'GetBucketLocation', 'GetBucketLogging', 'GetBucketMetadataTableConfiguration',
  'GetBucketNotification', 'GetBucketObjectLockConfiguration', 'GetBucketOwnershipControls',
  'GetBucketPolicy', 'GetBucketPolicyStatus', 'GetBucketPublicAccessBlock',
  'GetBucketRequestPayment', 'GetBucketTagging', 'GetBucketVersioning', 'GetBucketWebsite',
  'GetEncryptionConfiguration', 'GetIntelligentTieringConfiguration',
  'GetInventoryConfiguration', 'GetLifecycleConfiguration', 'GetMetricsConfiguration',
  'GetReplicationConfiguration', 'ListBucket', 'ListBucketMultipartUploads',
  'ListBucketVersions', 'ListObjectAnnotations', 'CreateBucketMetadataTableConfiguration',
  'PutAccelerateConfiguration', 'PutAnalyticsConfiguration', 'PutBucketABAC', 'PutBucketAcl',
  'PutBucketCORS', 'PutBucketLogging', 'PutBucketNotification', 'PutBucketObjectLockConfiguration',
  'PutBucketOwnershipControls', 'PutBucketPolicy', 'PutBucketPublicAccessBlock',
  'PutBucketRequestPayment', 'PutBucketTagging', 'PutBucketVersioning', 'PutBucketWebsite',
  'PutEncryptionConfiguration', 'PutIntelligentTieringConfiguration', 'PutInventoryConfiguration',
  'PutLifecycleConfiguration', 'PutMetricsConfiguration', 'PutReplicationConfiguration',
  'UpdateBucketMetadataInventoryTableConfiguration',
  'UpdateBucketMetadataJournalTableConfiguration',
  'UpdateBucketMetadataAnnotationTableConfiguration',
]

// prettier-ignore
const ACCOUNT_ACTIONS = [
  'ListAllMyBuckets', 'GetAccountPublicAccessBlock', 'PutAccountPublicAccessBlock',
  'ListAccessPoints', 'CreateJob', 'ListJobs', 'ListStorageLensConfigurations',
]

const SCOPES: ReadonlyMap<string, ActionScope> = new Map([
  ...OBJECT_ACTIONS.map((a) => [`s3:${a.toLowerCase()}`, 'object'] as const),
  ...BUCKET_ACTIONS.map((a) => [`s3:${a.toLowerCase()}`, 'bucket'] as const),
  ...ACCOUNT_ACTIONS.map((a) => [`s3:${a.toLowerCase()}`, 'account'] as const),
])

/**
 * The scopes of the S3 actions an Action pattern names (`s3:Get*` names bucket and object
 * actions); empty when it names none, which S3 refuses as "Policy has invalid action".
 */
export function scopesOfActionPattern(pattern: string): Set<ActionScope> {
  const scopes = new Set<ActionScope>()
  if (pattern === '*') return new Set(['bucket', 'object', 'account'])
  for (const [action, scope] of SCOPES) {
    if (wildcardMatch(pattern, action, true)) scopes.add(scope)
  }
  return scopes
}

/**
 * S3's condition keys (Service Authorization Reference), lower case; `/` and `-` prefixes stand for
 * families (`s3:ExistingObjectTag/<key>`, `s3:x-amz-grant-read` …). Global `aws:` keys are all
 * accepted.
 */
// prettier-ignore
const S3_CONDITION_KEYS = new Set([
  'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-server-side-encryption-customer-algorithm', 'x-amz-server-side-encryption-context',
  'x-amz-acl', 'x-amz-content-sha256', 'x-amz-copy-source', 'x-amz-metadata-directive',
  'x-amz-storage-class', 'x-amz-website-redirect-location', 'x-amz-object-ownership',
  'prefix', 'delimiter', 'max-keys', 'versionid', 'signatureversion', 'authtype',
  'signatureage', 'tlsversion', 'requestobjecttagkeys', 'if-match', 'if-none-match',
  'objectcreationoperation', 'resourceaccount', 'locationconstraint', 'dataaccesspointarn',
  'dataaccesspointaccount', 'accesspointnetworkorigin', 'accessgrantsinstancearn',
  'object-lock-mode', 'object-lock-retain-until-date', 'object-lock-remaining-retention-days',
  'object-lock-legal-hold', 'bucketversioningstatus',
])
const S3_CONDITION_KEY_FAMILIES = ['existingobjecttag/', 'requestobjecttag/', 'x-amz-grant-']

export function isKnownConditionKey(key: string): boolean {
  const lower = key.toLowerCase()
  if (lower.startsWith('aws:')) return lower.length > 4
  if (!lower.startsWith('s3:')) return false
  const name = lower.slice(3)
  return S3_CONDITION_KEYS.has(name) || S3_CONDITION_KEY_FAMILIES.some((f) => name.startsWith(f))
}
