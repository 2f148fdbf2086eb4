import type { bucketEncryptionOperations } from '../../../s3/operations/bucket-encryption.js'
import type { ServerSideEncryptionRule } from '../../../s3/shapes.js'
import { bucketOf, emptyResponse, type S3Codec, xmlResponse } from '../http.js'
import { readXmlBody, xmlChild, xmlChildren, xmlText } from '../xml.js'
import type { S3OperationShapes } from './types.js'

type Shapes = S3OperationShapes<typeof bucketEncryptionOperations>
type Codecs = { readonly [K in keyof Shapes]: S3Codec<Shapes[K]['input'], Shapes[K]['output']> }

export const bucketEncryptionCodecs: Codecs = {
  PutBucketEncryption: {
    async decode(req) {
      const doc = await readXmlBody(req.request.body, { root: 'ServerSideEncryptionConfiguration' })
      const rules = xmlChildren(doc, 'Rule').map((rule): ServerSideEncryptionRule => {
        const byDefault = xmlChild(rule, 'ApplyServerSideEncryptionByDefault')
        const algorithm = byDefault === undefined ? undefined : xmlText(byDefault, 'SSEAlgorithm')
        const keyId = byDefault === undefined ? undefined : xmlText(byDefault, 'KMSMasterKeyID')
        const bucketKey = xmlText(rule, 'BucketKeyEnabled')
        const blocked = xmlChild(rule, 'BlockedEncryptionTypes')
        const types =
          blocked === undefined
            ? undefined
            : xmlChildren(blocked, 'EncryptionType').map((t) => t['#text'])
        return {
          ...(byDefault === undefined
            ? {}
            : {
                ApplyServerSideEncryptionByDefault: {
                  SSEAlgorithm: algorithm ?? '',
                  ...(keyId === undefined ? {} : { KMSMasterKeyID: keyId }),
                },
              }),
          ...(bucketKey === undefined ? {} : { BucketKeyEnabled: bucketKey === 'true' }),
          ...(types === undefined
            ? {}
            : {
                BlockedEncryptionTypes: {
                  EncryptionType: types.filter((t) => typeof t === 'string'),
                },
              }),
        }
      })
      return { Bucket: bucketOf(req), ServerSideEncryptionConfiguration: { Rules: rules } }
    },
    encode: () => emptyResponse(),
  },
  GetBucketEncryption: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse('ServerSideEncryptionConfiguration', {
        Rule: out.ServerSideEncryptionConfiguration.Rules.map((rule) => ({
          ApplyServerSideEncryptionByDefault:
            rule.ApplyServerSideEncryptionByDefault === undefined
              ? undefined
              : {
                  SSEAlgorithm: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
                  KMSMasterKeyID: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID,
                },
          BucketKeyEnabled: rule.BucketKeyEnabled,
          BlockedEncryptionTypes:
            rule.BlockedEncryptionTypes?.EncryptionType === undefined
              ? undefined
              : { EncryptionType: rule.BlockedEncryptionTypes.EncryptionType },
        })),
      }),
  },
  DeleteBucketEncryption: {
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  },
}
