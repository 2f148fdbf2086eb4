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
import type { S3Operation } from './table.js'

/**
 * Every S3 operation the domain implements, merged from one table per operation group. The REST-XML
 * protocol's decoders and encoders are typed over the same keys (via `S3Shapes`), so an operation
 * without a decoder (or the reverse) does not compile.
 */
export const s3Operations = {
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
} satisfies Record<string, S3Operation<never, unknown>>

export type S3OperationName = keyof typeof s3Operations

/** Input and output shape of every operation, derived from the implementations. */
export type S3Shapes = {
  [K in S3OperationName]: {
    input: Parameters<(typeof s3Operations)[K]>[0]
    output: Awaited<ReturnType<(typeof s3Operations)[K]>>
  }
}

/** Operations that only read (CloudTrail's `readOnly`). */
export const s3ReadOnly: ReadonlySet<string> = new Set<S3OperationName>([
  'HeadBucket',
  'ListBuckets',
  'GetBucketLocation',
  'GetBucketVersioning',
  'GetBucketEncryption',
  'GetBucketPolicy',
  'GetObject',
  'HeadObject',
  'ListObjectsV2',
  'ListObjects',
  'ListObjectVersions',
  'ListParts',
  'ListMultipartUploads',
  'GetObjectAttributes',
])
