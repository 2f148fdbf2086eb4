import type { Random } from '../core/random.js'
import { Secret } from '../core/secret.js'
import type { Bucket } from './bucket.js'
import type { RestoreState } from './restore.js'
import type { EndedUpload, MultipartUpload } from './upload.js'

/**
 * All of S3's state for one world, in one object so `reset()` replaces it in O(1) (SPEC §5.1).
 * The bucket namespace is the account's: bucket names are unique across regions, and each bucket
 * records the region it lives in.
 */
export class S3State {
  readonly buckets = new Map<string, Bucket>()
  /** Multipart uploads in progress, by upload id (uploads.ts). */
  readonly uploads = new Map<string, MultipartUpload>()
  /** Names of buckets that were given lifecycle rules, for `sweepLifecycle` (lifecycle-engine.ts). */
  readonly lifecycleBuckets = new Set<string>()
  /**
   * Uploads completed or aborted lately, by upload id, oldest first (bounded: uploads.ts
   * `ENDED_UPLOADS_KEPT`): AbortMultipartUpload on one of them answers 204, as S3 does.
   */
  readonly endedUploads = new Map<string, EndedUpload>()
  /**
   * Restores in progress, for the ObjectRestore:Completed event (restore.ts `sweepRestores`):
   * keyed by the version's restore, which a later restore of the version replaces.
   */
  readonly restoresInProgress = new Map<
    RestoreState,
    { readonly bucket: string; readonly key: string; readonly versionId: string }
  >()
  /**
   * The S3-managed root key that wraps SSE-S3 data keys. Drawn from the world's random source,
   * so a seeded world makes identical ciphertexts on every run (SPEC §5.4); a new state (reset)
   * gets a new one, as its objects are gone anyway.
   */
  readonly rootKey: Secret

  constructor(random: Random) {
    this.rootKey = new Secret(random.bytes(32))
  }
}
