import type { AclRequest } from '../../../s3/access-control.js'
import type { LockRequest } from '../../../s3/object-lock.js'
import * as H from '../headers.js'
import type { Headerish } from '../http.js'
import { decodeAclHeaders } from '../operations/access-control.js'

/** The `x-amz-object-lock-*` headers of an object write, as sent. */
export function decodeLockHeaders(h: Headers): LockRequest {
  const mode = h.get(H.OBJECT_LOCK_MODE)
  const date = h.get(H.OBJECT_LOCK_RETAIN_UNTIL_DATE)
  const hold = h.get(H.OBJECT_LOCK_LEGAL_HOLD)
  const eventHold = H.OBJECT_LOCK_EVENT_HOLD_HEADERS.find((name) => h.has(name))
  return {
    ...(mode === null ? {} : { ObjectLockMode: mode }),
    ...(date === null ? {} : { ObjectLockRetainUntilDate: date }),
    ...(hold === null ? {} : { ObjectLockLegalHoldStatus: hold }),
    ...(eventHold === undefined ? {} : { ObjectLockEventHold: eventHold }),
  }
}

/**
 * The tagging, ACL and Object Lock headers of object writes (PutObject, CopyObject,
 * CreateMultipartUpload).
 */
export function decodeWriteExtras(h: Headers): AclRequest &
  LockRequest & {
    Tagging?: string
    TaggingDirective?: string
  } {
  const tagging = h.get(H.TAGGING)
  const directive = h.get(H.TAGGING_DIRECTIVE)
  return {
    ...decodeAclHeaders(h),
    ...(tagging === null ? {} : { Tagging: tagging }),
    ...(directive === null ? {} : { TaggingDirective: directive }),
    ...decodeLockHeaders(h),
  }
}

/** `x-amz-tagging-count`, `x-amz-expiration` and the Object Lock headers of reads and writes. */
export function objectExtraHeaders(out: {
  TagCount?: number
  Expiration?: string
  ObjectLockMode?: string
  ObjectLockRetainUntilDate?: Date
  ObjectLockLegalHoldStatus?: string
}): Headerish {
  return {
    [H.TAGGING_COUNT]: out.TagCount === undefined ? undefined : String(out.TagCount),
    [H.EXPIRATION]: out.Expiration,
    [H.OBJECT_LOCK_MODE]: out.ObjectLockMode,
    // ISO 8601 with milliseconds, as S3 writes timestamps (_uncaptured_ for this header).
    [H.OBJECT_LOCK_RETAIN_UNTIL_DATE]: out.ObjectLockRetainUntilDate?.toISOString(),
    [H.OBJECT_LOCK_LEGAL_HOLD]: out.ObjectLockLegalHoldStatus,
  }
}
