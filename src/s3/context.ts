import type { OperationContext } from '../core/context.js'
import type { S3EventSink } from './events.js'
import type { KeyService } from './key-service.js'
import type { S3State } from './state.js'

/**
 * What an S3 operation receives: the shared context (clock, random, region of the endpoint,
 * account, caller, audit notes) plus S3's state, the KMS port and the world's S3 options.
 */
export interface S3Context extends OperationContext {
  readonly s3: S3State
  /** S3's calls to KMS, audited with `invokedBy: s3.amazonaws.com` (key-service.ts). */
  readonly keys: KeyService
  /**
   * New buckets block SSE-C writes, as AWS does since April 2026 (SPEC §4.2). `false` models
   * buckets created before the change. World option, default `true`.
   */
  readonly blockSseCOnNewBuckets: boolean
  /**
   * Where committed changes are announced for event notifications (events.ts); the world
   * delivers them to `aws.s3.onEvent` listeners once the request succeeded.
   */
  readonly events?: S3EventSink
}
