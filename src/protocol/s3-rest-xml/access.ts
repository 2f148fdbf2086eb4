import type { AccessNeed, AccessRequest } from '../../core/access.js'
import { partitionOf } from '../../core/arn.js'
import { parseCopySource } from './addressing.js'
import * as H from './headers.js'
import type { S3HttpRequest } from './http.js'

/**
 * The authorization request of one S3 call: the actions it needs on which resources, and the
 * condition keys the HTTP request supplies (DESIGN §3: the domain decides from plain data, never
 * from HTTP). Actions per operation follow "Required permissions for Amazon S3 API operations" and
 * the SDK's command documentation: CopyObject needs PutObject on the destination and GetObject on
 * the source; the multipart steps are PutObject; HeadObject is GetObject; a `versionId` turns the
 * object actions into their `…Version` forms.
 */
type Target = 'service' | 'bucket' | 'object'
type ActionOf = string | ((versioned: boolean) => string)
const v = (plain: string, version: string) => (versioned: boolean) => (versioned ? version : plain)

const GET = v('s3:GetObject', 's3:GetObjectVersion')
const ACTIONS: Readonly<Record<string, readonly [Target, ...ActionOf[]]>> = {
  ListBuckets: ['service', 's3:ListAllMyBuckets'],
  CreateBucket: ['bucket', 's3:CreateBucket'],
  DeleteBucket: ['bucket', 's3:DeleteBucket'],
  HeadBucket: ['bucket', 's3:ListBucket'],
  ListObjects: ['bucket', 's3:ListBucket'],
  ListObjectsV2: ['bucket', 's3:ListBucket'],
  ListObjectVersions: ['bucket', 's3:ListBucketVersions'],
  ListMultipartUploads: ['bucket', 's3:ListBucketMultipartUploads'],
  GetBucketLocation: ['bucket', 's3:GetBucketLocation'],
  PutBucketVersioning: ['bucket', 's3:PutBucketVersioning'],
  GetBucketVersioning: ['bucket', 's3:GetBucketVersioning'],
  PutBucketEncryption: ['bucket', 's3:PutEncryptionConfiguration'],
  GetBucketEncryption: ['bucket', 's3:GetEncryptionConfiguration'],
  DeleteBucketEncryption: ['bucket', 's3:PutEncryptionConfiguration'],
  PutBucketPolicy: ['bucket', 's3:PutBucketPolicy'],
  GetBucketPolicy: ['bucket', 's3:GetBucketPolicy'],
  DeleteBucketPolicy: ['bucket', 's3:DeleteBucketPolicy'],
  // Decided per key in the domain (each refused key is an AccessDenied entry of the result), and
  // per form in POST Object, whose fields are the condition keys.
  DeleteObjects: ['bucket'],
  PostObject: ['bucket'],
  PutObject: ['object', 's3:PutObject'],
  CopyObject: ['object', 's3:PutObject'],
  CreateMultipartUpload: ['object', 's3:PutObject'],
  UploadPart: ['object', 's3:PutObject'],
  UploadPartCopy: ['object', 's3:PutObject'],
  CompleteMultipartUpload: ['object', 's3:PutObject'],
  AbortMultipartUpload: ['object', 's3:AbortMultipartUpload'],
  ListParts: ['object', 's3:ListMultipartUploadParts'],
  GetObject: ['object', GET],
  HeadObject: ['object', GET],
  GetObjectAttributes: [
    'object',
    GET,
    v('s3:GetObjectAttributes', 's3:GetObjectVersionAttributes'),
  ],
  DeleteObject: ['object', v('s3:DeleteObject', 's3:DeleteObjectVersion')],
  UpdateObjectEncryption: ['object', 's3:UpdateObjectEncryption'],
}

