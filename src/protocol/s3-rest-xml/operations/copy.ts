import { copyObject, type CopyObjectRequest } from '../../../s3/operations/copy.js'
import { defineS3Operation } from '../define.js'
import { GET_OBJECT } from '../access.js'
import { parseCopySource } from '../addressing.js'
import * as H from '../headers.js'
import { bucketOf, keyOf, optional, type S3HttpRequest, xmlResponse } from '../http.js'
import {
  checksumXml,
  dateHeader,
  decodeContentHeaders,
  decodeEncryptionRequest,
  decodeMetadata,
  declaredChecksumAlgorithm,
  encryptionHeaders,
  secretHeader,
} from '../codecs/common.js'
import { decodeWriteExtras } from '../codecs/object-extras.js'

/** `x-amz-object-annotation-directive` (a presigned URL's query form arrives as a header too). */
function annotationDirectiveOf(h: Headers): { AnnotationDirective?: string } {
  const value = h.get(H.OBJECT_ANNOTATION_DIRECTIVE)
  return value === null ? {} : { AnnotationDirective: value }
}

/** The copy-source members CopyObject and UploadPartCopy share: the parsed source, conditions, SSE-C. */
export function decodeCopySource(
  req: S3HttpRequest,
): Pick<
  CopyObjectRequest,
  | 'CopySource'
  | 'CopySourceIfMatch'
  | 'CopySourceIfNoneMatch'
  | 'CopySourceIfModifiedSince'
  | 'CopySourceIfUnmodifiedSince'
  | 'CopySourceSSECustomerAlgorithm'
  | 'CopySourceSSECustomerKey'
  | 'CopySourceSSECustomerKeyMD5'
> {
  const h = req.headers
  // The SDK sends the header verbatim, unencoded (reference/sdk-wire-facts.md §1a): parsed leniently.
  const parsed = parseCopySource(h.get(H.COPY_SOURCE) ?? '')
  const out: ReturnType<typeof decodeCopySource> = {
    CopySource: {
      Bucket: parsed.bucket,
      Key: parsed.key,
      ...(parsed.versionId === undefined ? {} : { VersionId: parsed.versionId }),
    },
  }
  const set = (name: keyof typeof out, value: unknown): void => {
    if (value !== undefined) (out as Record<string, unknown>)[name] = value
  }
  set('CopySourceIfMatch', optional(h.get(H.COPY_SOURCE_IF_MATCH)))
  set('CopySourceIfNoneMatch', optional(h.get(H.COPY_SOURCE_IF_NONE_MATCH)))
  set('CopySourceIfModifiedSince', dateHeader(h, H.COPY_SOURCE_IF_MODIFIED_SINCE))
  set('CopySourceIfUnmodifiedSince', dateHeader(h, H.COPY_SOURCE_IF_UNMODIFIED_SINCE))
  set('CopySourceSSECustomerAlgorithm', optional(h.get(H.COPY_SOURCE_SSE_C_ALGORITHM)))
  set('CopySourceSSECustomerKey', secretHeader(h, H.COPY_SOURCE_SSE_C_KEY))
  set('CopySourceSSECustomerKeyMD5', optional(h.get(H.COPY_SOURCE_SSE_C_KEY_MD5)))
  return out
}

export const copyOperations = {
  CopyObject: defineS3Operation({
    name: 'CopyObject',
    resource: 'object',
    routes: [{ method: 'PUT', headers: [H.COPY_SOURCE] }],
    actions: ['s3:PutObject'],
    copySourceActions: [GET_OBJECT],
    readOnly: false,
    run: copyObject,
    decode(req) {
      const h = req.headers
      const directive = optional(h.get(H.METADATA_DIRECTIVE))
      const storageClass = optional(h.get(H.STORAGE_CLASS))
      const algorithm = declaredChecksumAlgorithm(h)
      const metadata = decodeMetadata(h)
      return {
        Bucket: bucketOf(req),
        Key: keyOf(req),
        ...decodeCopySource(req),
        ...decodeContentHeaders(h, optional(h.get(H.CONTENT_ENCODING))),
        ...decodeEncryptionRequest(h),
        Metadata: metadata,
        ...(directive === undefined ? {} : { MetadataDirective: directive }),
        ...decodeWriteExtras(h),
        ...annotationDirectiveOf(h),
        ...(storageClass === undefined ? {} : { StorageClass: storageClass }),
        ...(algorithm === undefined ? {} : { ChecksumAlgorithm: algorithm }),
      }
    },
    encode: (out) =>
      xmlResponse(
        'CopyObjectResult',
        {
          ETag: out.CopyObjectResult.ETag,
          LastModified: out.CopyObjectResult.LastModified,
          ...checksumXml(out.CopyObjectResult),
        },
        {
          [H.VERSION_ID]: out.VersionId,
          [H.COPY_SOURCE_VERSION_ID]: out.CopySourceVersionId,
          ...encryptionHeaders(out),
        },
      ),
  }),
}
