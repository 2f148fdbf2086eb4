import {
  getBucketAcl,
  getObjectAcl,
  putBucketAcl,
  putObjectAcl,
} from '../../../s3/operations/acl.js'
import {
  deleteBucketOwnershipControls,
  deletePublicAccessBlock,
  getBucketOwnershipControls,
  getBucketPolicyStatus,
  getPublicAccessBlock,
  putBucketOwnershipControls,
  putPublicAccessBlock,
} from '../../../s3/operations/public-access.js'
import { defineS3Operation } from '../define.js'
import {
  type AclRequest,
  type Grant,
  type Grantee,
  PERMISSIONS,
} from '../../../s3/access-control.js'
import { MalformedXML } from '../../../s3/errors.js'
import { MalformedACLError } from '../../../s3/errors-config.js'
import type { Owner } from '../../../s3/shapes.js'
import * as H from '../headers.js'
import { bucketOf, emptyResponse, objectTarget, type S3HttpRequest, xmlResponse } from '../http.js'
import { xmlChild, xmlChildren, xmlText } from '../xml.js'
import { readXmlBody } from '../codecs/payload.js'

const XSI = 'http://www.w3.org/2001/XMLSchema-instance'
const MAX_CONFIG_BYTES = 64 * 1024

/** The ACL headers of any write: `x-amz-acl` and the five `x-amz-grant-*`. */
export function decodeAclHeaders(h: Headers): AclRequest {
  const out: AclRequest = {}
  const set = (member: keyof AclRequest, header: string): void => {
    const value = h.get(header)
    if (value !== null) (out as Record<string, string>)[member] = value
  }
  set('ACL', H.ACL)
  set('GrantFullControl', 'x-amz-grant-full-control')
  set('GrantRead', 'x-amz-grant-read')
  set('GrantReadACP', 'x-amz-grant-read-acp')
  set('GrantWrite', 'x-amz-grant-write')
  set('GrantWriteACP', 'x-amz-grant-write-acp')
  return out
}

/**
 * `<AccessControlPolicy>`: a grantee's kind is its `xsi:type` attribute; this parser drops
 * attributes, so the kind is read from the one element each kind has (ID, URI, EmailAddress), as
 * the API reference names them. An unknown permission or a grantee without one is MalformedACLError.
 */
async function decodeAclBody(req: S3HttpRequest): Promise<{ Grants: Grant[] } | undefined> {
  const length = req.headers.get('content-length')
  if (req.request.body === null || length === '0') return undefined
  const doc = await readXmlBody(req, {
    root: 'AccessControlPolicy',
    arrays: ['Grant'],
    maxBytes: MAX_CONFIG_BYTES,
  })
  const list = xmlChild(doc, 'AccessControlList')
  const grants = (list === undefined ? [] : xmlChildren(list, 'Grant')).map((g): Grant => {
    const grantee = xmlChild(g, 'Grantee')
    const permission = xmlText(g, 'Permission')
    if (
      grantee === undefined ||
      !(PERMISSIONS as readonly (string | undefined)[]).includes(permission)
    ) {
      throw new MalformedACLError()
    }
    const id = xmlText(grantee, 'ID')
    const uri = xmlText(grantee, 'URI')
    const email = xmlText(grantee, 'EmailAddress')
    const parsed: Grantee | undefined =
      id !== undefined
        ? { Type: 'CanonicalUser', ID: id }
        : uri !== undefined
          ? { Type: 'Group', URI: uri }
          : email !== undefined
            ? { Type: 'AmazonCustomerByEmail', EmailAddress: email }
            : undefined
    if (parsed === undefined) throw new MalformedACLError()
    return { Grantee: parsed, Permission: permission as Grant['Permission'] }
  })
  return { Grants: grants }
}

async function aclInput(req: S3HttpRequest): Promise<AclRequest> {
  const policy = await decodeAclBody(req)
  return {
    ...decodeAclHeaders(req.headers),
    ...(policy === undefined ? {} : { AccessControlPolicy: policy }),
  }
}

function aclXml(owner: Owner, grants: readonly Grant[]) {
  return {
    Owner: { ID: owner.ID },
    AccessControlList: {
      Grant: grants.map((g) => ({
        Grantee: {
          '@_xmlns:xsi': XSI,
          '@_xsi:type': g.Grantee.Type,
          ID: g.Grantee.ID,
          URI: g.Grantee.URI,
          EmailAddress: g.Grantee.EmailAddress,
        },
        Permission: g.Permission,
      })),
    },
  }
}

const bool = (text: string | undefined): boolean | undefined => {
  if (text === undefined) return undefined
  if (text === 'true' || text === 'false') return text === 'true'
  throw new MalformedXML()
}

