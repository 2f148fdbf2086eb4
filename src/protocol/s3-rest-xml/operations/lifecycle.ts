import {
  deleteBucketLifecycle,
  getBucketLifecycleConfiguration,
  putBucketLifecycleConfiguration,
} from '../../../s3/operations/lifecycle.js'
import { defineS3Operation } from '../define.js'
import { MalformedXML } from '../../../s3/errors.js'
import type {
  LifecycleRule,
  LifecycleRuleAndOperator,
  LifecycleRuleFilter,
} from '../../../s3/lifecycle.js'
import type { Tag } from '../../../s3/tagging.js'
import { bucketOf, emptyResponse, xmlResponse } from '../http.js'
import { xmlChild, xmlChildren, type XmlInput, xmlText, type XmlNode } from '../xml.js'
import { readXmlBody } from '../codecs/payload.js'

const MIN_SIZE_HEADER = 'x-amz-transition-default-minimum-object-size'
const LISTS = ['Rule', 'Tag', 'Transition', 'NoncurrentVersionTransition']

/** An integer element, or MalformedXML (the model's types: integers and longs). */
function int(node: XmlNode, name: string): number | undefined {
  const text = xmlText(node, name)
  if (text === undefined) return undefined
  if (!/^-?\d+$/.test(text.trim())) throw new MalformedXML()
  return Number(text.trim())
}

/** An ISO 8601 timestamp (`2027-01-01T00:00:00Z`, or a date alone); an HTTP date is MalformedXML. */
function date(node: XmlNode, name: string): Date | undefined {
  const text = xmlText(node, name)
  if (text === undefined) return undefined
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    throw new MalformedXML()
  }
  const value = new Date(text.trim())
  if (Number.isNaN(value.getTime())) throw new MalformedXML()
  return value
}

function tag(node: XmlNode): Tag {
  const key = xmlText(node, 'Key')
  if (key === undefined) throw new MalformedXML()
  return { Key: key, Value: xmlText(node, 'Value') ?? '' }
}

function sizesAndPrefix(node: XmlNode): LifecycleRuleAndOperator {
  const prefix = xmlText(node, 'Prefix')
  const gt = int(node, 'ObjectSizeGreaterThan')
  const lt = int(node, 'ObjectSizeLessThan')
  return {
    ...(prefix === undefined ? {} : { Prefix: prefix }),
    ...(gt === undefined ? {} : { ObjectSizeGreaterThan: gt }),
    ...(lt === undefined ? {} : { ObjectSizeLessThan: lt }),
  }
}

function filter(node: XmlNode): LifecycleRuleFilter {
  const tags = xmlChildren(node, 'Tag')
  if (tags.length > 1) throw new MalformedXML()
  const and = xmlChild(node, 'And')
  const andTags = and === undefined ? [] : xmlChildren(and, 'Tag').map(tag)
  return {
    ...sizesAndPrefix(node),
    ...(tags[0] === undefined ? {} : { Tag: tag(tags[0]) }),
    ...(and === undefined
      ? {}
      : { And: { ...sizesAndPrefix(and), ...(andTags.length === 0 ? {} : { Tags: andTags }) } }),
  }
}

