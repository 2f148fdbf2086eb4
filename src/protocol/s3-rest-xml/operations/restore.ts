import { restoreObject } from '../../../s3/operations/restore.js'
import { defineS3Operation } from '../define.js'
import { emptyResponse, objectTarget } from '../http.js'
import { xmlChild, xmlText } from '../xml.js'
import { readXmlBody } from '../codecs/payload.js'

/** A RestoreRequest document is small; 64 KiB is far above a valid one. */
const MAX_RESTORE_XML_BYTES = 64 * 1024

/** `POST /{Key}?restore`: 202 for a new restore, 200 when a restored copy is extended. */
export const restoreOperations = {
  RestoreObject: defineS3Operation({
    name: 'RestoreObject',
    resource: 'object',
    routes: [{ method: 'POST', query: ['restore'] }],
    actions: ['s3:RestoreObject'],
    readOnly: false,
    run: restoreObject,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'RestoreRequest',
        maxBytes: MAX_RESTORE_XML_BYTES,
      })
      const glacier = xmlChild(doc, 'GlacierJobParameters')
      const tier =
        (glacier === undefined ? undefined : xmlText(glacier, 'Tier')) ?? xmlText(doc, 'Tier')
      const days = xmlText(doc, 'Days')
      // A SELECT restore (or one with an output location) is not emulated.
      const select =
        xmlText(doc, 'Type') ??
        ((xmlChild(doc, 'SelectParameters') ?? xmlChild(doc, 'OutputLocation'))
          ? 'SELECT'
          : undefined)
      return {
        ...objectTarget(req),
        RestoreRequest: {
          ...(days === undefined ? {} : { Days: days }),
          ...(tier === undefined ? {} : { Tier: tier }),
          ...(select === undefined ? {} : { Type: select }),
        },
      }
    },
    encode: (out) => emptyResponse({}, out.Status),
  }),
}