/** Request headers that are S3 condition keys of the same name (`s3:<header>`). */
const HEADER_KEYS = [
  H.SSE,
  H.SSE_KMS_KEY_ID,
  H.SSE_C_ALGORITHM,
  H.SSE_CONTEXT,
  H.ACL,
  H.STORAGE_CLASS,
  H.METADATA_DIRECTIVE,
  H.COPY_SOURCE,
  H.CONTENT_SHA256,
  H.WEBSITE_REDIRECT_LOCATION,
  H.OBJECT_OWNERSHIP,
]
/** ListBucket's query parameters that are condition keys. */
const LIST_KEYS = ['prefix', 'delimiter', 'max-keys']

function arnOf(region: string, bucket: string, key?: string): string {
  const base = `arn:${partitionOf(region)}:s3:::${bucket}`
  return key === undefined ? base : `${base}/${key}`
}

/**
 * The condition keys of the request, names lower-cased: the `x-amz-*` headers S3 defines keys for
 * (as sent, not normalised: `…-aws-kms-key-id` is whatever form of key id the caller wrote),
 * `aws:SecureTransport` from the scheme, `aws:SourceIp`, the signature's version and form.
 */
function conditionKeysOf(req: S3HttpRequest): Record<string, string[]> {
  const keys: Record<string, string[]> = {
    'aws:securetransport': [String(req.meta.secure)],
    'aws:sourceip': [req.meta.caller.sourceIp],
  }
  for (const header of HEADER_KEYS) {
    const value = req.headers.get(header)
    if (value !== null) keys[`s3:${header}`] = [value]
  }
  const signature = req.meta.caller.signature
  if (signature !== 'anonymous') {
    keys['s3:signatureversion'] = [signature === 'sigv4' ? 'AWS4-HMAC-SHA256' : 'AWS']
    const presigned = req.query.has('X-Amz-Signature') || req.query.has('Signature')
    keys['s3:authtype'] = [presigned ? 'REST-QUERY-STRING' : 'REST-HEADER']
  }
  const versionId = req.query.get('versionId')
  if (versionId !== null && versionId !== '') keys['s3:versionid'] = [versionId]
  return keys
}

/** What `name` asks of which buckets and objects, with the request's condition keys. */
export function s3AccessRequest(name: string, req: S3HttpRequest, region: string): AccessRequest {
  // Condition keys matter only to a bucket policy: derived on first read, so requests to buckets
  // without one never pay for a dozen header lookups.
  let conditionKeys: Record<string, string[]> | undefined
  const keysOf = (): Record<string, string[]> => {
    if (conditionKeys !== undefined) return conditionKeys
    conditionKeys = conditionKeysOf(req)
    if (name.startsWith('ListObjects')) {
      for (const param of LIST_KEYS) {
        const value = req.query.get(param)
        if (value !== null) conditionKeys[`s3:${param}`] = [value]
      }
    }
    return conditionKeys
  }
  const row = ACTIONS[name]
  if (row === undefined) {
    return {
      needs: [],
      get conditionKeys() {
        return keysOf()
      },
    }
  }
  const [target, ...actions] = row
  const versioned = req.query.has('versionId')
  const bucket = target === 'service' ? undefined : req.bucket
  const resource =
    bucket === undefined
      ? '*'
      : arnOf(region, bucket, target === 'object' ? (req.key ?? '') : undefined)
  const needs: AccessNeed[] = actions.map((a) => ({
    action: typeof a === 'string' ? a : a(versioned),
    resource,
    bucket,
  }))
  if (name === 'CopyObject' || name === 'UploadPartCopy') {
    const source = copySourceOf(req.headers.get(H.COPY_SOURCE))
    if (source !== undefined) {
      needs.push({
        action: GET(source.versionId !== undefined),
        resource: arnOf(region, source.bucket, source.key),
        bucket: source.bucket,
      })
    }
  }
  return {
    needs,
    get conditionKeys() {
      return keysOf()
    },
  }
}

/** The copy source, or undefined when malformed (the codec then answers S3's error for it). */
function copySourceOf(
  header: string | null,
): { bucket: string; key: string; versionId?: string } | undefined {
  if (header === null) return undefined
  try {
    return parseCopySource(header)
  } catch {
    return undefined
  }
}
