import { requestBucket } from '../bucket-lookup.js'
import type { Bucket } from '../bucket.js'
import type { S3Context } from '../context.js'
import { kmsErrorThroughS3 } from '../encryption/sse-kms.js'
import { InvalidArgument, InvalidRequest } from '../errors.js'
import {
  MetadataConfigurationAlreadyExists,
  MetadataConfigurationNotFound,
  V1APIsNotAllowed,
} from '../errors-bucket-config.js'
import {
  type AnnotationTableConfiguration,
  type BucketMetadata,
  configurationResult,
  type InventoryTableConfiguration,
  type ManagedTable,
  type MetadataConfiguration,
  type MetadataTableConfiguration,
  type MetadataTableEncryptionConfiguration,
  newV1Configuration,
  newV2Configuration,
  type RecordExpiration,
  tableConfigurationResult,
  updatedTable,
  validRecordExpiration,
} from '../metadata-tables.js'

/**
 * The nine S3 Metadata operations (metadata-tables.ts). A bucket has one configuration, V1 or V2:
 * Create answers 409 while one exists; the V2 Get and Delete serve both versions, the V1 Get and
 * Delete answer 405 `V1APIsNotAllowed` on a V2 configuration (API reference); the Updates change
 * a V2 configuration.
 */

interface BucketRequest {
  Bucket: string
}
export interface CreateBucketMetadataConfigurationRequest extends BucketRequest {
  MetadataConfiguration: MetadataConfiguration
}
export interface CreateBucketMetadataTableConfigurationRequest extends BucketRequest {
  MetadataTableConfiguration: MetadataTableConfiguration
}
export interface UpdateJournalTableRequest extends BucketRequest {
  JournalTableConfiguration: { RecordExpiration: RecordExpiration }
}
export interface UpdateInventoryTableRequest extends BucketRequest {
  InventoryTableConfiguration: InventoryTableConfiguration
}
export interface UpdateAnnotationTableRequest extends BucketRequest {
  AnnotationTableConfiguration: AnnotationTableConfiguration
}

function configured(bucket: Bucket): BucketMetadata {
  if (bucket.metadata === undefined) throw new MetadataConfigurationNotFound(bucket.name)
  return bucket.metadata
}

/** The V2 configuration an Update changes. */
function v2Of(bucket: Bucket): Extract<BucketMetadata, { version: 2 }> {
  const metadata = configured(bucket)
  if (metadata.version === 1) {
    // "If you created your S3 Metadata configuration before July 15, 2025, … delete and re-create
    // your configuration by using CreateBucketMetadataConfiguration" (API reference). Code and
    // text _uncaptured_.
    throw new InvalidRequest(
      'This operation requires a V2 metadata configuration. Delete the V1 configuration and create one with CreateBucketMetadataConfiguration.',
    )
  }
  return metadata
}

/**
 * The SSE-KMS keys of new tables, looked up as S3 does with the caller's `kms:DescribeKey`
 * (audited as S3's call). A key KMS does not find is S3's `KMS.NotFoundException` with KMS's text,
 * as for SSE-KMS writes; an AWS managed key is refused ("You must specify a customer-managed KMS
 * key", MetadataTableEncryptionConfiguration). Both answers are _uncaptured_ for S3 Metadata.
 */
async function checkTableKeys(
  ctx: S3Context,
  region: string,
  encryptions: readonly (MetadataTableEncryptionConfiguration | undefined)[],
): Promise<void> {
  const keys = new Set(
    encryptions.flatMap((e) => (e?.KmsKeyArn === undefined ? [] : [e.KmsKeyArn])),
  )
  for (const keyId of keys) {
    let keyManager: string
    try {
      ;({ keyManager } = await ctx.keys.describeKey({ keyId, region }))
    } catch (error) {
      throw kmsErrorThroughS3(error)
    }
    if (keyManager !== 'CUSTOMER') {
      throw new InvalidArgument(
        'KmsKeyArn must be the ARN of a customer managed key.',
        'KmsKeyArn',
        keyId,
      )
    }
  }
}

/** The encryption of a table an Update creates (an enabled table keeps its own). */
const createdEncryption = (before: ManagedTable | undefined, after: ManagedTable) =>
  after.tableArn !== undefined && after.tableArn !== before?.tableArn ? after.encryption : undefined

function unconfigured(bucket: Bucket): void {
  if (bucket.metadata !== undefined) throw new MetadataConfigurationAlreadyExists(bucket.name)
}

