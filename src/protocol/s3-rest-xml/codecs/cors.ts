import type { CorsRule } from '../../../s3/cors.js'
import { MalformedXML } from '../../../s3/errors.js'
import type { corsOperations } from '../../../s3/operations/cors.js'
import { bucketOf, emptyResponse, type S3Codec, xmlResponse } from '../http.js'
import { readXmlBody, xmlChildren, xmlText, type XmlNode } from '../xml.js'
import type { S3OperationShapes } from './types.js'

type Shapes = S3OperationShapes<typeof corsOperations>
type Codecs = { readonly [K in keyof Shapes]: S3Codec<Shapes[K]['input'], Shapes[K]['output']> }

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

export const corsCodecs: Codecs = {
  PutBucketCors: {
    async decode(req) {
      const doc = await readXmlBody(req.request.body, {
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
  },
  GetBucketCors: {
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
  },
  DeleteBucketCors: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  },
}
