import type { Random } from '../core/random.js'
import type { Bucket } from './bucket.js'
import { InvalidArgument } from './errors.js'
import { type DeleteMarker, NULL_VERSION, type VersionEntry } from './object-version.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._'
const VERSION_ID = /^[A-Za-z0-9._]{32}$/

/** A new version id: 32 characters of S3's alphabet, from the world's random source (SPEC §5.4). */
export function newVersionId(random: Random): string {
  return Array.from(random.bytes(32), (b) => ALPHABET.charAt(b & 63)).join('')
}

/** The id a write gets: a fresh one while versioning is enabled, else `null`. */
export function versionIdFor(bucket: Bucket, random: Random): string {
  return bucket.versioning === 'Enabled' ? newVersionId(random) : NULL_VERSION
}

/** Ids this mock never hands out are refused as S3 refuses malformed ones. */
export function assertVersionId(versionId: string): void {
  if (versionId !== NULL_VERSION && !VERSION_ID.test(versionId)) {
    throw new InvalidArgument('Invalid version id specified', 'versionId', versionId)
  }
}

export function isWellFormedVersionId(versionId: string): boolean {
  return versionId === NULL_VERSION || VERSION_ID.test(versionId)
}

/**
 * The versions of a key after a write (object or delete marker), newest first. Without versioning
 * the key holds one entry; while suspended the new entry replaces the `null` version and keeps
 * the others (S3 user guide, "Working with objects in a versioning-suspended bucket").
 */
export function entriesAfterWrite(
  existing: readonly VersionEntry[] | undefined,
  entry: VersionEntry,
  bucket: Bucket,
): VersionEntry[] {
  if (bucket.versioning === 'Unversioned') return [entry]
  const kept = (existing ?? []).filter((e) => e.versionId !== entry.versionId)
  return [entry, ...kept]
}

/** What a DeleteObject did, in response members. */
export interface DeletionResult {
  VersionId?: string
  DeleteMarker?: boolean
}

/**
 * Computes a delete of `key` (DeleteObject and each DeleteObjects entry) without applying it:
 * the new entries for the key and the response members. With a version id the named version is
 * removed for good (a missing one is not an error); without one, an unversioned bucket loses the
 * object and a versioned bucket gets a delete marker (S3 user guide, "Deleting object versions").
 */
export function planDeletion(
  bucket: Bucket,
  key: string,
  existing: readonly VersionEntry[] | undefined,
  versionId: string | undefined,
  marker: () => DeleteMarker,
): { entries: VersionEntry[]; result: DeletionResult } {
  const current = existing ?? []
  if (versionId !== undefined) {
    const target = current.find((e) => e.versionId === versionId)
    return {
      entries: current.filter((e) => e !== target),
      result: {
        VersionId: versionId,
        ...(target?.kind === 'deleteMarker' ? { DeleteMarker: true } : {}),
      },
    }
  }
  if (bucket.versioning === 'Unversioned') return { entries: [], result: {} }
  const created = marker()
  return {
    entries: entriesAfterWrite(current, created, bucket),
    result: { DeleteMarker: true, VersionId: created.versionId },
  }
}

/** Applies a key's new entries: the commit step of every write. */
export function commitEntries(bucket: Bucket, key: string, entries: VersionEntry[]): void {
  if (entries.length === 0) bucket.objects.delete(key)
  else bucket.objects.set(key, entries)
}
