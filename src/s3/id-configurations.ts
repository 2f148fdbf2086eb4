import { InvalidArgument, MalformedXML } from './errors.js'
import { IdMismatch, InvalidS3DestinationBucket } from './errors-bucket-config.js'

/**
 * Id-keyed bucket configurations: analytics, inventory, metrics and S3 Intelligent-Tiering
 * archive settings, each a map from Id to the document put (model names). Stored, validated and
 * returned; no analysis, inventory report, CloudWatch metric or tier change is produced.
 */
export type ConfigurationKind = 'analytics' | 'inventory' | 'metrics' | 'intelligentTiering'

export interface IdConfiguration {
  readonly Id: string
}

export type IdConfigurations = Partial<
  Record<ConfigurationKind, ReadonlyMap<string, IdConfiguration>>
>

/** "You can have up to 1,000 … configurations per bucket" (user guide for each feature). */
export const MAX_CONFIGURATIONS = 1000

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[^/]+$/
const oneOf = (value: string | undefined, allowed: readonly string[]): void => {
  if (value !== undefined && !allowed.includes(value)) throw new MalformedXML()
}

interface S3BucketDestination {
  readonly Bucket: string
  readonly Format: string
}

interface AnalyticsConfiguration extends IdConfiguration {
  readonly StorageClassAnalysis: {
    readonly DataExport?: {
      readonly OutputSchemaVersion: string
      readonly Destination: { readonly S3BucketDestination: S3BucketDestination }
    }
  }
}

interface InventoryConfiguration extends IdConfiguration {
  readonly Destination: { readonly S3BucketDestination: S3BucketDestination }
  readonly IncludedObjectVersions: string
  readonly Schedule: { readonly Frequency: string }
  readonly OptionalFields?: readonly string[]
}

interface IntelligentTieringConfiguration extends IdConfiguration {
  readonly Status: string
  readonly Tierings: readonly { readonly Days: number; readonly AccessTier: string }[]
}

/** The model's `InventoryOptionalField` enum. */
const INVENTORY_FIELDS = [
  'Size',
  'LastModifiedDate',
  'StorageClass',
  'ETag',
  'IsMultipartUploaded',
  'ReplicationStatus',
  'EncryptionStatus',
  'ObjectLockRetainUntilDate',
  'ObjectLockMode',
  'ObjectLockLegalHoldStatus',
  'IntelligentTieringAccessTier',
  'BucketKeyStatus',
  'ChecksumAlgorithm',
  'ObjectAccessControlList',
  'ObjectOwner',
  'LifecycleExpirationDate',
]

/** Archive tiers and their day ranges (user guide, "S3 Intelligent-Tiering access tiers"). */
const TIER_DAYS: Readonly<Record<string, readonly [number, number]>> = {
  ARCHIVE_ACCESS: [90, 730],
  DEEP_ARCHIVE_ACCESS: [180, 730],
}

/**
 * Per kind: the document's checks after the model's (required members, types). Id mismatch is
 * IdMismatch for inventory and MalformedXML for analytics and tiering (LocalStack's AWS-validated
 * tests); for metrics it is _uncaptured_ and follows analytics. Inventory's order is LocalStack's:
 * schema enums, then Id, then the destination ARN.
 */
const CHECKS: Readonly<Record<ConfigurationKind, (id: string, config: IdConfiguration) => void>> = {
  analytics(id, config) {
    const c = config as AnalyticsConfiguration
    const exp = c.StorageClassAnalysis.DataExport
    if (exp !== undefined) {
      oneOf(exp.OutputSchemaVersion, ['V_1'])
      oneOf(exp.Destination.S3BucketDestination.Format, ['CSV'])
    }
    if (config.Id !== id) throw new MalformedXML()
  },
  inventory(id, config) {
    const c = config as InventoryConfiguration
    oneOf(c.Destination.S3BucketDestination.Format, ['CSV', 'ORC', 'Parquet'])
    oneOf(c.Schedule.Frequency, ['Daily', 'Weekly'])
    oneOf(c.IncludedObjectVersions, ['All', 'Current'])
    for (const field of c.OptionalFields ?? []) oneOf(field, INVENTORY_FIELDS)
    if (config.Id !== id) throw new IdMismatch()
    if (!BUCKET_ARN.test(c.Destination.S3BucketDestination.Bucket)) {
      throw new InvalidS3DestinationBucket()
    }
  },
  metrics(id, config) {
    if (config.Id !== id) throw new MalformedXML()
  },
  intelligentTiering(id, config) {
    const c = config as IntelligentTieringConfiguration
    oneOf(c.Status, ['Enabled', 'Disabled'])
    for (const tiering of c.Tierings) {
      const range = TIER_DAYS[tiering.AccessTier]
      if (range === undefined) throw new MalformedXML()
      if (tiering.Days < range[0] || tiering.Days > range[1]) {
        // _uncaptured_ text; the ranges are the user guide's.
        throw new InvalidArgument(
          `The ${tiering.AccessTier} tier requires Days between ${range[0]} and ${range[1]}.`,
          'Days',
          String(tiering.Days),
        )
      }
    }
    if (config.Id !== id) throw new MalformedXML()
  },
}

/**
 * The document checked for its kind, and its Id: at most 64 letters, digits, `.`, `-`, `_`
 * (the features' API reference, "Id"; the error text is _uncaptured_).
 */
export function validIdConfiguration<T extends IdConfiguration>(
  kind: ConfigurationKind,
  id: string,
  config: T,
): T {
  CHECKS[kind](id, config)
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    throw new InvalidArgument('The configuration ID is not valid.', 'id', id)
  }
  return structuredClone(config)
}
