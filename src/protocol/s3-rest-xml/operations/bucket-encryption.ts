import {
  deleteBucketEncryption,
  getBucketEncryption,
  putBucketEncryption,
} from '../../../s3/operations/bucket-encryption.js'
import { defineS3Operation } from '../define.js'
import type { ServerSideEncryptionRule } from '../../../s3/shapes.js'
import { bucketOf, emptyResponse, xmlResponse } from '../http.js'
import { xmlChild, xmlChildren, xmlText } from '../xml.js'
import { MAX_CONFIG_BYTES, readXmlBody } from '../codecs/payload.js'

export const bucketEncryptionOperations = {
  PutBucketEncryption: defineS3Operation({
    name: 'PutBucketEncryption',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['encryption'] }],
    actions: ['s3:PutEncryptionConfiguration'],
    readOnly: false,
    run: putBucketEncryption,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'ServerSideEncryptionConfiguration',
        maxBytes: MAX_CONFIG_BYTES,
      })
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
  }),
  GetBucketEncryption: defineS3Operation({
    name: 'GetBucketEncryption',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['encryption'] }],
    actions: ['s3:GetEncryptionConfiguration'],
    readOnly: true,
    run: getBucketEncryption,
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
  }),
  DeleteBucketEncryption: defineS3Operation({
    name: 'DeleteBucketEncryption',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['encryption'] }],
    actions: ['s3:PutEncryptionConfiguration'],
    readOnly: false,
    run: deleteBucketEncryption,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
}
