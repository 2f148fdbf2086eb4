import { getObjectAttributes } from '../../../s3/operations/attributes.js'
import { defineS3Operation } from '../define.js'
import { GET_OBJECT } from '../access.js'
import { InvalidArgument } from '../../../s3/errors.js'
import * as H from '../headers.js'
import { bucketOf, httpDate, keyOf, optional, xmlResponse } from '../http.js'
import { checksumXml, decodeCustomerKey } from '../codecs/common.js'

/** A non-negative integer header (`x-amz-max-parts`, `x-amz-part-number-marker`). */
function countHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name)
  if (raw === null || raw.trim() === '') return undefined
  const value = Number(raw.trim())
  if (!/^\d{1,10}$/.test(raw.trim()) || !Number.isSafeInteger(value) || value > 2 ** 31 - 1) {
    throw new InvalidArgument(`Provided ${name} not an integer or within integer range`, name, raw)
  }
  return value
}

export const attributeOperations = {
  GetObjectAttributes: defineS3Operation({
    name: 'GetObjectAttributes',
    resource: 'object',
    routes: [{ method: 'GET', query: ['attributes'] }],
    actions: [
      GET_OBJECT,
      { plain: 's3:GetObjectAttributes', version: 's3:GetObjectVersionAttributes' },
    ],
    readOnly: true,
    run: getObjectAttributes,
    decode(req) {
      const h = req.headers
      // The SDK sends the list comma-separated ("ETag, Checksum"); repeated headers join the same way.
      const attributes = (h.get(H.OBJECT_ATTRIBUTES) ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '')
      const versionId = optional(req.query.get('versionId'))
      const maxParts = countHeader(h, H.MAX_PARTS)
      const marker = countHeader(h, H.PART_NUMBER_MARKER)
      return {
        Bucket: bucketOf(req),
        Key: keyOf(req),
        ObjectAttributes: attributes,
        ...(versionId === undefined ? {} : { VersionId: versionId }),
        ...(maxParts === undefined ? {} : { MaxParts: maxParts }),
        ...(marker === undefined ? {} : { PartNumberMarker: marker }),
        ...decodeCustomerKey(h),
      }
    },
    encode: (out) => {
      const parts = out.ObjectParts
      return xmlResponse(
        'GetObjectAttributesResponse',
        {
          ETag: out.ETag,
          Checksum: out.Checksum === undefined ? undefined : checksumXml(out.Checksum),
          ObjectParts:
            parts === undefined
              ? undefined
              : {
                  // The wire name of TotalPartsCount (S3 model: xmlName PartsCount).
                  PartsCount: parts.TotalPartsCount,
                  PartNumberMarker: parts.PartNumberMarker,
                  NextPartNumberMarker: parts.NextPartNumberMarker,
                  MaxParts: parts.MaxParts,
                  IsTruncated: parts.IsTruncated,
                  Part: parts.Parts?.map((p) => ({
                    PartNumber: p.PartNumber,
                    Size: p.Size,
                    ...checksumXml(p),
                  })),
                },
          StorageClass: out.StorageClass,
          ObjectSize: out.ObjectSize,
        },
        { [H.LAST_MODIFIED]: httpDate(out.LastModified), [H.VERSION_ID]: out.VersionId },
      )
    },
  }),
}
