import {
  deleteObject,
  deleteObjects,
  getObject,
  headObject,
  type HeadObjectOutput,
  putObject,
  type ReadObjectRequest,
} from '../../../s3/operations/objects.js'
import { defineS3Operation } from '../define.js'
import { GET_OBJECT } from '../access.js'
import { InvalidArgument } from '../../../s3/errors.js'
import * as H from '../headers.js'
import {
  bucketOf,
  emptyResponse,
  type Headerish,
  httpDate,
  keyOf,
  objectTarget,
  optional,
  type S3HttpRequest,
  xmlResponse,
} from '../http.js'
import { xmlChildren, xmlText } from '../xml.js'
import { readXmlBody } from '../codecs/payload.js'
import { decodeBody } from '../codecs/body.js'
import {
  checksumHeaders,
  contentHeaders,
  dateHeader,
  decodeContentHeaders,
  decodeCustomerKey,
  decodeEncryptionRequest,
  decodeMetadata,
  encryptionHeaders,
  metadataHeaders,
} from '../codecs/common.js'
import { intParam } from '../codecs/params.js'
import { decodeWriteExtras, objectExtraHeaders } from '../codecs/object-extras.js'
import { bypassHeader } from './object-lock.js'

/**
 * GET and HEAD refuse the SSE-S3/SSE-KMS request headers: "you'll get an HTTP 400 Bad Request
 * error" (GetObject API reference). The code and text are those S3 uses for the header on other
 * operations that refuse it (reference §2.1; uncaptured for GET/HEAD — open question 3).
 */
function refuseSseHeaders(h: Headers): void {
  for (const name of [H.SSE, H.SSE_KMS_KEY_ID, H.SSE_CONTEXT, H.SSE_BUCKET_KEY_ENABLED]) {
    const value = h.get(name)
    if (value !== null) {
      throw new InvalidArgument(`${name} header is not supported for this operation.`, name, value)
    }
  }
}

function decodeRead(req: S3HttpRequest): ReadObjectRequest {
  const q = req.query
  const h = req.headers
  refuseSseHeaders(h)
  const out: ReadObjectRequest = { Bucket: bucketOf(req), Key: keyOf(req) }
  const assign = <K extends keyof ReadObjectRequest>(
    name: K,
    value: ReadObjectRequest[K] | null | undefined,
  ): void => {
    if (value !== undefined && value !== null) out[name] = value
  }
  assign('VersionId', optional(q.get('versionId')))
  assign('Range', optional(h.get(H.RANGE)))
  assign('PartNumber', intParam(q, 'partNumber', 1, 10_000))
  assign('ChecksumMode', optional(h.get(H.CHECKSUM_MODE)))
  assign('IfMatch', optional(h.get(H.IF_MATCH)))
  assign('IfNoneMatch', optional(h.get(H.IF_NONE_MATCH)))
  assign('IfModifiedSince', dateHeader(h, H.IF_MODIFIED_SINCE))
  assign('IfUnmodifiedSince', dateHeader(h, H.IF_UNMODIFIED_SINCE))
  assign('ResponseCacheControl', optional(q.get('response-cache-control')))
  assign('ResponseContentDisposition', optional(q.get('response-content-disposition')))
  assign('ResponseContentEncoding', optional(q.get('response-content-encoding')))
  assign('ResponseContentLanguage', optional(q.get('response-content-language')))
  assign('ResponseContentType', optional(q.get('response-content-type')))
  const expires = q.get('response-expires')
  if (expires !== null && !Number.isNaN(new Date(expires).getTime())) out.ResponseExpires = expires
  return { ...out, ...decodeCustomerKey(h) }
}

/** GET and HEAD answer with the same headers. */
function readHeaders(out: HeadObjectOutput): Headerish {
  return {
    [H.ACCEPT_RANGES]: out.AcceptRanges,
    [H.LAST_MODIFIED]: httpDate(out.LastModified),
    [H.CONTENT_LENGTH]: String(out.ContentLength),
    [H.ETAG]: out.ETag,
    [H.VERSION_ID]: out.VersionId,
    [H.STORAGE_CLASS]: out.StorageClass,
    [H.MP_PARTS_COUNT]: out.PartsCount === undefined ? undefined : String(out.PartsCount),
    [H.CONTENT_RANGE]: out.ContentRange,
    [H.RESTORE]: out.Restore,
    ...contentHeaders(out),
    ...metadataHeaders(out.Metadata),
    ...encryptionHeaders(out),
    ...checksumHeaders(out),
    ...objectExtraHeaders(out),
  }
}

