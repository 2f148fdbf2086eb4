/**
 * s3-kms-mock: in-process Amazon S3 and AWS KMS for tests, with real encryption.
 * @packageDocumentation
 */
export { createMockAws } from './world/create-world.js'
export type { MockAws } from './world/mock-aws.js'
export type {
  SdkAbortSignal,
  SdkHandlerOptions,
  SdkHttpRequest,
  SdkHttpResponse,
  SdkRequestHandler,
} from './transport/sdk-request-handler.js'
export type { MockAwsOptions } from './world/options.js'
export type { KmsView } from './world/facades.js'
export type { S3View, S3ObjectRef, StoredObject, StoredEncryption } from './world/s3-view.js'
export type {
  S3EventBridgeEvent,
  S3EventDelivery,
  S3EventListener,
  S3EventMessage,
  S3EventRecord,
} from './s3/event-messages.js'
export type { MockCredentials } from './world/options.js'
export type { MockPrincipal } from './core/iam/principal.js'
export type { PrincipalAccess } from './world/principals.js'
export type { AuthorizationRecord, AuthorizationReason } from './core/iam/decision.js'
export type { DecidingStatement } from './core/iam/evaluate.js'
export { AwsError } from './core/aws-error.js'
export { UsageError } from './core/usage-error.js'
export { ManualClock, type Clock } from './core/clock.js'
export { Secret } from './core/secret.js'
export type { AuditEvent, AuditFilter, AuditResource, AuditUserIdentity } from './core/audit.js'
export type { FaultRule, FaultHandle } from './core/faults.js'
export type { KeyMetadata, MultiRegionConfiguration, MultiRegionKey } from './kms/shapes.js'
export type { InspectOptions } from './world/inspect.js'
export type {
  WorldFile,
  WorldFileBucket,
  WorldFileBucketEncryption,
  WorldFileKey,
  WorldFileObject,
  WorldFileObjectEncryption,
} from './world/world-file.js'
