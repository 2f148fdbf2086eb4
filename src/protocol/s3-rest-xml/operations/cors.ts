import { deleteBucketCors, getBucketCors, putBucketCors } from '../../../s3/operations/cors.js'
import { defineS3Operation } from '../define.js'
import type { CorsRule } from '../../../s3/cors.js'
import { MalformedXML } from '../../../s3/errors.js'
import { bucketOf, emptyResponse, xmlResponse } from '../http.js'
import { xmlChildren, xmlText, type XmlNode } from '../xml.js'
import { readXmlBody } from '../codecs/payload.js'

/** "The document is limited to 64 KB in size" (user guide, CORS configuration). */
const MAX_CORS_BYTES = 64 * 1024
const LISTS = ['CORSRule', 'AllowedHeader', 'AllowedMethod', 'AllowedOrigin', 'ExposeHeader']

const texts = (node: XmlNode, name: string): string[] =>
  xmlChildren(node, name).map((n) => {
    const text = n['#text']
    return typeof text === 'string' ? text : ''
  })

/** A `<CORSRule>`; MaxAgeSeconds must be an integer (the model's type), else MalformedXML. */
function decodeRule(node: XmlNode): CorsRule {
  const id = xmlText(node, 'ID')
  const maxAge = xmlText(node, 'MaxAgeSeconds')
  if (maxAge !== undefined && !/^-?\d+$/.test(maxAge.trim())) throw new MalformedXML()
  const headers = texts(node, 'AllowedHeader')
  const expose = texts(node, 'ExposeHeader')
  return {
    ...(id === undefined ? {} : { ID: id }),
    ...(headers.length === 0 ? {} : { AllowedHeaders: headers }),
    AllowedMethods: texts(node, 'AllowedMethod'),
    AllowedOrigins: texts(node, 'AllowedOrigin'),
    ...(expose.length === 0 ? {} : { ExposeHeaders: expose }),
    ...(maxAge === undefined ? {} : { MaxAgeSeconds: Number(maxAge.trim()) }),
  }
}

export const corsOperations = {
  PutBucketCors: defineS3Operation({
    name: 'PutBucketCors',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['cors'] }],
    actions: ['s3:PutBucketCORS'],
    readOnly: false,
    run: putBucketCors,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'CORSConfiguration',
        arrays: LISTS,
        maxBytes: MAX_CORS_BYTES,
      })
      return {
        Bucket: bucketOf(req),
        CORSConfiguration: { CORSRules: xmlChildren(doc, 'CORSRule').map(decodeRule) },
      }
    },
    encode: () => emptyResponse(),
  }),
  GetBucketCors: defineS3Operation({
    name: 'GetBucketCors',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['cors'] }],
    actions: ['s3:GetBucketCORS'],
    readOnly: true,
    run: getBucketCors,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse('CORSConfiguration', {
        CORSRule: out.CORSRules.map((r) => ({
          ID: r.ID,
          AllowedHeader: r.AllowedHeaders,
          AllowedMethod: r.AllowedMethods,
          AllowedOrigin: r.AllowedOrigins,
          ExposeHeader: r.ExposeHeaders,
          MaxAgeSeconds: r.MaxAgeSeconds,
        })),
      }),
  }),
  DeleteBucketCors: defineS3Operation({
    name: 'DeleteBucketCors',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['cors'] }],
    actions: ['s3:PutBucketCORS'],
    readOnly: false,
    run: deleteBucketCors,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
}
