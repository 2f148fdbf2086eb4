import { partitionOf } from '../core/arn.js'
import type { Random } from '../core/random.js'
import { InvalidArgument, MalformedXML } from './errors.js'

/**
 * S3 Metadata configurations of a general purpose bucket (model names). S3 writes the journal,
 * live inventory and annotation tables into S3 Tables, which the mock does not emulate: it
 * stores the configuration, validates it as the API reference describes, and answers Get with
 * what S3 reports once the tables exist (status `ACTIVE`, the names and ARNs S3 derives).
 *
 * - V1 (CreateBucketMetadataTableConfiguration, 2024): one journal table, named by the caller,
 *   in a customer table bucket, namespace `aws_s3_metadata` (S3TablesDestinationResult).
 * - V2 (CreateBucketMetadataConfiguration, July 2025): tables `journal`, `inventory` and
 *   `annotation` in the account's AWS managed table bucket `aws-s3`, namespace `b_<bucket>`
 *   ("Working with AWS managed table buckets"; "Viewing metadata table configurations").
 */

export interface MetadataTableEncryptionConfiguration {
  readonly SseAlgorithm: string
  readonly KmsKeyArn?: string
}
export interface RecordExpiration {
  readonly Expiration: string
  readonly Days?: number
}
export interface JournalTableConfiguration {
  readonly RecordExpiration: RecordExpiration
  readonly EncryptionConfiguration?: MetadataTableEncryptionConfiguration
}
/** InventoryTableConfiguration and InventoryTableConfigurationUpdates. */
export interface InventoryTableConfiguration {
  readonly ConfigurationState: string
  readonly EncryptionConfiguration?: MetadataTableEncryptionConfiguration
}
/** AnnotationTableConfiguration and AnnotationTableConfigurationUpdates. */
export interface AnnotationTableConfiguration extends InventoryTableConfiguration {
  readonly Role?: string
}
export interface MetadataConfiguration {
  readonly JournalTableConfiguration: JournalTableConfiguration
  readonly InventoryTableConfiguration?: InventoryTableConfiguration
  readonly AnnotationTableConfiguration?: AnnotationTableConfiguration
}
export interface MetadataTableConfiguration {
  readonly S3TablesDestination: { readonly TableBucketArn: string; readonly TableName: string }
}

/** A V2 table that can be switched on and off; its ARN is new each time it is enabled. */
export interface ManagedTable {
  readonly state: 'ENABLED' | 'DISABLED'
  readonly tableArn?: string
  readonly encryption?: MetadataTableEncryptionConfiguration
  readonly role?: string
}

/** What a bucket holds: at most one configuration, V1 or V2. */
export type BucketMetadata =
  | {
      readonly version: 1
      readonly tableBucketArn: string
      readonly tableName: string
      readonly tableArn: string
    }
  | {
      readonly version: 2
      readonly journal: {
        readonly tableArn: string
        readonly recordExpiration: RecordExpiration
        readonly encryption?: MetadataTableEncryptionConfiguration
      }
      readonly inventory: ManagedTable
      /** Only once an annotation table configuration was given. */
      readonly annotation?: ManagedTable
    }

/** The V1 namespace: "This value is always `aws_s3_metadata`" (S3TablesDestinationResult). */
export const V1_NAMESPACE = 'aws_s3_metadata'
/** "Each AWS account has one AWS managed table bucket per Region, … `aws-s3`". */
const MANAGED_TABLE_BUCKET = 'aws-s3'
/** S3's table status once a table is created and receiving records (JournalTableConfigurationResult). */
const ACTIVE = 'ACTIVE'
/** "any whole number from 7 to 2147483647" (RecordExpiration.Days). */
const MIN_DAYS = 7
const MAX_DAYS = 2147483647

