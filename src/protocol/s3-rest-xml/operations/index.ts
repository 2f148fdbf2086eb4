import { namesIn, type ShapesOf } from '../../catalogue.js'
import type { S3OperationDefinition } from '../define.js'
import { attributeOperations } from './attributes.js'
import { bucketEncryptionOperations } from './bucket-encryption.js'
import { bucketPolicyOperations } from './bucket-policy.js'
import { bucketOperations } from './buckets.js'
import { copyOperations } from './copy.js'
import { listOperations } from './list.js'
import { multipartOperations } from './multipart.js'
import { objectOperations } from './objects.js'
import { postObjectOperations } from './post-object.js'
import { updateEncryptionOperations } from './update-encryption.js'
import { taggingOperations } from './tagging.js'
import { corsOperations } from './cors.js'
import { accessControlOperations } from './access-control.js'
import { lifecycleOperations } from './lifecycle.js'
import { websiteOperations } from './website.js'
import { bucketSettingOperations } from './bucket-settings.js'
import { notificationOperations } from './notification.js'
import { replicationOperations } from './replication.js'
import { idConfigurationOperations } from './id-configurations.js'
import { objectLockOperations } from './object-lock.js'
import { restoreOperations } from './restore.js'
import { directoryBucketOperations } from './directory-buckets.js'
import { torrentOperations } from './torrent.js'
import { annotationOperations } from './annotations.js'
import { metadataTableOperations } from './metadata-tables.js'

const groups = {
  ...bucketOperations,
  ...bucketEncryptionOperations,
  ...bucketPolicyOperations,
  ...objectOperations,
  ...listOperations,
  ...copyOperations,
  ...multipartOperations,
  ...attributeOperations,
  ...updateEncryptionOperations,
  ...postObjectOperations,
  ...taggingOperations,
  ...corsOperations,
  ...accessControlOperations,
  ...lifecycleOperations,
  ...websiteOperations,
  ...bucketSettingOperations,
  ...notificationOperations,
  ...replicationOperations,
  ...idConfigurationOperations,
  ...objectLockOperations,
  ...restoreOperations,
  ...directoryBucketOperations,
  ...torrentOperations,
  ...annotationOperations,
  ...metadataTableOperations,
}

/** The S3 operations this mock implements, named as AWS names them. */
export type S3OperationName = keyof typeof groups

/** Input and output shape of every operation, derived from the definitions. */
export type S3Shapes = ShapesOf<typeof groups>

/**
 * Every S3 operation, one definition each, merged from a file per operation group. The source of
 * the route table, the dispatcher, the policy actions and CloudTrail's `readOnly` (ADR 0009). The
 * annotation ties each key to a definition of that name.
 */
export const s3Operations: {
  readonly [K in S3OperationName]: S3OperationDefinition<
    K,
    S3Shapes[K]['input'],
    S3Shapes[K]['output']
  >
} = groups

export const isS3OperationName = namesIn(s3Operations)