/** CreateBucketMetadataConfiguration (V2): journal, inventory and annotation tables in `aws-s3`. */
export async function createBucketMetadataConfiguration(
  input: CreateBucketMetadataConfigurationRequest,
  ctx: S3Context,
): Promise<Record<string, never>> {
  const bucket = requestBucket(ctx, input.Bucket)
  const metadata = newV2Configuration(
    input.MetadataConfiguration,
    bucket,
    ctx.accountId,
    ctx.random,
  )
  await checkTableKeys(ctx, bucket.region, [
    metadata.journal.encryption,
    metadata.inventory.encryption,
    metadata.annotation?.encryption,
  ])
  unconfigured(bucket)
  bucket.metadata = metadata
  return {}
}

/** GetBucketMetadataConfiguration (V2): a V1 or V2 configuration. */
export function getBucketMetadataConfiguration(
  input: BucketRequest,
  ctx: S3Context,
): { MetadataConfigurationResult: object } {
  const bucket = requestBucket(ctx, input.Bucket)
  return {
    MetadataConfigurationResult: configurationResult(configured(bucket), bucket, ctx.accountId),
  }
}

/** DeleteBucketMetadataConfiguration (V2): deletes a V1 or V2 configuration. */
export function deleteBucketMetadataConfiguration(
  input: BucketRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  configured(bucket)
  delete bucket.metadata
  return {}
}

/** CreateBucketMetadataTableConfiguration (V1): a journal table in a customer table bucket. */
export function createBucketMetadataTableConfiguration(
  input: CreateBucketMetadataTableConfigurationRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const metadata = newV1Configuration(
    input.MetadataTableConfiguration,
    bucket,
    ctx.accountId,
    ctx.random,
  )
  unconfigured(bucket)
  bucket.metadata = metadata
  return {}
}

/** The V1 configuration a V1 Get or Delete addresses. */
function v1Of(bucket: Bucket, operation: string, v2Operation: string, method: string) {
  const metadata = configured(bucket)
  if (metadata.version === 2) throw new V1APIsNotAllowed(operation, v2Operation, method)
  return metadata
}

/** GetBucketMetadataTableConfiguration (V1). */
export function getBucketMetadataTableConfiguration(
  input: BucketRequest,
  ctx: S3Context,
): { GetBucketMetadataTableConfigurationResult: object } {
  const bucket = requestBucket(ctx, input.Bucket)
  const metadata = v1Of(
    bucket,
    'GetBucketMetadataTableConfiguration',
    'GetBucketMetadataConfiguration',
    'GET',
  )
  return { GetBucketMetadataTableConfigurationResult: tableConfigurationResult(metadata) }
}

/** DeleteBucketMetadataTableConfiguration (V1). */
export function deleteBucketMetadataTableConfiguration(
  input: BucketRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  v1Of(
    bucket,
    'DeleteBucketMetadataTableConfiguration',
    'DeleteBucketMetadataConfiguration',
    'DELETE',
  )
  delete bucket.metadata
  return {}
}

/** UpdateBucketMetadataJournalTableConfiguration: record expiration on or off. */
export function updateBucketMetadataJournalTableConfiguration(
  input: UpdateJournalTableRequest,
  ctx: S3Context,
): Record<string, never> {
  const bucket = requestBucket(ctx, input.Bucket)
  const recordExpiration = validRecordExpiration(input.JournalTableConfiguration.RecordExpiration)
  const metadata = v2Of(bucket)
  bucket.metadata = { ...metadata, journal: { ...metadata.journal, recordExpiration } }
  return {}
}

/** UpdateBucketMetadataInventoryTableConfiguration: the live inventory table on or off. */
export async function updateBucketMetadataInventoryTableConfiguration(
  input: UpdateInventoryTableRequest,
  ctx: S3Context,
): Promise<Record<string, never>> {
  const bucket = requestBucket(ctx, input.Bucket)
  const metadata = v2Of(bucket)
  const inventory = updatedTable(
    metadata.inventory,
    input.InventoryTableConfiguration,
    bucket,
    ctx.accountId,
    ctx.random,
  )
  await checkTableKeys(ctx, bucket.region, [createdEncryption(metadata.inventory, inventory)])
  bucket.metadata = { ...v2Of(bucket), inventory }
  return {}
}

/** UpdateBucketMetadataAnnotationTableConfiguration: the annotation table on or off, its role. */
export async function updateBucketMetadataAnnotationTableConfiguration(
  input: UpdateAnnotationTableRequest,
  ctx: S3Context,
): Promise<Record<string, never>> {
  const bucket = requestBucket(ctx, input.Bucket)
  const metadata = v2Of(bucket)
  const annotation = updatedTable(
    metadata.annotation,
    input.AnnotationTableConfiguration,
    bucket,
    ctx.accountId,
    ctx.random,
  )
  await checkTableKeys(ctx, bucket.region, [createdEncryption(metadata.annotation, annotation)])
  bucket.metadata = { ...v2Of(bucket), annotation }
  return {}
}