export const accessControlOperations = {
  GetBucketAcl: defineS3Operation({
    name: 'GetBucketAcl',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['acl'] }],
    actions: ['s3:GetBucketAcl'],
    readOnly: true,
    run: getBucketAcl,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) => xmlResponse('AccessControlPolicy', aclXml(out.Owner, out.Grants)),
  }),
  PutBucketAcl: defineS3Operation({
    name: 'PutBucketAcl',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['acl'] }],
    actions: ['s3:PutBucketAcl'],
    readOnly: false,
    run: putBucketAcl,
    decode: async (req) => ({ Bucket: bucketOf(req), ...(await aclInput(req)) }),
    encode: () => emptyResponse(),
  }),
  GetObjectAcl: defineS3Operation({
    name: 'GetObjectAcl',
    resource: 'object',
    routes: [{ method: 'GET', query: ['acl'] }],
    actions: [{ plain: 's3:GetObjectAcl', version: 's3:GetObjectVersionAcl' }],
    readOnly: true,
    run: getObjectAcl,
    decode: objectTarget,
    encode: (out) =>
      xmlResponse('AccessControlPolicy', aclXml(out.Owner, out.Grants), {
        [H.VERSION_ID]: out.VersionId,
      }),
  }),
  PutObjectAcl: defineS3Operation({
    name: 'PutObjectAcl',
    resource: 'object',
    routes: [{ method: 'PUT', query: ['acl'] }],
    actions: [{ plain: 's3:PutObjectAcl', version: 's3:PutObjectVersionAcl' }],
    readOnly: false,
    run: putObjectAcl,
    decode: async (req) => ({ ...objectTarget(req), ...(await aclInput(req)) }),
    encode: (out) => emptyResponse({ [H.VERSION_ID]: out.VersionId }),
  }),
  PutPublicAccessBlock: defineS3Operation({
    name: 'PutPublicAccessBlock',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['publicAccessBlock'] }],
    actions: ['s3:PutBucketPublicAccessBlock'],
    readOnly: false,
    run: putPublicAccessBlock,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'PublicAccessBlockConfiguration',
        maxBytes: MAX_CONFIG_BYTES,
      })
      const config: Record<string, boolean> = {}
      for (const name of [
        'BlockPublicAcls',
        'IgnorePublicAcls',
        'BlockPublicPolicy',
        'RestrictPublicBuckets',
      ]) {
        const value = bool(xmlText(doc, name))
        if (value !== undefined) config[name] = value
      }
      return { Bucket: bucketOf(req), PublicAccessBlockConfiguration: config }
    },
    encode: () => emptyResponse(),
  }),
  GetPublicAccessBlock: defineS3Operation({
    name: 'GetPublicAccessBlock',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['publicAccessBlock'] }],
    actions: ['s3:GetBucketPublicAccessBlock'],
    readOnly: true,
    run: getPublicAccessBlock,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse('PublicAccessBlockConfiguration', { ...out.PublicAccessBlockConfiguration }),
  }),
  DeletePublicAccessBlock: defineS3Operation({
    name: 'DeletePublicAccessBlock',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['publicAccessBlock'] }],
    actions: ['s3:PutBucketPublicAccessBlock'],
    readOnly: false,
    run: deletePublicAccessBlock,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
  PutBucketOwnershipControls: defineS3Operation({
    name: 'PutBucketOwnershipControls',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['ownershipControls'] }],
    actions: ['s3:PutBucketOwnershipControls'],
    readOnly: false,
    run: putBucketOwnershipControls,
    async decode(req) {
      const doc = await readXmlBody(req, {
        root: 'OwnershipControls',
        arrays: ['Rule'],
        maxBytes: MAX_CONFIG_BYTES,
      })
      const rules = xmlChildren(doc, 'Rule').map((r) => ({
        ObjectOwnership: xmlText(r, 'ObjectOwnership') ?? '',
      }))
      return { Bucket: bucketOf(req), OwnershipControls: { Rules: rules } }
    },
    encode: () => emptyResponse(),
  }),
  GetBucketOwnershipControls: defineS3Operation({
    name: 'GetBucketOwnershipControls',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['ownershipControls'] }],
    actions: ['s3:GetBucketOwnershipControls'],
    readOnly: true,
    run: getBucketOwnershipControls,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse('OwnershipControls', {
        Rule: out.OwnershipControls.Rules.map((r) => ({ ObjectOwnership: r.ObjectOwnership })),
      }),
  }),
  DeleteBucketOwnershipControls: defineS3Operation({
    name: 'DeleteBucketOwnershipControls',
    resource: 'bucket',
    routes: [{ method: 'DELETE', query: ['ownershipControls'] }],
    actions: ['s3:PutBucketOwnershipControls'],
    readOnly: false,
    run: deleteBucketOwnershipControls,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: () => emptyResponse({}, 204),
  }),
  GetBucketPolicyStatus: defineS3Operation({
    name: 'GetBucketPolicyStatus',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['policyStatus'] }],
    actions: ['s3:GetBucketPolicyStatus'],
    readOnly: true,
    run: getBucketPolicyStatus,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) => xmlResponse('PolicyStatus', { IsPublic: out.PolicyStatus.IsPublic }),
  }),
}
