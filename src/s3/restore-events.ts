import { objectEvent, type S3EventSink } from './events.js'
import type { S3State } from './state.js'

/**
 * Restores the world's clock has completed: each is announced once (ObjectRestore:Completed,
 * with when the copy expires and the class it came from, user guide "Event message structure"),
 * on the first S3 request after it completed, if the version still has that restore.
 */
export function sweepRestores(state: S3State, now: Date, events: S3EventSink | undefined): void {
  if (state.restoresInProgress.size === 0) return
  for (const [restore, where] of [...state.restoresInProgress]) {
    if (restore.completesAt > now) continue
    state.restoresInProgress.delete(restore)
    const bucket = state.buckets.get(where.bucket)
    const version = bucket?.objects.get(where.key)?.find((e) => e.versionId === where.versionId)
    if (events === undefined || bucket?.notification === undefined) continue
    if (version?.kind !== 'object' || version.restore !== restore) continue
    events(
      objectEvent('ObjectRestore:Completed', bucket, where.key, now, version, {
        expiresAt: restore.expiresAt,
        storageClass: version.storageClass,
      }),
    )
  }
}
