import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import {
  InvalidArgument,
  InvalidObjectState,
  MalformedXML,
  NotImplemented,
  RestoreAlreadyInProgress,
} from '../errors.js'
import { emitObjectEvent } from '../events.js'
import { dueAfter } from '../lifecycle-engine.js'
import { versionToRead } from '../object-read.js'
import type { ObjectVersion } from '../object-version.js'
import { isArchived, RETRIEVAL_TIME, type RestoreState, restoredAt } from '../restore.js'
import { commitEntries } from '../versioning.js'

export interface RestoreObjectRequest {
  Bucket: string
  Key: string
  VersionId?: string
  /** The `RestoreRequest` document's members as sent (text), or `Select` when it asked for one. */
  RestoreRequest: { Days?: string; Tier?: string; Type?: string }
}

export interface RestoreObjectOutput {
  /** 202 for a new restore, 200 when a restored copy's expiry is extended (API reference). */
  Status: 200 | 202
}

/**
 * RestoreObject of an archived version (GLACIER, DEEP_ARCHIVE): starts a restore that completes
 * when the world clock passes the tier's retrieval time, the copy then readable for `Days` (its
 * expiry rounded up to midnight UTC, as lifecycle dates are). A restore already running is 409;
 * one already done gets its expiry moved. Other classes are 403 InvalidObjectState (recorded).
 */
export function restoreObject(input: RestoreObjectRequest, ctx: S3Context): RestoreObjectOutput {
  const bucket = requestBucket(ctx, input.Bucket, input.Key)
  const request = input.RestoreRequest
  if (request.Type !== undefined) throw new NotImplemented('RestoreObject with a SELECT request')
  const version = versionToRead(bucket, input, 'POST')
  if (!isArchived(version.storageClass)) throw InvalidObjectState.notRestorable()
  // Days is required to restore an archived object of a general-purpose bucket; the code for its
  // absence is _uncaptured_.
  if (request.Days === undefined || !/^\d+$/.test(request.Days) || Number(request.Days) < 1) {
    throw new MalformedXML()
  }
  const days = Number(request.Days)
  const tier = request.Tier ?? 'Standard'
  if (!['Expedited', 'Standard', 'Bulk'].includes(tier)) throw new MalformedXML()
  const takes =
    RETRIEVAL_TIME[version.storageClass === 'GLACIER' ? 'GLACIER' : 'DEEP_ARCHIVE'][tier]
  if (takes === undefined) {
    // _uncaptured_: S3's text for the Expedited tier of Deep Archive.
    throw new InvalidArgument(
      `${tier} retrieval is not supported for the ${version.storageClass} storage class`,
      'Tier',
      tier,
    )
  }
  const now = ctx.clock.now()
  const current = version.restore
  if (current !== undefined && now < current.completesAt) throw new RestoreAlreadyInProgress()
  const extending = restoredAt(current, now)
  const completesAt =
    extending && current !== undefined ? current.completesAt : new Date(now.getTime() + takes)
  const restore: RestoreState = {
    completesAt,
    expiresAt: dueAfter(extending ? now : completesAt, days),
  }
  const next: ObjectVersion = { ...version, restore }
  const entries = bucket.objects.get(version.key) ?? []
  commitEntries(
    bucket,
    version.key,
    entries.map((e) => (e === version ? next : e)),
  )
  if (!extending) {
    // A new restore is announced when it starts and, once the clock passes it, when it completes.
    ctx.s3.restoresInProgress.set(restore, {
      bucket: bucket.name,
      key: version.key,
      versionId: version.versionId,
    })
    emitObjectEvent(ctx, 'ObjectRestore:Post', bucket, version.key, next)
  }
  return { Status: extending ? 200 : 202 }
}
