import type { AccessNeed, AccessRequest } from '../../core/access.js'
import { partitionOf } from '../../core/arn.js'
import { parseCopySource } from './addressing.js'
import * as H from './headers.js'
import type { S3AccessSpec, S3Action } from './define.js'
import type { S3HttpRequest } from './http.js'

/** GetObject, or GetObjectVersion when the request names a version. */
export const GET_OBJECT: S3Action = { plain: 's3:GetObject', version: 's3:GetObjectVersion' }

/** ListBucket's query parameters that are condition keys. */
export const LIST_CONDITION_KEYS: readonly string[] = ['prefix', 'delimiter', 'max-keys']

const actionOf = (action: S3Action, versioned: boolean): string =>
  typeof action === 'string' ? action : versioned ? action.version : action.plain

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

/**
 * The authorization request of one S3 call: the actions it needs on which resources, and the
 * condition keys the HTTP request supplies (DESIGN §3: the domain decides from plain data, never
 * from HTTP). Actions per operation follow "Required permissions for Amazon S3 API operations" and
 * the SDK's command documentation: CopyObject needs PutObject on the destination and GetObject on
 * the source; the multipart steps are PutObject; HeadObject is GetObject; a `versionId` turns the
 * object actions into their `…Version` forms.
 */
export function s3AccessRequest(
  definition: S3AccessSpec,
  req: S3HttpRequest,
  region: string,
): AccessRequest {
  // Condition keys matter only to a bucket policy: derived on first read, so requests to buckets
  // without one never pay for a dozen header lookups.
  let conditionKeys: Record<string, string[]> | undefined
  const keysOf = (): Record<string, string[]> => {
    if (conditionKeys !== undefined) return conditionKeys
    conditionKeys = conditionKeysOf(req)
    for (const param of definition.queryConditionKeys ?? []) {
      const value = req.query.get(param)
      if (value !== null) conditionKeys[`s3:${param}`] = [value]
    }
    return conditionKeys
  }
  const target = definition.resource
  const versioned = req.query.has('versionId')
  const bucket = target === 'service' ? undefined : req.bucket
  const resource =
    bucket === undefined
      ? '*'
      : arnOf(region, bucket, target === 'object' ? (req.key ?? '') : undefined)
  const needs: AccessNeed[] = definition.actions.map((a) => ({
    action: actionOf(a, versioned),
    resource,
    bucket,
  }))
  const sourceActions = definition.copySourceActions ?? []
  if (sourceActions.length > 0) {
    const source = copySourceOf(req.headers.get(H.COPY_SOURCE))
    if (source !== undefined) {
      for (const action of sourceActions) {
        needs.push({
          action: actionOf(action, source.versionId !== undefined),
          resource: arnOf(region, source.bucket, source.key),
          bucket: source.bucket,
        })
      }
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
