import {
  deleteObjectAnnotation,
  getObjectAnnotation,
  listObjectAnnotations,
  putObjectAnnotation,
} from '../../../s3/operations/annotations.js'
import { defineS3Operation } from '../define.js'
import * as H from '../headers.js'
import {
  definedHeaders,
  emptyResponse,
  httpDate,
  objectTarget,
  optional,
  type S3HttpRequest,
  xmlResponse,
} from '../http.js'
import { decodeBody } from '../codecs/body.js'
import { checksumHeaders } from '../codecs/common.js'
import { intParam } from '../codecs/params.js'
import { bypassHeader } from './object-lock.js'

/** `annotationName` (PutObjectAnnotation API reference, URI parameters), empty when absent. */
const annotationNameOf = (req: S3HttpRequest): string => req.query.get('annotationName') ?? ''

const objectIfMatchOf = (req: S3HttpRequest): { ObjectIfMatch?: string } => {
  const value = optional(req.headers.get(H.OBJECT_IF_MATCH))
  return value === undefined ? {} : { ObjectIfMatch: value }
}

/**
 * `?annotation` on objects (the service model's routes): PUT and DELETE name one annotation; a GET
 * with `annotationName` reads one, a GET without lists them. Put answers a
 * `PutObjectAnnotationOutput` document, Delete 204 (API reference, Response Syntax).
 */
export const annotationOperations = {
  PutObjectAnnotation: defineS3Operation({
    name: 'PutObjectAnnotation',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['annotation'] }],
    actions: ['s3:PutObjectAnnotation'],
    readOnly: false,
    run: putObjectAnnotation,
    decode(req) {
      const { contentEncoding: _ignored, Body, ...integrity } = decodeBody(req)
      return {
        ...objectTarget(req),
        AnnotationName: annotationNameOf(req),
        AnnotationPayload: Body,
        ...integrity,
        ...objectIfMatchOf(req),
      }
    },
    encode: (out) =>
      xmlResponse(
        'PutObjectAnnotationOutput',
        { Key: out.Key, AnnotationName: out.AnnotationName },
        {
          [H.ETAG]: out.ETag,
          [H.OBJECT_VERSION_ID]: out.ObjectVersionId,
          [H.SSE]: out.ServerSideEncryption,
          ...checksumHeaders(out),
        },
      ),
  }),
  GetObjectAnnotation: defineS3Operation({
    name: 'GetObjectAnnotation',
    resource: 'object',
    routes: [{ method: 'GET', query: ['annotation', 'annotationName'] }],
    actions: ['s3:GetObjectAnnotation'],
    readOnly: true,
    run: getObjectAnnotation,
    decode(req) {
      const mode = optional(req.headers.get(H.CHECKSUM_MODE))
      return {
        ...objectTarget(req),
        AnnotationName: annotationNameOf(req),
        ...(mode === undefined ? {} : { ChecksumMode: mode }),
      }
    },
    encode: (out) =>
      new Response(out.AnnotationPayload, {
        status: 200,
        headers: definedHeaders({
          [H.OBJECT_VERSION_ID]: out.ObjectVersionId,
          [H.LAST_MODIFIED]: httpDate(out.LastModified),
          [H.CONTENT_LENGTH]: String(out.ContentLength),
          [H.ETAG]: out.ETag,
          [H.SSE]: out.ServerSideEncryption,
          ...checksumHeaders(out),
        }),
      }),
  }),
  DeleteObjectAnnotation: defineS3Operation({
    name: 'DeleteObjectAnnotation',
    resource: 'object',
    routes: [{ method: 'DELETE', query: ['annotation'] }],
    actions: ['s3:DeleteObjectAnnotation'],
    readOnly: false,
    run: deleteObjectAnnotation,
    decode: (req) => ({
      ...objectTarget(req),
      AnnotationName: annotationNameOf(req),
      ...objectIfMatchOf(req),
      ...bypassHeader(req.headers),
    }),
    encode: (out) => emptyResponse({ [H.OBJECT_VERSION_ID]: out.ObjectVersionId }, 204),
  }),
  ListObjectAnnotations: defineS3Operation({
    name: 'ListObjectAnnotations',
    resource: 'object',
    routes: [{ method: 'GET', query: ['annotation'] }],
    actions: ['s3:ListObjectAnnotations'],
    readOnly: true,
    run: listObjectAnnotations,
    decode(req) {
      const q = req.query
      const max = intParam(q, 'max-annotation-results', 1, 1000)
      const prefix = optional(q.get('annotation-prefix'))
      const token = optional(q.get('continuation-token'))
      return {
        ...objectTarget(req),
        ...(max === undefined ? {} : { MaxAnnotationResults: max }),
        ...(prefix === undefined ? {} : { AnnotationPrefix: prefix }),
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }
    },
    encode: (out) =>
      xmlResponse(
        'ListObjectAnnotationsOutput',
        {
          Annotations: {
            AnnotationEntry: out.Annotations.map((a) => ({
              AnnotationName: a.AnnotationName,
              LastModified: a.LastModified,
              Size: a.Size,
              ETag: a.ETag,
              ChecksumAlgorithm: a.ChecksumAlgorithm,
            })),
          },
          Bucket: out.Bucket,
          Key: out.Key,
          AnnotationPrefix: out.AnnotationPrefix,
          MaxAnnotationResults: out.MaxAnnotationResults,
          AnnotationCount: out.AnnotationCount,
          ContinuationToken: out.ContinuationToken,
          NextContinuationToken: out.NextContinuationToken,
        },
        { [H.OBJECT_VERSION_ID]: out.ObjectVersionId },
      ),
  }),
}
