/**
 * What docs/coverage.md says of each SDK command the operation tables do not implement, and of
 * implemented commands that answer as AWS answers for what the mock emulates (a general-purpose
 * bucket in a Region) rather than doing the work. The coverage test fails when a command of the
 * installed SDK is in neither the tables nor here, and when a note goes stale.
 */
export type CoverageNote =
  | { readonly status: 'not-implemented'; readonly reason: string }
  | { readonly status: 'answered-as-aws'; readonly how: string }

const LATER = 'not built yet (issue #16 breadth, in order of use); answers 501 NotImplemented'

const notImplemented = (reason: string): CoverageNote => ({ status: 'not-implemented', reason })

export const S3_NOTES: Readonly<Record<string, CoverageNote>> = {
  // Attribute-based access control for buckets (2025).
  GetBucketAbac: notImplemented(LATER),
  PutBucketAbac: notImplemented(LATER),
  // Configuration-only bucket features (item 6).
  GetBucketNotificationConfiguration: notImplemented(LATER),
  PutBucketNotificationConfiguration: notImplemented(LATER),
  GetBucketWebsite: notImplemented(LATER),
  PutBucketWebsite: notImplemented(LATER),
  DeleteBucketWebsite: notImplemented(LATER),
  GetBucketLogging: notImplemented(LATER),
  PutBucketLogging: notImplemented(LATER),
  GetBucketAccelerateConfiguration: notImplemented(LATER),
  PutBucketAccelerateConfiguration: notImplemented(LATER),
  GetBucketRequestPayment: notImplemented(LATER),
  PutBucketRequestPayment: notImplemented(LATER),
  GetBucketReplication: notImplemented(LATER),
  PutBucketReplication: notImplemented(LATER),
  DeleteBucketReplication: notImplemented(LATER),
  GetBucketInventoryConfiguration: notImplemented(LATER),
  PutBucketInventoryConfiguration: notImplemented(LATER),
  DeleteBucketInventoryConfiguration: notImplemented(LATER),
  ListBucketInventoryConfigurations: notImplemented(LATER),
  GetBucketAnalyticsConfiguration: notImplemented(LATER),
  PutBucketAnalyticsConfiguration: notImplemented(LATER),
  DeleteBucketAnalyticsConfiguration: notImplemented(LATER),
  ListBucketAnalyticsConfigurations: notImplemented(LATER),
  GetBucketMetricsConfiguration: notImplemented(LATER),
  PutBucketMetricsConfiguration: notImplemented(LATER),
  DeleteBucketMetricsConfiguration: notImplemented(LATER),
  ListBucketMetricsConfigurations: notImplemented(LATER),
  GetBucketIntelligentTieringConfiguration: notImplemented(LATER),
  PutBucketIntelligentTieringConfiguration: notImplemented(LATER),
  DeleteBucketIntelligentTieringConfiguration: notImplemented(LATER),
  ListBucketIntelligentTieringConfigurations: notImplemented(LATER),
  CreateBucketMetadataConfiguration: notImplemented(LATER),
  GetBucketMetadataConfiguration: notImplemented(LATER),
  DeleteBucketMetadataConfiguration: notImplemented(LATER),
  CreateBucketMetadataTableConfiguration: notImplemented(LATER),
  GetBucketMetadataTableConfiguration: notImplemented(LATER),
  DeleteBucketMetadataTableConfiguration: notImplemented(LATER),
  UpdateBucketMetadataInventoryTableConfiguration: notImplemented(LATER),
  UpdateBucketMetadataJournalTableConfiguration: notImplemented(LATER),
  UpdateBucketMetadataAnnotationTableConfiguration: notImplemented(LATER),
  // Objects (item 7).
  GetObjectTorrent: notImplemented(LATER),
  RenameObject: notImplemented(LATER),
  GetObjectAnnotation: notImplemented(LATER),
  PutObjectAnnotation: notImplemented(LATER),
  DeleteObjectAnnotation: notImplemented(LATER),
  ListObjectAnnotations: notImplemented(LATER),
  SelectObjectContent: notImplemented(
    'S3 Select is closed to new customers since July 2024 and needs an SQL engine over CSV/JSON/Parquet; answers 501 NotImplemented naming the operation',
  ),
  WriteGetObjectResponse: notImplemented(LATER),
  CreateSession: notImplemented(LATER),
  ListDirectoryBuckets: notImplemented(LATER),
}

export const KMS_NOTES: Readonly<Record<string, CoverageNote>> = {
  ReplicateKey: notImplemented(LATER),
  UpdatePrimaryRegion: notImplemented(LATER),
  DeriveSharedSecret: notImplemented(LATER),
  Encapsulate: notImplemented(LATER),
  Decapsulate: notImplemented(LATER),
  GetKeyLastUsage: notImplemented(LATER),
  CreateCustomKeyStore: notImplemented(LATER),
  ConnectCustomKeyStore: notImplemented(LATER),
  DeleteCustomKeyStore: notImplemented(LATER),
  DescribeCustomKeyStores: notImplemented(LATER),
  DisconnectCustomKeyStore: notImplemented(LATER),
  UpdateCustomKeyStore: notImplemented(LATER),
}
