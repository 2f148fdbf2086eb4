import type { AclRequest } from '../../../s3/access-control.js'
import * as H from '../headers.js'
import type { Headerish } from '../http.js'
import { decodeAclHeaders } from '../operations/access-control.js'

/** The tagging and ACL headers of object writes (PutObject, CopyObject, CreateMultipartUpload). */
export function decodeWriteExtras(h: Headers): AclRequest & {
  Tagging?: string
  TaggingDirective?: string
} {
  const tagging = h.get(H.TAGGING)
  const directive = h.get(H.TAGGING_DIRECTIVE)
  return {
    ...decodeAclHeaders(h),
    ...(tagging === null ? {} : { Tagging: tagging }),
    ...(directive === null ? {} : { TaggingDirective: directive }),
  }
}

/** `x-amz-tagging-count` and `x-amz-expiration` of reads and writes. */
export function objectExtraHeaders(out: { TagCount?: number; Expiration?: string }): Headerish {
  return {
    [H.TAGGING_COUNT]: out.TagCount === undefined ? undefined : String(out.TagCount),
    [H.EXPIRATION]: out.Expiration,
  }
}
