import type { updateEncryptionOperations } from '../../../s3/operations/update-encryption.js'
import { bucketOf, emptyResponse, keyOf, optional, type S3Codec } from '../http.js'
import { readXmlBody, xmlChild, xmlText } from '../xml.js'
import type { S3OperationShapes } from './types.js'

type Shapes = S3OperationShapes<typeof updateEncryptionOperations>
type Codecs = { readonly [K in keyof Shapes]: S3Codec<Shapes[K]['input'], Shapes[K]['output']> }

export const updateEncryptionCodecs: Codecs = {
  UpdateObjectEncryption: {
    async decode(req) {
      // The SDK's document: <ObjectEncryption><SSE-KMS><KMSKeyArn/><BucketKeyEnabled/></SSE-KMS>.
      const doc = await readXmlBody(req.request.body, { root: 'ObjectEncryption' })
      const kms = xmlChild(doc, 'SSE-KMS')
      const versionId = optional(req.query.get('versionId'))
      const keyArn = kms === undefined ? undefined : xmlText(kms, 'KMSKeyArn')
      const bucketKey = kms === undefined ? undefined : xmlText(kms, 'BucketKeyEnabled')
      return {
        Bucket: bucketOf(req),
        Key: keyOf(req),
        ...(versionId === undefined ? {} : { VersionId: versionId }),
        ObjectEncryption:
          kms === undefined
            ? {}
            : {
                SSEKMS: {
                  ...(keyArn === undefined ? {} : { KMSKeyArn: keyArn }),
                  ...(bucketKey === undefined ? {} : { BucketKeyEnabled: bucketKey }),
                },
              },
      }
    },
    encode: () => emptyResponse(),
  },
}
