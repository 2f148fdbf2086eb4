import type { AwsError } from '../../core/aws-error.js'
import { MethodNotAllowed, NotImplemented } from '../../s3/errors.js'
import { type RouteInput, SUBRESOURCES } from './routes.js'

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'

/**
 * The methods S3 has an operation for on each resource: a bucket or an object, bare or with one
 * sub-resource. From the S3 API model (the HTTP trait of every `@aws-sdk/client-s3` command;
 * resources.test.ts checks the two agree) plus the operations that select by `uploadId`. Whether
 * the mock implements the operation does not matter here: that is the 405/501 line.
 */
const BUCKET: Readonly<Record<string, readonly Method[]>> = {
  '': ['GET', 'PUT', 'HEAD', 'DELETE', 'POST'],
  abac: ['GET', 'PUT'],
  accelerate: ['GET', 'PUT'],
  acl: ['GET', 'PUT'],
  analytics: ['GET', 'PUT', 'DELETE'],
  cors: ['GET', 'PUT', 'DELETE'],
  delete: ['POST'],
  encryption: ['GET', 'PUT', 'DELETE'],
  'intelligent-tiering': ['GET', 'PUT', 'DELETE'],
  inventory: ['GET', 'PUT', 'DELETE'],
  lifecycle: ['GET', 'PUT', 'DELETE'],
  'list-type': ['GET'],
  location: ['GET'],
  logging: ['GET', 'PUT'],
  metadataAnnotationTable: ['PUT'],
  metadataConfiguration: ['GET', 'POST', 'DELETE'],
  metadataInventoryTable: ['PUT'],
  metadataJournalTable: ['PUT'],
  metadataTable: ['GET', 'POST', 'DELETE'],
  metrics: ['GET', 'PUT', 'DELETE'],
  notification: ['GET', 'PUT'],
  'object-lock': ['GET', 'PUT'],
  ownershipControls: ['GET', 'PUT', 'DELETE'],
  policy: ['GET', 'PUT', 'DELETE'],
  policyStatus: ['GET'],
  publicAccessBlock: ['GET', 'PUT', 'DELETE'],
  replication: ['GET', 'PUT', 'DELETE'],
  requestPayment: ['GET', 'PUT'],
  session: ['GET'],
  tagging: ['GET', 'PUT', 'DELETE'],
  uploads: ['GET'],
  versioning: ['GET', 'PUT'],
  versions: ['GET'],
  website: ['GET', 'PUT', 'DELETE'],
}

const OBJECT: Readonly<Record<string, readonly Method[]>> = {
  '': ['GET', 'PUT', 'HEAD', 'DELETE'],
  acl: ['GET', 'PUT'],
  annotation: ['GET', 'PUT', 'DELETE'],
  attributes: ['GET'],
  encryption: ['PUT'],
  'legal-hold': ['GET', 'PUT'],
  renameObject: ['PUT'],
  restore: ['POST'],
  retention: ['GET', 'PUT'],
  select: ['POST'],
  tagging: ['GET', 'PUT', 'DELETE'],
  torrent: ['GET'],
  uploads: ['POST'],
  // ListParts, UploadPart(Copy), CompleteMultipartUpload, AbortMultipartUpload.
  uploadId: ['GET', 'PUT', 'POST', 'DELETE'],
}

/** @internal For resources.test.ts. */
export const S3_RESOURCE_METHODS = { bucket: BUCKET, object: OBJECT }

/**
 * S3's `ResourceType` for a resource. Captured: `SERVICE`, `BUCKET`, `OBJECT`, and
 * `BUCKETPOLICY` for `?policy` (filestack/filestack-js#55); the other sub-resources follow that
 * pattern, _uncaptured_. A selector that names no resource of the target leaves the target's.
 */
function resourceType(target: 'bucket' | 'object', selector: string): string {
  const owner = target.toUpperCase()
  return selector === '' ? owner : `${owner}${selector.replace(/-/g, '').toUpperCase()}`
}

/**
 * The error for a request no route took: 405 `MethodNotAllowed` when S3 has no operation for this
 * method on the resource (SPEC §4), else 501 naming the S3 operation the mock does not implement.
 */
export function unroutedError(input: RouteInput, description: string): AwsError {
  const method = input.method.toUpperCase()
  // Directory buckets and Object Lambda access points are not emulated (docs/coverage.md).
  if (input.signingService === 's3express') {
    return new NotImplemented(`${description}: directory buckets (S3 Express One Zone)`)
  }
  if (input.signingService === 's3-object-lambda') {
    return new NotImplemented(`${description}: S3 Object Lambda`)
  }
  if (input.target === 'service') {
    return method === 'GET'
      ? new NotImplemented(description)
      : new MethodNotAllowed(method, 'SERVICE', { allow: 'GET' })
  }
  const selectors = [...new Set(input.query.keys())].filter((k) => SUBRESOURCES.has(k))
  if (selectors.length > 1) return new NotImplemented(description)
  const table = input.target === 'bucket' ? BUCKET : OBJECT
  const named = selectors[0] ?? ''
  const selector = Object.hasOwn(table, named) ? named : ''
  const allowed = table[selector] ?? []
  if ((allowed as readonly string[]).includes(method) && selector === named) {
    return new NotImplemented(description)
  }
  return new MethodNotAllowed(method, resourceType(input.target, selector), {
    allow: allowed.join(', '),
  })
}