const STATES: ReadonlySet<string> = new Set(['ENABLED', 'DISABLED'])
const SSE_ALGORITHMS: ReadonlySet<string> = new Set(['aws:kms', 'AES256'])
const PARTITION = '(aws|aws-cn|aws-us-gov)'
const KMS_KEY_ARN = new RegExp(`^arn:${PARTITION}:kms:([a-z0-9-]+):\\d{12}:key/[A-Za-z0-9-]+$`)
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`)
/** Table bucket names: 3–63 lower-case letters, digits and hyphens, alphanumeric at both ends. */
const TABLE_BUCKET_ARN = new RegExp(
  `^arn:${PARTITION}:s3tables:([a-z0-9-]+):(\\d{12}):bucket/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])$`,
)
/** Table names: 1–255 lower-case letters, digits and underscores, alphanumeric at both ends. */
const TABLE_NAME = /^[a-z0-9]([a-z0-9_]{0,253}[a-z0-9])?$/

// Codes and texts of InvalidArgument below are _uncaptured_: each names the condition the API
// reference states, ArgumentName the member.

function validState(state: string): 'ENABLED' | 'DISABLED' {
  if (!STATES.has(state)) throw new MalformedXML()
  return state as 'ENABLED' | 'DISABLED'
}

/**
 * "If … SSE-KMS is specified, you must also specify the KMS key ARN … a customer-managed KMS key
 * that's located in the same Region as the general purpose bucket" (MetadataTableEncryptionConfiguration).
 * The operations then look the key up in KMS (operations/metadata-tables.ts).
 */
function validEncryption(
  enc: MetadataTableEncryptionConfiguration | undefined,
  region: string,
): MetadataTableEncryptionConfiguration | undefined {
  if (enc === undefined) return undefined
  if (!SSE_ALGORITHMS.has(enc.SseAlgorithm)) throw new MalformedXML()
  const key = enc.KmsKeyArn
  if (enc.SseAlgorithm === 'AES256') {
    if (key !== undefined) {
      throw new InvalidArgument(
        'KmsKeyArn can only be specified when SseAlgorithm is aws:kms.',
        'KmsKeyArn',
        key,
      )
    }
    return { SseAlgorithm: 'AES256' }
  }
  if (key === undefined || key === '') {
    throw new InvalidArgument(
      'KmsKeyArn must be specified when SseAlgorithm is aws:kms.',
      'KmsKeyArn',
      key ?? '',
    )
  }
  const match = KMS_KEY_ARN.exec(key)
  if (match === null || match[2] !== region) {
    throw new InvalidArgument(
      'KmsKeyArn must be the ARN of a KMS key in the same Region as the bucket.',
      'KmsKeyArn',
      key,
    )
  }
  return { SseAlgorithm: 'aws:kms', KmsKeyArn: key }
}

/** Expiration ENABLED needs Days from 7 to 2147483647 (RecordExpiration). */
export function validRecordExpiration(expiration: RecordExpiration): RecordExpiration {
  if (!STATES.has(expiration.Expiration)) throw new MalformedXML()
  const days = expiration.Days
  if (expiration.Expiration === 'ENABLED' && days === undefined) {
    throw new InvalidArgument(
      'Days must be specified when journal table record expiration is ENABLED.',
      'Days',
      '',
    )
  }
  if (days !== undefined && (days < MIN_DAYS || days > MAX_DAYS)) {
    throw new InvalidArgument(
      `Days must be a whole number from ${MIN_DAYS} to ${MAX_DAYS}.`,
      'Days',
      String(days),
    )
  }
  return days === undefined
    ? { Expiration: expiration.Expiration }
    : { Expiration: expiration.Expiration, Days: days }
}

function validRole(role: string | undefined): string | undefined {
  if (role !== undefined && !ROLE_ARN.test(role)) {
    throw new InvalidArgument('Role must be the ARN of an IAM role.', 'Role', role)
  }
  return role
}

/** Where the V2 tables live: the AWS managed table bucket of the account and Region. */
function managedTableBucketArn(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:s3tables:${region}:${accountId}:bucket/${MANAGED_TABLE_BUCKET}`
}

/**
 * The V2 namespace: `b_` and the bucket's name ("Replace `b_general-purpose-bucket-name` with the
 * name of your namespace", example metadata table queries). Dots become underscores, as tools
 * that query these tables derive it (third-party evidence, _uncaptured_ here); hyphens stay, as
 * in the user guide's example output.
 */
export function managedNamespace(bucket: string): string {
  return `b_${bucket.replaceAll('.', '_')}`
}

const tableArnIn = (tableBucketArn: string, random: Random) =>
  `${tableBucketArn}/table/${random.uuid()}`

/**
 * A V2 table after an update: enabling a disabled table creates it anew (a new ARN), disabling
 * drops it, and an enabled table keeps its ARN and encryption ("You can change the default
 * encryption … only if you encrypted the initial table with a customer managed … key": the
 * encryption of an existing table is not changed here, _uncaptured_).
 */
function nextTable(
  current: ManagedTable | undefined,
  update: AnnotationTableConfiguration,
  tableBucketArn: string,
  region: string,
  random: Random,
): ManagedTable {
  const state = validState(update.ConfigurationState)
  const encryption = validEncryption(update.EncryptionConfiguration, region)
  const role = validRole(update.Role) ?? current?.role
  const withRole = role === undefined ? {} : { role }
  if (state === 'DISABLED') return { state, ...withRole }
  if (current?.state === 'ENABLED') return { ...current, ...withRole }
  return {
    state,
    tableArn: tableArnIn(tableBucketArn, random),
    ...(encryption === undefined ? {} : { encryption }),
    ...withRole,
  }
}

