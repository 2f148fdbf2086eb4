import { InvalidObjectState } from './errors.js'
import type { StorageClass } from './shapes.js'

/**
 * Archived objects and their restores (user guide, "Restoring an archived object"). An object in
 * GLACIER (Flexible Retrieval) or DEEP_ARCHIVE cannot be read until a RestoreObject has completed;
 * the restored copy is readable until its expiry. Here a restore completes when the world's clock
 * passes the tier's retrieval time, so tests see the whole progression with `ManualClock`.
 */

/** A version's restore: readable from `completesAt` until `expiresAt`. */
export interface RestoreState {
  readonly completesAt: Date
  readonly expiresAt: Date
}

/** The classes RestoreObject applies to (GLACIER_IR is read directly). */
export function isArchived(storageClass: StorageClass): boolean {
  return storageClass === 'GLACIER' || storageClass === 'DEEP_ARCHIVE'
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * How long each tier takes: the upper end of the ranges the user guide gives ("Expedited …
 * typically 1–5 minutes", Standard 3–5 hours and Bulk 5–12 hours for Flexible Retrieval; Standard
 * within 12 hours and Bulk within 48 hours for Deep Archive, which has no Expedited tier).
 */
export const RETRIEVAL_TIME: Readonly<
  Record<'GLACIER' | 'DEEP_ARCHIVE', Partial<Record<string, number>>>
> = {
  GLACIER: { Expedited: 5 * MINUTE, Standard: 5 * HOUR, Bulk: 12 * HOUR },
  DEEP_ARCHIVE: { Standard: 12 * HOUR, Bulk: 48 * HOUR },
}

/** Whether the version's restored copy may be read at `now`. */
export function restoredAt(restore: RestoreState | undefined, now: Date): boolean {
  return restore !== undefined && restore.completesAt <= now && now < restore.expiresAt
}

/**
 * An archived version without a completed, unexpired restore cannot be read: GetObject refuses it,
 * and so do CopyObject and UploadPartCopy as a copy source (CopyObject API reference: restore an
 * archived source first), each with its own text.
 */
export function assertReadable(
  version: { storageClass: StorageClass; restore?: RestoreState },
  now: Date,
  as: 'object' | 'copy source' = 'object',
): void {
  if (isArchived(version.storageClass) && !restoredAt(version.restore, now)) {
    throw as === 'object'
      ? InvalidObjectState.archived(version.storageClass)
      : InvalidObjectState.archivedSource(version.storageClass)
  }
}

/**
 * `x-amz-restore` of GET and HEAD: `ongoing-request="true"` while the restore runs, then
 * `ongoing-request="false", expiry-date="<HTTP date>"` until the copy expires (HeadObject API).
 */
export function restoreOutput(restore: RestoreState | undefined, now: Date): { Restore?: string } {
  if (restore === undefined || now >= restore.expiresAt) return {}
  if (now < restore.completesAt) return { Restore: 'ongoing-request="true"' }
  return {
    Restore: `ongoing-request="false", expiry-date="${restore.expiresAt.toUTCString()}"`,
  }
}
