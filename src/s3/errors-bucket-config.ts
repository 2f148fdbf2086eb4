import { BucketError, S3Error } from './errors.js'

/**
 * Errors of the configuration-only bucket features (website, logging, notification, replication,
 * analytics, inventory, metrics, intelligent tiering), one class per code (DESIGN §4). Codes and
 * statuses are from the API reference's per-operation error lists; texts are those recorded by
 * LocalStack's AWS-validated tests unless marked _uncaptured_.
 */

/** 404 `NoSuchWebsiteConfiguration` (GetBucketWebsite). */
export class NoSuchWebsiteConfiguration extends BucketError {
  static override readonly text = 'The specified bucket does not have a website configuration'
  readonly code = 'NoSuchWebsiteConfiguration'
  readonly status = 404
}

/** 404 `ReplicationConfigurationNotFoundError` (GetBucketReplication). */
export class ReplicationConfigurationNotFoundError extends BucketError {
  static override readonly text = 'The replication configuration was not found'
  readonly code = 'ReplicationConfigurationNotFoundError'
  readonly status = 404
}

/** 404 `NoSuchConfiguration`: an analytics, inventory, metrics or tiering Id not set. */
export class NoSuchConfiguration extends S3Error {
  readonly code = 'NoSuchConfiguration'
  readonly status = 404
  constructor() {
    super('The specified configuration does not exist.')
  }
}

/**
 * 400 `TooManyConfigurations`: "You are attempting to create a new configuration but have already
 * reached the 1,000-configuration limit." (PutBucketMetricsConfiguration and
 * PutBucketInventoryConfiguration API reference).
 */
export class TooManyConfigurations extends S3Error {
  readonly code = 'TooManyConfigurations'
  readonly status = 400
  constructor() {
    super(
      'You are attempting to create a new configuration but have already reached the 1,000-configuration limit.',
    )
  }
}

/** 400 `IdMismatch`: the document's Id differs from the `id` query parameter. */
export class IdMismatch extends S3Error {
  readonly code = 'IdMismatch'
  readonly status = 400
  constructor() {
    super('Document ID does not match the specified configuration ID.')
  }
}

/** 400 `InvalidS3DestinationBucket`: an inventory destination that is not a bucket ARN. */
export class InvalidS3DestinationBucket extends S3Error {
  readonly code = 'InvalidS3DestinationBucket'
  readonly status = 400
  constructor() {
    super('Invalid bucket ARN.')
  }
}

/** 400 `InvalidTargetBucketForLogging` (ErrorResponses: "The target bucket for logging does not exist…"). */
export class InvalidTargetBucketForLogging extends S3Error {
  readonly code = 'InvalidTargetBucketForLogging'
  readonly status = 400
  constructor(message: string, targetBucket: string) {
    super(message, { TargetBucket: targetBucket })
  }
}

/**
 * 403 `CrossLocationLoggingProhibitted` (S3's spelling, ErrorResponses): the target bucket is in
 * another Region. From us-east-1, S3 names only the target's location.
 */
export class CrossLocationLoggingProhibitted extends S3Error {
  readonly code = 'CrossLocationLoggingProhibitted'
  readonly status = 403
  constructor(sourceRegion: string, targetRegion: string) {
    super(
      'Cross S3 location logging not allowed. ',
      sourceRegion === 'us-east-1'
        ? { TargetBucketLocation: targetRegion }
        : { SourceBucketLocation: sourceRegion, TargetBucketLocation: targetRegion },
    )
  }
}

// ── S3 Metadata (metadata-tables.ts) ────────────────────────────────────────

/**
 * 404 `MetadataConfigurationNotFound`: the bucket has no S3 Metadata configuration. Code, status
 * and text as S3 answered GetBucketMetadataConfiguration for a bucket nobody configured (a
 * third-party byte-for-byte capture, 2026-09); the Terraform AWS provider matches the same code on
 * Delete. For the V1 operations and the Updates the code is _uncaptured_.
 */
export class MetadataConfigurationNotFound extends BucketError {
  static override readonly text = 'The metadata configuration was not found'
  readonly code = 'MetadataConfigurationNotFound'
  readonly status = 404
}

/**
 * 409 `MetadataConfigurationAlreadyExists`: Create (V1 or V2) on a bucket that has a
 * configuration ("delete … and then create a new metadata configuration", ErrorDetails). Code,
 * status and text _uncaptured_: those of Alibaba OSS's copy of this API, whose not-found code
 * matches S3's.
 */
export class MetadataConfigurationAlreadyExists extends BucketError {
  static override readonly text = 'The metadata table configuration already exists.'
  readonly code = 'MetadataConfigurationAlreadyExists'
  readonly status = 409
}

/**
 * 405 `V1APIsNotAllowed`: a V1 operation (GetBucketMetadataTableConfiguration,
 * DeleteBucketMetadataTableConfiguration) on a V2 configuration ("you will receive an HTTP 405
 * Method Not Allowed error", API reference). Text and `<Method>` as S3 answered V1 Get in an
 * account without V1 (third-party capture, 2026-09); for a V2 configuration the text is
 * _uncaptured_.
 */
export class V1APIsNotAllowed extends S3Error {
  readonly code = 'V1APIsNotAllowed'
  readonly status = 405
  constructor(operation: string, v2Operation: string, method: string) {
    super(
      `The V1 ${operation} API operation isn't available for this account. Use the corresponding V2 ${v2Operation} API operation instead.`,
      { Method: method },
    )
  }
}
