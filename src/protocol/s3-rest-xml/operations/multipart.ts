import {
  abortMultipartUpload,
  type CompletedPart,
  completeMultipartUpload,
  createMultipartUpload,
  uploadPart,
} from '../../../s3/operations/multipart.js'
import { uploadPartCopy } from '../../../s3/operations/multipart-copy.js'
import { listMultipartUploads, listParts } from '../../../s3/operations/multipart-list.js'
import { defineS3Operation } from '../define.js'
import { GET_OBJECT } from '../access.js'
import { CHECKSUM_ALGORITHMS } from '../../../crypto/checksums.js'
import { InvalidArgument, MalformedXML, MissingRequestBodyError } from '../../../s3/errors.js'
import type { PartEncryptionRequest } from '../../../s3/uploads.js'
import * as H from '../headers.js'
import {
  bucketOf,
  emptyResponse,
  type Headerish,
  httpDate,
  keyOf,
  optional,
  type S3HttpRequest,
  xmlResponse,
} from '../http.js'
import { xmlChildren, xmlText, type XmlNode } from '../xml.js'
import { readXmlBody } from '../codecs/payload.js'
import { decodeBody } from '../codecs/body.js'
import {
  checksumHeaders,
  checksumHeaderValue,
  checksumXml,
  decodeCustomerKey,
  decodeContentHeaders,
  decodeEncryptionRequest,
  decodeMetadata,
  encryptionHeaders,
} from '../codecs/common.js'
import { decodeCopySource } from './copy.js'
import { intParam } from '../codecs/params.js'
import { decodeWriteExtras } from '../codecs/object-extras.js'

const MAX_INT = 2_147_483_647

/** `?uploadId=` names the upload (routing guarantees it is present). */
const uploadIdOf = (req: S3HttpRequest): string => req.query.get('uploadId') ?? ''

/** `?partNumber=`: an integer, or S3's InvalidArgument; the domain checks 1..10000. */
function partNumberOf(req: S3HttpRequest): number {
  const raw = req.query.get('partNumber') ?? ''
  if (!/^-?\d{1,15}$/.test(raw)) {
    throw new InvalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      raw,
    )
  }
  return Number(raw)
}

const sseCustomerOf = (headers: Headers): PartEncryptionRequest => decodeCustomerKey(headers)

/** `ChecksumCRC32`… members of an XML element (Complete's `Part`). */
function checksumMembersOf(node: XmlNode): Partial<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = xmlText(node, `Checksum${algorithm}`)
    if (value !== undefined) out[`Checksum${algorithm}`] = value
  }
  return out
}

/**
 * `<CompleteMultipartUpload><Part><PartNumber/><ETag/><ChecksumCRC32/>…` → parts. A request
 * without a body or without parts is MalformedXML on S3; the domain answers it, so an empty body
 * is read as no parts.
 */
async function completedParts(req: S3HttpRequest): Promise<CompletedPart[]> {
  let doc: XmlNode
  try {
    doc = await readXmlBody(req, { root: 'CompleteMultipartUpload' })
  } catch (error) {
    if (error instanceof MissingRequestBodyError) return []
    throw error
  }
  return xmlChildren(doc, 'Part').map((part) => {
    const number = xmlText(part, 'PartNumber')?.trim() ?? ''
    const eTag = xmlText(part, 'ETag')
    if (!/^\d{1,15}$/.test(number) || eTag === undefined) throw new MalformedXML()
    return { PartNumber: Number(number), ETag: eTag.trim(), ...checksumMembersOf(part) }
  })
}

function intQuery(req: S3HttpRequest, param: string, member: string): Record<string, number> {
  const value = intParam(req.query, param, 0, MAX_INT)
  return value === undefined ? {} : { [member]: value }
}

function stringQuery(req: S3HttpRequest, names: Readonly<Record<string, string>>) {
  const out: Record<string, string> = {}
  for (const [member, param] of Object.entries(names)) {
    const value = optional(req.query.get(param))
    if (value !== undefined) out[member] = value
  }
  return out
}

/** `x-amz-abort-date` (an HTTP date, as the SDK's model reads it) and `x-amz-abort-rule-id`. */
function abortHeaders(out: { AbortDate?: Date; AbortRuleId?: string }): Headerish {
  return { [H.ABORT_DATE]: httpDate(out.AbortDate), [H.ABORT_RULE_ID]: out.AbortRuleId }
}

