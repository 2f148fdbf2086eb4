import { UsageError } from '../core/usage-error.js'
import type { ObjectVersion } from '../s3/object-version.js'
import type { S3EventListener } from '../s3/event-messages.js'
import type { S3State } from '../s3/state.js'
import type { S3EventBus } from './s3-events.js'

/**
 * How a stored object is encrypted, as a test sees it. Never holds key material or data keys:
 * only which key, which context, which customer-key MD5 (SPEC §5.6).
 * @public
 */
export type StoredEncryption =
  | { type: 'SSE-S3' }
  | {
      type: 'SSE-KMS'
      algorithm: 'aws:kms' | 'aws:kms:dsse'
      keyArn: string
      encryptionContext: Record<string, string>
      bucketKeyEnabled: boolean
    }
  | { type: 'SSE-C'; algorithm: 'AES256'; keyMd5: string }

/** A stored object version, described. @public */
export interface StoredObject {
  bucket: string
  key: string
  versionId: string
  size: number
  eTag: string
  lastModified: Date
  contentType: string | undefined
  metadata: Record<string, string>
  storageClass: string
  checksum: { algorithm: string; value: string; type: string } | undefined
  parts: number | undefined
  encryption: StoredEncryption
}

/**
 * A reference to an object in the world, resolved when asked: the subject of the matchers
 * (SPEC §6). Describes the latest version unless a version id is given.
 * @public
 */
export interface S3ObjectRef {
  readonly bucket: string
  readonly key: string
  readonly versionId: string | undefined
  /** True when the object (or the named version) exists and is not a delete marker. */
  exists(): boolean
  /** The object as stored; `undefined` when it does not exist. */
  describe(): StoredObject | undefined
  /** The bytes at rest: ciphertext, never the plaintext. */
  raw(): Uint8Array
}

/**
 * `world.s3`: a read-only view of the S3 store for assertions. Changes go through the API.
 * @public
 */
export interface S3View {
  /** Bucket names, sorted. */
  buckets(): string[]
  /** Keys of the current (non-deleted) objects of a bucket, sorted. */
  keys(bucket: string): string[]
  /** A reference to an object, for inspection and matchers. */
  object(bucket: string, key: string, versionId?: string): S3ObjectRef
  /** The object's bytes at rest (SPEC §4): encrypted segments, which must not contain the plaintext. */
  rawObject(bucket: string, key: string, versionId?: string): Uint8Array
  /**
   * Calls `listener` with each event notification S3 would send for the buckets' notification
   * configurations (PutBucketNotificationConfiguration): the message in S3's JSON shape and its
   * destination (queue, topic or function ARN, or EventBridge). Only the events a configuration
   * selects are delivered, synchronously once the request's change is made and before its
   * response; none for refused requests. Lifecycle expirations and completed restores are
   * delivered on the first S3 request after the world's clock passes them. A listener that throws
   * does not change the S3 answer; its error is rethrown on a microtask (an uncaught error of the
   * test). Returns the function that unsubscribes; `reset()` removes every listener.
   * @example
   * ```ts
   * const deliveries: S3EventDelivery[] = []
   * const off = aws.s3.onEvent((delivery) => deliveries.push(delivery))
   * ```
   */
  onEvent(listener: S3EventListener): () => void
}

function describeEncryption(version: ObjectVersion): StoredEncryption {
  const e = version.encryption
  switch (e.kind) {
    case 'SSE-S3':
      return { type: 'SSE-S3' }
    case 'SSE-KMS':
      return {
        type: 'SSE-KMS',
        algorithm: e.algorithm,
        keyArn: e.keyArn,
        encryptionContext: { ...e.encryptionContext },
        bucketKeyEnabled: e.bucketKeyEnabled,
      }
    case 'SSE-C':
      return { type: 'SSE-C', algorithm: e.algorithm, keyMd5: e.keyMd5 }
  }
}

export function s3View(state: () => S3State, events: S3EventBus): S3View {
  const find = (
    bucket: string,
    key: string,
    versionId: string | undefined,
  ): ObjectVersion | undefined => {
    const entries = state().buckets.get(bucket)?.objects.get(key) ?? []
    // Entries are newest first; the latest may be a delete marker.
    const entry =
      versionId === undefined ? entries[0] : entries.find((e) => e.versionId === versionId)
    return entry?.kind === 'object' ? entry : undefined
  }

  const object = (bucket: string, key: string, versionId?: string): S3ObjectRef => ({
    bucket,
    key,
    versionId,
    exists: () => find(bucket, key, versionId) !== undefined,
    describe() {
      const v = find(bucket, key, versionId)
      if (v === undefined) return undefined
      return {
        bucket,
        key,
        versionId: v.versionId,
        size: v.size,
        eTag: v.eTag,
        lastModified: v.lastModified,
        contentType: v.contentHeaders.ContentType,
        metadata: { ...v.metadata },
        storageClass: v.storageClass,
        checksum: v.checksum === undefined ? undefined : { ...v.checksum },
        parts: v.parts?.length,
        encryption: describeEncryption(v),
      }
    },
    raw() {
      const v = find(bucket, key, versionId)
      if (v === undefined) {
        const version = versionId === undefined ? '' : ` version ${versionId}`
        throw new UsageError(
          `Failed to read object s3://${bucket}/${key}${version}: it does not exist. Check the bucket, key and version.`,
        )
      }
      return v.body.rawBytes()
    },
  })

  return {
    buckets: () => [...state().buckets.keys()].sort(),
    keys(bucket) {
      const b = state().buckets.get(bucket)
      if (b === undefined) {
        throw new UsageError(
          `Failed to list keys of bucket '${bucket}': it does not exist. Create it first.`,
        )
      }
      return [...b.objects.entries()]
        .filter(([, entries]) => entries[0]?.kind === 'object')
        .map(([k]) => k)
        .sort()
    },
    object,
    rawObject: (bucket, key, versionId) => object(bucket, key, versionId).raw(),
    onEvent: (listener) => events.subscribe(listener),
  }
}
