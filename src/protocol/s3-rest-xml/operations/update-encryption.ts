import { updateObjectEncryption } from '../../../s3/operations/update-encryption.js'
import { defineS3Operation } from '../define.js'
import { emptyResponse, objectTarget } from '../http.js'
import { xmlChild, xmlText } from '../xml.js'
import { MAX_CONFIG_BYTES, readXmlBody } from '../codecs/payload.js'

export const updateEncryptionOperations = {
  UpdateObjectEncryption: defineS3Operation({
    name: 'UpdateObjectEncryption',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['encryption'] }],
    actions: ['s3:UpdateObjectEncryption'],
    readOnly: false,
    run: updateObjectEncryption,
    async decode(req) {
      // The SDK's document: <ObjectEncryption><SSE-KMS><KMSKeyArn/><BucketKeyEnabled/></SSE-KMS>.
      const doc = await readXmlBody(req, { root: 'ObjectEncryption', maxBytes: MAX_CONFIG_BYTES })
      const kms = xmlChild(doc, 'SSE-KMS')
      const keyArn = kms === undefined ? undefined : xmlText(kms, 'KMSKeyArn')
      const bucketKey = kms === undefined ? undefined : xmlText(kms, 'BucketKeyEnabled')
      return {
        ...objectTarget(req),
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
  }),
}