export const objectOperations = {
  PutObject: defineS3Operation({
    name: 'PutObject',
    resource: 'object',
    routes: [{ method: 'PUT' }],
    actions: ['s3:PutObject'],
    readOnly: false,
    run: putObject,
    decode(req) {
      const body = decodeBody(req)
      const storageClass = optional(req.headers.get(H.STORAGE_CLASS))
      const { contentEncoding, ...rest } = body
      return {
        Bucket: bucketOf(req),
        Key: keyOf(req),
        ...rest,
        ...decodeContentHeaders(req.headers, contentEncoding),
        ...decodeEncryptionRequest(req.headers),
        Metadata: decodeMetadata(req.headers),
        ...(storageClass === undefined ? {} : { StorageClass: storageClass }),
        ...decodeWriteExtras(req.headers),
      }
    },
    encode: (out) =>
      emptyResponse({
        [H.ETAG]: out.ETag,
        [H.VERSION_ID]: out.VersionId,
        ...encryptionHeaders(out),
        ...checksumHeaders(out),
        ...objectExtraHeaders(out),
      }),
  }),
  GetObject: defineS3Operation({
    name: 'GetObject',
    resource: 'object',
    routes: [{ method: 'GET' }],
    actions: [GET_OBJECT],
    readOnly: true,
    run: getObject,
    decode: decodeRead,
    encode: (out) =>
      new Response(out.Body, {
        status: out.ContentRange === undefined ? 200 : 206,
        headers: Object.fromEntries(
          Object.entries(readHeaders(out)).filter((e): e is [string, string] => e[1] !== undefined),
        ),
      }),
  }),
  HeadObject: defineS3Operation({
    name: 'HeadObject',
    resource: 'object',
    routes: [{ method: 'HEAD' }],
    actions: [GET_OBJECT],
    readOnly: true,
    run: headObject,
    decode: decodeRead,
    encode: (out) => emptyResponse(readHeaders(out), out.ContentRange === undefined ? 200 : 206),
  }),
  DeleteObject: defineS3Operation({
    name: 'DeleteObject',
    resource: 'object',
    routes: [{ method: 'DELETE' }],
    actions: [{ plain: 's3:DeleteObject', version: 's3:DeleteObjectVersion' }],
    readOnly: false,
    run: deleteObject,
    decode: (req) => ({ ...objectTarget(req), ...bypassHeader(req.headers) }),
    encode: (out) =>
      emptyResponse(
        {
          [H.VERSION_ID]: out.VersionId,
          [H.DELETE_MARKER]: out.DeleteMarker === true ? 'true' : undefined,
        },
        204,
      ),
  }),
  DeleteObjects: defineS3Operation({
    name: 'DeleteObjects',
    resource: 'bucket',
    routes: [{ method: 'POST', query: ['delete'] }],
    actions: [],
    readOnly: false,
    run: deleteObjects,
    async decode(req) {
      const doc = await readXmlBody(req, { root: 'Delete' })
      const objects = xmlChildren(doc, 'Object').map((o) => {
        const versionId = xmlText(o, 'VersionId')
        return {
          Key: xmlText(o, 'Key') ?? '',
          ...(versionId === undefined ? {} : { VersionId: versionId }),
        }
      })
      return {
        Bucket: bucketOf(req),
        Delete: { Objects: objects, Quiet: xmlText(doc, 'Quiet') === 'true' },
        ...bypassHeader(req.headers),
      }
    },
    encode: (out) =>
      xmlResponse('DeleteResult', {
        Deleted: out.Deleted?.map((d) => ({
          Key: d.Key,
          VersionId: d.VersionId,
          DeleteMarker: d.DeleteMarker,
          DeleteMarkerVersionId: d.DeleteMarkerVersionId,
        })),
        Error: out.Errors?.map((e) => ({
          Key: e.Key,
          VersionId: e.VersionId,
          Code: e.Code,
          Message: e.Message,
        })),
      }),
  }),
}