/** A V2 configuration from CreateBucketMetadataConfiguration. */
export function newV2Configuration(
  config: MetadataConfiguration,
  bucket: { readonly region: string },
  accountId: string,
  random: Random,
): Extract<BucketMetadata, { version: 2 }> {
  const tableBucketArn = managedTableBucketArn(bucket.region, accountId)
  const journal = config.JournalTableConfiguration
  const recordExpiration = validRecordExpiration(journal.RecordExpiration)
  const journalEncryption = validEncryption(journal.EncryptionConfiguration, bucket.region)
  const inventory = nextTable(
    undefined,
    config.InventoryTableConfiguration ?? { ConfigurationState: 'DISABLED' },
    tableBucketArn,
    bucket.region,
    random,
  )
  const annotation =
    config.AnnotationTableConfiguration === undefined
      ? undefined
      : nextTable(
          undefined,
          config.AnnotationTableConfiguration,
          tableBucketArn,
          bucket.region,
          random,
        )
  return {
    version: 2,
    journal: {
      tableArn: tableArnIn(tableBucketArn, random),
      recordExpiration,
      ...(journalEncryption === undefined ? {} : { encryption: journalEncryption }),
    },
    inventory,
    ...(annotation === undefined ? {} : { annotation }),
  }
}

/** The inventory or annotation table of a V2 configuration after an Update. */
export function updatedTable(
  current: ManagedTable | undefined,
  update: AnnotationTableConfiguration,
  bucket: { readonly region: string },
  accountId: string,
  random: Random,
): ManagedTable {
  return nextTable(
    current,
    update,
    managedTableBucketArn(bucket.region, accountId),
    bucket.region,
    random,
  )
}

/**
 * A V1 configuration: "The destination table bucket must be in the same Region and AWS account as
 * the general purpose bucket"; table names follow S3 Tables' naming rules (1–255 lower-case
 * letters, digits and underscores). The table bucket itself is not looked up (S3 Tables is not
 * emulated): S3 reports a missing one on the table (ErrorDetails), not on the call.
 */
export function newV1Configuration(
  config: MetadataTableConfiguration,
  bucket: { readonly region: string },
  accountId: string,
  random: Random,
): BucketMetadata {
  const { TableBucketArn, TableName } = config.S3TablesDestination
  const match = TABLE_BUCKET_ARN.exec(TableBucketArn)
  if (match?.[2] !== bucket.region || match[3] !== accountId) {
    throw new InvalidArgument(
      'TableBucketArn must be the ARN of a table bucket in the same Region and account as the bucket.',
      'TableBucketArn',
      TableBucketArn,
    )
  }
  if (!TABLE_NAME.test(TableName)) {
    throw new InvalidArgument(
      'TableName must be 1 to 255 lower-case letters, numbers and underscores, beginning and ending with a letter or number.',
      'TableName',
      TableName,
    )
  }
  return {
    version: 1,
    tableBucketArn: TableBucketArn,
    tableName: TableName,
    tableArn: tableArnIn(TableBucketArn, random),
  }
}

/** GetBucketMetadataConfigurationResult's content (encryption settings are not reported). */
export function configurationResult(
  metadata: BucketMetadata,
  bucket: { readonly name: string; readonly region: string },
  accountId: string,
): object {
  if (metadata.version === 1) {
    // A V1 configuration seen through V2: a customer table bucket, no record expiration.
    return {
      DestinationResult: {
        TableBucketType: 'customer',
        TableBucketArn: metadata.tableBucketArn,
        TableNamespace: V1_NAMESPACE,
      },
      JournalTableConfigurationResult: {
        TableStatus: ACTIVE,
        TableName: metadata.tableName,
        TableArn: metadata.tableArn,
        RecordExpiration: { Expiration: 'DISABLED' },
      },
    }
  }
  return {
    DestinationResult: {
      TableBucketType: 'aws',
      TableBucketArn: managedTableBucketArn(bucket.region, accountId),
      TableNamespace: managedNamespace(bucket.name),
    },
    JournalTableConfigurationResult: {
      TableStatus: ACTIVE,
      TableName: 'journal',
      TableArn: metadata.journal.tableArn,
      RecordExpiration: metadata.journal.recordExpiration,
    },
    InventoryTableConfigurationResult: tableResult(metadata.inventory, 'inventory'),
    ...(metadata.annotation === undefined
      ? {}
      : { AnnotationTableConfigurationResult: tableResult(metadata.annotation, 'annotation') }),
  }
}

function tableResult(table: ManagedTable, name: string): object {
  return {
    ConfigurationState: table.state,
    ...(table.tableArn === undefined
      ? {}
      : { TableStatus: ACTIVE, TableName: name, TableArn: table.tableArn }),
    ...(table.role === undefined ? {} : { Role: table.role }),
  }
}

/** GetBucketMetadataTableConfigurationResult's content for a V1 configuration. */
export function tableConfigurationResult(
  metadata: Extract<BucketMetadata, { version: 1 }>,
): object {
  return {
    MetadataTableConfigurationResult: {
      S3TablesDestinationResult: {
        TableBucketArn: metadata.tableBucketArn,
        TableName: metadata.tableName,
        TableArn: metadata.tableArn,
        TableNamespace: V1_NAMESPACE,
      },
    },
    Status: ACTIVE,
  }
}
