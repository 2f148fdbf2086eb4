import {
  deleteBucketTagging,
  deleteObjectTagging,
  getBucketTagging,
  getObjectTagging,
  putBucketTagging,
  putObjectTagging,
} from '../../../s3/operations/tagging.js'
import { defineS3Operation } from '../define.js'
import { MalformedXML } from '../../../s3/errors.js'
import type { Tag } from '../../../s3/tagging.js'
import * as H from '../headers.js'
import { bucketOf, emptyResponse, objectTarget, type S3HttpRequest, xmlResponse } from '../http.js'
import { xmlChild, xmlChildren, xmlText, type XmlNode } from '../xml.js'
import { readXmlBody } from '../codecs/payload.js'

/** Far above 50 tags of 128 + 256 characters; a larger document is MaxMessageLengthExceeded. */
const MAX_TAGGING_BYTES = 64 * 1024

/**
 * `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`: `TagSet`, `Key` and `Value`
 * are required (API reference, `Tagging` and `Tag`), so a missing one is MalformedXML.
 */
export function decodeTagSet(doc: XmlNode): Tag[] {
  const set = xmlChild(doc, 'TagSet')
  if (set === undefined) throw new MalformedXML()
  return xmlChildren(set, 'Tag').map((tag) => {
    const key = xmlText(tag, 'Key')
    const value = xmlText(tag, 'Value')
    if (key === undefined || value === undefined) throw new MalformedXML()
    return { Key: key, Value: value }
  })
}

export async function readTagging(req: S3HttpRequest): Promise<Tag[]> {
  const doc = await readXmlBody(req, {
    root: 'Tagging',
    arrays: ['Tag'],
    maxBytes: MAX_TAGGING_BYTES,
  })
  return decodeTagSet(doc)
}

export const tagSetXml = (tags: readonly Tag[]) => ({
  TagSet: { Tag: tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
})

/** `?tagging` on objects and buckets. Put answers 200, the Deletes 204 (API reference). */
export const taggingOperations = {
  PutObjectTagging: defineS3Operation({
    name: 'PutObjectTagging',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['tagging'] }],
    actions: [{ plain: 's3:PutObjectTagging', version: 's3:PutObjectVersionTagging' }],
    readOnly: false,
    run: putObjectTagging,
    decode: async (req) => ({ ...objectTarget(req), Tagging: { TagSet: await readTagging(req) } }),
    encode: (out) => emptyResponse({ [H.VERSION_ID]: out.VersionId }),
  }),
  GetObjectTagging: defineS3Operation({
    name: 'GetObjectTagging',
    resource: 'object',
    routes: [{ method: 'GET', query: ['tagging'] }],
    actions: [{ plain: 's3:GetObjectTagging', version: 's3:GetObjectVersionTagging' }],
    readOnly: true,
    run: getObjectTagging,
    decode: objectTarget,
    encode: (out) =>
      xmlResponse('Tagging', tagSetXml(out.TagSet), { [H.VERSION_ID]: out.VersionId }),
  }),
  DeleteObjectTagging: defineS3Operation({
    name: 'DeleteObjectTagging',
    resource: 'object',
    routes: [{ method: 'DELETE', query: ['tagging'] }],
    actions: [{ plain: 's3:DeleteObjectTagging', version: 's3:DeleteObjectVersionTagging' }],
    readOnly: false,
    run: deleteObjectTagging,
    decode: objectTarget,
    encode: (out) => emptyResponse({ [H.VERSION_ID]: out.VersionId }, 204),
  }),
  PutBucketTagging: defineS3Operation({
    name: 'PutBucketTagging',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['tagging'] }],
    actions: ['s3:PutBucketTagging'],
    readOnly: false,
    run: putBucketTagging,
    decode: async (req) => ({ Bucket: bucketOf(req), Tagging: { TagSet: await readTagging(req) } }),
    encode: () => emptyResponse({}, 204),
  }),
  GetBucketTagging: defineS3Operation({
    name: 'GetBucketTagging',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['tagging'] }],
    actions: ['s3:GetBucketTagging'],
    readOnly: true,
    run: getBucketTagging,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) => xmlResponse('Tagging', tagSetXml(out.TagSet)),
  }),
  DeleteBucketTagging: defineS3Operation({
    name: 'DeleteBucketTagging',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['tagging'] }],
    actions: ['s3:PutBucketTagging'],
    readOnly: false,
    run: deleteBucketTagging,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
}