export const multipartOperations = {
  CreateMultipartUpload: defineS3Operation({
    name: 'CreateMultipartUpload',
    resource: 'object',
    routes: [{ method: 'POST', query: ['uploads'] }],
    actions: ['s3:PutObject'],
    readOnly: false,
    run: createMultipartUpload,
    decode(req) {
      const h = req.headers
      const storageClass = optional(h.get(H.STORAGE_CLASS))
      const algorithm = optional(h.get(H.CHECKSUM_ALGORITHM))
      const type = optional(h.get(H.CHECKSUM_TYPE))
      return {
        Bucket: bucketOf(req),
        Key: keyOf(req),
        ...decodeContentHeaders(h, optional(h.get(H.CONTENT_ENCODING))),
        ...decodeEncryptionRequest(h),
        Metadata: decodeMetadata(h),
        ...(storageClass === undefined ? {} : { StorageClass: storageClass }),
        ...(algorithm === undefined ? {} : { ChecksumAlgorithm: algorithm }),
        ...(type === undefined ? {} : { ChecksumType: type }),
        ...decodeWriteExtras(h),
      }
    },
    encode: (out) =>
      xmlResponse(
        'InitiateMultipartUploadResult',
        { Bucket: out.Bucket, Key: out.Key, UploadId: out.UploadId },
        {
          ...encryptionHeaders(out),
          [H.CHECKSUM_ALGORITHM]: out.ChecksumAlgorithm,
          [H.CHECKSUM_TYPE]: out.ChecksumType,
          ...abortHeaders(out),
        },
      ),
  }),
  UploadPart: defineS3Operation({
    name: 'UploadPart',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['partNumber', 'uploadId'] }],
    actions: ['s3:PutObject'],
    readOnly: false,
    run: uploadPart,
    decode(req) {
      // The part's Content-Encoding is the create's business; only aws-chunked framing matters.
      const { contentEncoding: _ignored, ...body } = decodeBody(req)
      return {
        Bucket: bucketOf(req),
        Key: keyOf(req),
        UploadId: uploadIdOf(req),
        PartNumber: partNumberOf(req),
        ...body,
        ...sseCustomerOf(req.headers),
      }
    },
    encode: (out) =>
      emptyResponse({ [H.ETAG]: out.ETag, ...encryptionHeaders(out), ...checksumHeaders(out) }),
  }),
  UploadPartCopy: defineS3Operation({
    name: 'UploadPartCopy',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['partNumber', 'uploadId'], headers: [H.COPY_SOURCE] }],
    actions: ['s3:PutObject'],
    copySourceActions: [GET_OBJECT],
    readOnly: false,
    run: uploadPartCopy,
    decode(req) {
      const range = optional(req.headers.get(H.COPY_SOURCE_RANGE))
      return {
        Bucket: bucketOf(req),
        Key: keyOf(req),
        UploadId: uploadIdOf(req),
        PartNumber: partNumberOf(req),
        ...decodeCopySource(req),
        ...(range === undefined ? {} : { CopySourceRange: range }),
        ...sseCustomerOf(req.headers),
      }
    },
    encode: (out) =>
      xmlResponse(
        'CopyPartResult',
        {
          ETag: out.CopyPartResult.ETag,
          LastModified: out.CopyPartResult.LastModified,
          ...checksumXml(out.CopyPartResult),
        },
        { [H.COPY_SOURCE_VERSION_ID]: out.CopySourceVersionId, ...encryptionHeaders(out) },
      ),
  }),
  CompleteMultipartUpload: defineS3Operation({
    name: 'CompleteMultipartUpload',
    resource: 'object',
    routes: [{ method: 'POST', query: ['uploadId'] }],
    actions: ['s3:PutObject'],
    readOnly: false,
    run: completeMultipartUpload,
    async decode(req) {
      const whole = checksumHeaderValue(req.headers)
      const type = optional(req.headers.get(H.CHECKSUM_TYPE))
      return {
        Bucket: bucketOf(req),
        Key: keyOf(req),
        UploadId: uploadIdOf(req),
        MultipartUpload: { Parts: await completedParts(req) },
        ...(whole === undefined ? {} : { [`Checksum${whole.algorithm}`]: whole.value }),
        ...(type === undefined ? {} : { ChecksumType: type }),
        ...sseCustomerOf(req.headers),
      }
    },
    encode: (out, req) =>
      xmlResponse(
        'CompleteMultipartUploadResult',
        {
          // The object's URL as the client addressed it (virtual-hosted or path-style).
          Location: `${req.url.origin}${req.url.pathname}`,
          Bucket: out.Bucket,
          Key: out.Key,
          ETag: out.ETag,
          ...checksumXml(out),
        },
        { [H.VERSION_ID]: out.VersionId, ...encryptionHeaders(out) },
      ),
  }),
  AbortMultipartUpload: defineS3Operation({
    name: 'AbortMultipartUpload',
    resource: 'object',
    routes: [{ method: 'DELETE', query: ['uploadId'] }],
    actions: ['s3:AbortMultipartUpload'],
    readOnly: false,
    run: abortMultipartUpload,
    decode: (req) => ({ Bucket: bucketOf(req), Key: keyOf(req), UploadId: uploadIdOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
  ListParts: defineS3Operation({
    name: 'ListParts',
    resource: 'object',
    routes: [{ method: 'GET', query: ['uploadId'] }],
    actions: ['s3:ListMultipartUploadParts'],
    readOnly: true,
    run: listParts,
    decode: (req) => ({
      Bucket: bucketOf(req),
      Key: keyOf(req),
      UploadId: uploadIdOf(req),
      ...intQuery(req, 'max-parts', 'MaxParts'),
      ...intQuery(req, 'part-number-marker', 'PartNumberMarker'),
    }),
    encode: (out) =>
      xmlResponse(
        'ListPartsResult',
        {
          Bucket: out.Bucket,
          Key: out.Key,
          UploadId: out.UploadId,
          PartNumberMarker: out.PartNumberMarker,
          NextPartNumberMarker: out.NextPartNumberMarker,
          MaxParts: out.MaxParts,
          IsTruncated: out.IsTruncated,
          Part: out.Parts?.map((p) => ({
            PartNumber: p.PartNumber,
            LastModified: p.LastModified,
            ETag: p.ETag,
            Size: p.Size,
            ...checksumXml(p),
          })),
          Initiator: { ID: out.Initiator.ID },
          Owner: { ID: out.Owner.ID },
          StorageClass: out.StorageClass,
          ChecksumAlgorithm: out.ChecksumAlgorithm,
          ChecksumType: out.ChecksumType,
        },
        abortHeaders(out),
      ),
  }),
  ListMultipartUploads: defineS3Operation({
    name: 'ListMultipartUploads',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['uploads'] }],
    actions: ['s3:ListBucketMultipartUploads'],
    readOnly: true,
    run: listMultipartUploads,
    decode: (req) => ({
      Bucket: bucketOf(req),
      ...stringQuery(req, {
        Prefix: 'prefix',
        Delimiter: 'delimiter',
        KeyMarker: 'key-marker',
        UploadIdMarker: 'upload-id-marker',
        EncodingType: 'encoding-type',
      }),
      ...intQuery(req, 'max-uploads', 'MaxUploads'),
    }),
    encode: (out) =>
      xmlResponse('ListMultipartUploadsResult', {
        Bucket: out.Bucket,
        KeyMarker: out.KeyMarker,
        UploadIdMarker: out.UploadIdMarker,
        NextKeyMarker: out.NextKeyMarker,
        NextUploadIdMarker: out.NextUploadIdMarker,
        Delimiter: out.Delimiter,
        Prefix: out.Prefix,
        MaxUploads: out.MaxUploads,
        IsTruncated: out.IsTruncated,
        Upload: out.Uploads?.map((u) => ({
          Key: u.Key,
          UploadId: u.UploadId,
          Initiator: { ID: u.Initiator.ID },
          Owner: { ID: u.Owner.ID },
          StorageClass: u.StorageClass,
          Initiated: u.Initiated,
          ChecksumAlgorithm: u.ChecksumAlgorithm,
          ChecksumType: u.ChecksumType,
        })),
        CommonPrefixes: out.CommonPrefixes?.map((p) => ({ Prefix: p.Prefix })),
        EncodingType: out.EncodingType,
      }),
  }),
}
