import {
  getObjectLegalHold,
  getObjectLockConfiguration,
  getObjectRetention,
  putObjectLegalHold,
  putObjectLockConfiguration,
  putObjectRetention,
} from '../../../s3/operations/object-lock.js'
import { defineS3Operation } from '../define.js'
import * as H from '../headers.js'
import { bucketOf, emptyResponse, objectTarget, xmlResponse } from '../http.js'
import { xmlChild, xmlText } from '../xml.js'
import { readXmlBody } from '../codecs/payload.js'

/** The three documents are a few hundred bytes; 64 KiB is far above any valid one. */
const MAX_LOCK_XML_BYTES = 64 * 1024

/** `x-amz-bypass-governance-retention`: absent, or the boolean it names (`true` bypasses). */
export function bypassHeader(h: Headers): { BypassGovernanceRetention?: boolean } {
  const value = h.get(H.BYPASS_GOVERNANCE_RETENTION)
  return value === null ? {} : { BypassGovernanceRetention: value.toLowerCase() === 'true' }
}

const defined = <T extends Record<string, unknown>>(members: T) =>
  Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }

/** `?object-lock` on buckets, `?retention` and `?legal-hold` on objects: each Put answers 200. */
export const objectLockOperations = {
  PutObjectLockConfiguration: defineS3Operation({
    name: 'PutObjectLockConfiguration',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['object-lock'] }],
    actions: ['s3:PutBucketObjectLockConfiguration'],
    readOnly: false,
    run: putObjectLockConfiguration,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'ObjectLockConfiguration',
        maxBytes: MAX_LOCK_XML_BYTES,
      })
      const rule = xmlChild(doc, 'Rule')
      const retention = rule === undefined ? undefined : xmlChild(rule, 'DefaultRetention')
      return {
        Bucket: bucketOf(req),
        ObjectLockConfiguration: defined({
          ObjectLockEnabled: xmlText(doc, 'ObjectLockEnabled'),
          Rule:
            rule === undefined
              ? undefined
              : defined({
                  DefaultRetention:
                    retention === undefined
                      ? undefined
                      : defined({
                          Mode: xmlText(retention, 'Mode'),
                          Days: xmlText(retention, 'Days'),
                          Years: xmlText(retention, 'Years'),
                          EventHold:
                            xmlChild(retention, 'DefaultEventHold') === undefined
                              ? undefined
                              : true,
                        }),
                }),
        }),
      }
    },
    encode: () => emptyResponse(),
  }),
  GetObjectLockConfiguration: defineS3Operation({
    name: 'GetObjectLockConfiguration',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['object-lock'] }],
    actions: ['s3:GetBucketObjectLockConfiguration'],
    readOnly: true,
    run: getObjectLockConfiguration,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) => xmlResponse('ObjectLockConfiguration', out.ObjectLockConfiguration),
  }),
  PutObjectRetention: defineS3Operation({
    name: 'PutObjectRetention',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['retention'] }],
    actions: ['s3:PutObjectRetention'],
    readOnly: false,
    run: putObjectRetention,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'Retention',
        maxBytes: MAX_LOCK_XML_BYTES,
      })
      return {
        ...objectTarget(req),
        ...bypassHeader(req.headers),
        Retention: defined({
          Mode: xmlText(doc, 'Mode'),
          RetainUntilDate: xmlText(doc, 'RetainUntilDate'),
          EventHold:
            xmlChild(doc, 'EventHold') === undefined &&
            xmlChild(doc, 'EventHoldDuration') === undefined
              ? undefined
              : true,
        }),
      }
    },
    encode: () => emptyResponse(),
  }),
  GetObjectRetention: defineS3Operation({
    name: 'GetObjectRetention',
    resource: 'object',
    routes: [{ method: 'GET', query: ['retention'] }],
    actions: ['s3:GetObjectRetention'],
    readOnly: true,
    run: getObjectRetention,
    decode: objectTarget,
    encode: (out) => xmlResponse('Retention', out.Retention),
  }),
  PutObjectLegalHold: defineS3Operation({
    name: 'PutObjectLegalHold',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['legal-hold'] }],
    actions: ['s3:PutObjectLegalHold'],
    readOnly: false,
    run: putObjectLegalHold,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'LegalHold',
        maxBytes: MAX_LOCK_XML_BYTES,
      })
      return { ...objectTarget(req), LegalHold: defined({ Status: xmlText(doc, 'Status') }) }
    },
    encode: () => emptyResponse(),
  }),
  GetObjectLegalHold: defineS3Operation({
    name: 'GetObjectLegalHold',
    resource: 'object',
    routes: [{ method: 'GET', query: ['legal-hold'] }],
    actions: ['s3:GetObjectLegalHold'],
    readOnly: true,
    run: getObjectLegalHold,
    decode: objectTarget,
    encode: (out) => xmlResponse('LegalHold', out.LegalHold),
  }),
}