/** The members that are present (exactOptionalPropertyTypes: absent, never undefined). */
function defined<T>(value: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

function rule(node: XmlNode): LifecycleRule {
  const f = xmlChild(node, 'Filter')
  const exp = xmlChild(node, 'Expiration')
  const nve = xmlChild(node, 'NoncurrentVersionExpiration')
  const abort = xmlChild(node, 'AbortIncompleteMultipartUpload')
  const marker = exp === undefined ? undefined : xmlText(exp, 'ExpiredObjectDeleteMarker')
  if (marker !== undefined && marker !== 'true' && marker !== 'false') throw new MalformedXML()
  const transitions = xmlChildren(node, 'Transition').map((t) =>
    defined({
      Date: date(t, 'Date'),
      Days: int(t, 'Days'),
      StorageClass: xmlText(t, 'StorageClass'),
    }),
  )
  const noncurrentTransitions = xmlChildren(node, 'NoncurrentVersionTransition').map((t) =>
    defined({
      NoncurrentDays: int(t, 'NoncurrentDays'),
      NewerNoncurrentVersions: int(t, 'NewerNoncurrentVersions'),
      StorageClass: xmlText(t, 'StorageClass'),
    }),
  )
  return defined({
    ID: xmlText(node, 'ID'),
    Status: xmlText(node, 'Status') ?? '',
    Filter: f === undefined ? undefined : filter(f),
    Prefix: xmlText(node, 'Prefix'),
    Expiration:
      exp === undefined
        ? undefined
        : defined({
            Date: date(exp, 'Date'),
            Days: int(exp, 'Days'),
            ExpiredObjectDeleteMarker: marker === undefined ? undefined : marker === 'true',
          }),
    Transitions: transitions.length === 0 ? undefined : transitions,
    NoncurrentVersionTransitions:
      noncurrentTransitions.length === 0 ? undefined : noncurrentTransitions,
    NoncurrentVersionExpiration:
      nve === undefined
        ? undefined
        : defined({
            NoncurrentDays: int(nve, 'NoncurrentDays'),
            NewerNoncurrentVersions: int(nve, 'NewerNoncurrentVersions'),
          }),
    AbortIncompleteMultipartUpload:
      abort === undefined
        ? undefined
        : defined({ DaysAfterInitiation: int(abort, 'DaysAfterInitiation') }),
  })
}

const sizes = (f: LifecycleRuleAndOperator) => ({
  Prefix: f.Prefix,
  ObjectSizeGreaterThan: f.ObjectSizeGreaterThan,
  ObjectSizeLessThan: f.ObjectSizeLessThan,
})
const tagXml = (t: Tag) => ({ Key: t.Key, Value: t.Value })

/** A rule as GetBucketLifecycleConfiguration writes it: ID, Filter, Status, then the actions. */
function ruleXml(r: LifecycleRule): XmlInput {
  const f = r.Filter
  const e = r.Expiration
  return {
    ID: r.ID,
    Filter:
      f === undefined
        ? undefined
        : {
            ...sizes(f),
            Tag: f.Tag === undefined ? undefined : tagXml(f.Tag),
            And:
              f.And === undefined ? undefined : { ...sizes(f.And), Tag: f.And.Tags?.map(tagXml) },
          },
    Prefix: r.Prefix,
    Status: r.Status,
    Expiration:
      e === undefined
        ? undefined
        : { Date: e.Date, Days: e.Days, ExpiredObjectDeleteMarker: e.ExpiredObjectDeleteMarker },
    Transition: r.Transitions?.map((t) => ({
      Date: t.Date,
      Days: t.Days,
      StorageClass: t.StorageClass,
    })),
    NoncurrentVersionTransition: r.NoncurrentVersionTransitions?.map((t) => ({
      NoncurrentDays: t.NoncurrentDays,
      NewerNoncurrentVersions: t.NewerNoncurrentVersions,
      StorageClass: t.StorageClass,
    })),
    NoncurrentVersionExpiration:
      r.NoncurrentVersionExpiration === undefined
        ? undefined
        : {
            NoncurrentDays: r.NoncurrentVersionExpiration.NoncurrentDays,
            NewerNoncurrentVersions: r.NoncurrentVersionExpiration.NewerNoncurrentVersions,
          },
    AbortIncompleteMultipartUpload:
      r.AbortIncompleteMultipartUpload === undefined
        ? undefined
        : { DaysAfterInitiation: r.AbortIncompleteMultipartUpload.DaysAfterInitiation },
  }
}

export const lifecycleOperations = {
  PutBucketLifecycleConfiguration: defineS3Operation({
    name: 'PutBucketLifecycleConfiguration',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['lifecycle'] }],
    actions: ['s3:PutLifecycleConfiguration'],
    readOnly: false,
    run: putBucketLifecycleConfiguration,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'LifecycleConfiguration',
        arrays: LISTS,
      })
      const minimum = req.headers.get(MIN_SIZE_HEADER)
      return {
        Bucket: bucketOf(req),
        LifecycleConfiguration: { Rules: xmlChildren(doc, 'Rule').map(rule) },
        ...(minimum === null ? {} : { TransitionDefaultMinimumObjectSize: minimum }),
      }
    },
    encode: (out) => emptyResponse({ [MIN_SIZE_HEADER]: out.TransitionDefaultMinimumObjectSize }),
  }),
  GetBucketLifecycleConfiguration: defineS3Operation({
    name: 'GetBucketLifecycleConfiguration',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['lifecycle'] }],
    actions: ['s3:GetLifecycleConfiguration'],
    readOnly: true,
    run: getBucketLifecycleConfiguration,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse(
        'LifecycleConfiguration',
        { Rule: out.Rules.map(ruleXml) },
        { [MIN_SIZE_HEADER]: out.TransitionDefaultMinimumObjectSize },
      ),
  }),
  DeleteBucketLifecycle: defineS3Operation({
    name: 'DeleteBucketLifecycle',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['lifecycle'] }],
    actions: ['s3:PutLifecycleConfiguration'],
    readOnly: false,
    run: deleteBucketLifecycle,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
}
