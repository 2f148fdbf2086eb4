import { AccessDenied, InvalidArgument, InvalidRequest, MethodNotAllowed } from './errors.js'
import { AccessControlListNotSupported } from './errors-config.js'
import type { Owner } from './shapes.js'

/**
 * ACLs and Object Ownership as S3 models them (S3 user guide "Access control list (ACL)
 * overview" and "Controlling ownership of objects"; PutBucketAcl/PutObjectAcl API reference).
 * ACLs are stored and returned; access decisions stay with the bucket policy (docs/fidelity.md).
 */

export type Permission = 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP'
export const PERMISSIONS: readonly Permission[] = [
  'FULL_CONTROL',
  'WRITE',
  'WRITE_ACP',
  'READ',
  'READ_ACP',
]

export interface Grantee {
  readonly Type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail'
  readonly ID?: string
  readonly URI?: string
  readonly EmailAddress?: string
}
export interface Grant {
  readonly Grantee: Grantee
  readonly Permission: Permission
}

export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter'
export const OBJECT_OWNERSHIPS: readonly ObjectOwnership[] = [
  'BucketOwnerEnforced',
  'BucketOwnerPreferred',
  'ObjectWriter',
]

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers'
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery'
const GROUPS = new Set([ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY])
/** "An alpha-numeric identifier": every canonical ID S3 shows is 64 hex digits. */
const CANONICAL_ID = /^[0-9a-f]{64}$/

/** The ACL members a request may carry (`x-amz-acl`, `x-amz-grant-*`, or an XML body). */
export interface AclRequest {
  ACL?: string
  GrantFullControl?: string
  GrantRead?: string
  GrantReadACP?: string
  GrantWrite?: string
  GrantWriteACP?: string
  AccessControlPolicy?: { Grants: Grant[] }
}

const owner = (id: Owner): Grant => ({
  Grantee: { Type: 'CanonicalUser', ID: id.ID },
  Permission: 'FULL_CONTROL',
})
const group = (URI: string, Permission: Permission): Grant => ({
  Grantee: { Type: 'Group', URI },
  Permission,
})

/** The eight canned ACLs of the user guide's table; object-only ones are ignored on buckets. */
function cannedGrants(acl: string, ownerId: Owner, target: 'bucket' | 'object'): Grant[] {
  switch (acl) {
    case 'private':
    case 'aws-exec-read': // EC2's READ on AMI bundles: no grantee the mock can name.
      return [owner(ownerId)]
    case 'public-read':
      return [owner(ownerId), group(ALL_USERS, 'READ')]
    case 'public-read-write':
      return [owner(ownerId), group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE')]
    case 'authenticated-read':
      return [owner(ownerId), group(AUTHENTICATED_USERS, 'READ')]
    case 'bucket-owner-read':
    case 'bucket-owner-full-control':
      // One account: object owner and bucket owner are the same canonical user.
      return [owner(ownerId)]
    case 'log-delivery-write':
      if (target === 'bucket') {
        return [owner(ownerId), group(LOG_DELIVERY, 'WRITE'), group(LOG_DELIVERY, 'READ_ACP')]
      }
  }
  // s3-tests `test_bucket_put_bad_canned_acl`: 400 InvalidArgument; the text is _uncaptured_.
  throw new InvalidArgument('Invalid canned ACL', 'x-amz-acl', acl)
}

/**
 * One `x-amz-grant-*` header: `type="value"` pairs separated by commas, type `id`, `uri` or
 * `emailAddress` (PutObjectAcl API reference); values may come bare (s3-tests).
 */
function headerGrantees(header: string, value: string): Grantee[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(id|uri|emailAddress)=(?:"([^"]*)"|([^"\s]*))$/i.exec(part)
      // _uncaptured_ text; s3-tests expects 400 InvalidArgument for a grant S3 cannot read.
      if (match === null) throw new InvalidArgument('Invalid grant header value', header, value)
      const type = (match[1] ?? '').toLowerCase()
      const text = match[2] ?? match[3] ?? ''
      if (type === 'id') return { Type: 'CanonicalUser', ID: text }
      if (type === 'uri') return { Type: 'Group', URI: text }
      return { Type: 'AmazonCustomerByEmail', EmailAddress: text }
    })
}

/** A grantee S3 would accept: a canonical ID, a known group; email grantees are gone (405). */
function assertGrantee(grantee: Grantee, method: string, target: 'bucket' | 'object'): void {
  if (grantee.Type === 'AmazonCustomerByEmail') {
    // "As of October 1, 2025 … the request will receive an HTTP 405 (Method Not Allowed)".
    throw new MethodNotAllowed(method, target === 'bucket' ? 'BUCKET' : 'OBJECT')
  }
  if (grantee.Type === 'CanonicalUser' && !CANONICAL_ID.test(grantee.ID ?? '')) {
    throw new InvalidArgument('Invalid id', 'CanonicalUser/ID', grantee.ID ?? '')
  }
  if (grantee.Type === 'Group' && !GROUPS.has(grantee.URI ?? '')) {
    throw new InvalidArgument('Invalid group uri', 'Group/URI', grantee.URI ?? '')
  }
}

const HEADER_GRANTS: readonly [keyof AclRequest, string, Permission][] = [
  ['GrantFullControl', 'x-amz-grant-full-control', 'FULL_CONTROL'],
  ['GrantRead', 'x-amz-grant-read', 'READ'],
  ['GrantReadACP', 'x-amz-grant-read-acp', 'READ_ACP'],
  ['GrantWrite', 'x-amz-grant-write', 'WRITE'],
  ['GrantWriteACP', 'x-amz-grant-write-acp', 'WRITE_ACP'],
]

/** The grants a request asks for, validated; undefined when it names no ACL at all. */
export function requestedGrants(
  input: AclRequest,
  ownerId: Owner,
  target: 'bucket' | 'object',
  method: string,
): Grant[] | undefined {
  const headerGrants = HEADER_GRANTS.flatMap(([member, header, Permission]) => {
    const value = input[member]
    return typeof value === 'string'
      ? headerGrantees(header, value).map((Grantee) => ({ Grantee, Permission }))
      : []
  })
  if (input.ACL !== undefined && headerGrants.length > 0) {
    // Observed: "Specifying both Canned ACLs and Header Grants is not allowed".
    throw new InvalidRequest('Specifying both Canned ACLs and Header Grants is not allowed')
  }
  if (
    input.AccessControlPolicy !== undefined &&
    (input.ACL !== undefined || headerGrants.length > 0)
  ) {
    // "You cannot specify access permission using both the body and the request headers"; no
    // page names the error (_uncaptured_).
    throw new InvalidRequest('Specifying both an ACL document and ACL headers is not allowed')
  }
  const grants =
    input.AccessControlPolicy?.Grants ??
    (input.ACL !== undefined ? cannedGrants(input.ACL, ownerId, target) : undefined) ??
    (headerGrants.length > 0 ? headerGrants : undefined)
  for (const grant of grants ?? []) assertGrantee(grant.Grantee, method, target)
  return grants
}

/** Grants to the AllUsers or AuthenticatedUsers groups make a resource public. */
export function isPublicAcl(grants: readonly Grant[]): boolean {
  return grants.some((g) => g.Grantee.URI === ALL_USERS || g.Grantee.URI === AUTHENTICATED_USERS)
}

/** Only the owner, with full control: what bucket-owner-enforced buckets still accept. */
function ownerFullControlOnly(grants: readonly Grant[], ownerId: Owner): boolean {
  return (
    grants.length === 1 &&
    grants[0]?.Permission === 'FULL_CONTROL' &&
    grants[0].Grantee.Type === 'CanonicalUser' &&
    grants[0].Grantee.ID === ownerId.ID
  )
}

/**
 * Whether a bucket may take the ACL a request sets. BucketOwnerEnforced "only accepts PUT
 * requests that don't specify an ACL or specify bucket owner full control ACLs" (400
 * AccessControlListNotSupported; s3-tests: `private` is refused too). Block Public Access's
 * BlockPublicAcls refuses public ACLs with 403 AccessDenied.
 */
export function assertAclAccepted(
  input: AclRequest,
  grants: readonly Grant[] | undefined,
  ownership: ObjectOwnership | undefined,
  blockPublicAcls: boolean,
  ownerId: Owner,
): void {
  if (grants === undefined) return
  if (ownership === 'BucketOwnerEnforced') {
    const accepted =
      input.ACL === 'bucket-owner-full-control' ||
      (input.ACL === undefined && ownerFullControlOnly(grants, ownerId))
    if (!accepted) throw new AccessControlListNotSupported()
  }
  if (blockPublicAcls && isPublicAcl(grants)) throw new AccessDenied()
}

/** What an ACL read answers: the stored grants, or the owner's full control. */
export function effectiveGrants(
  stored: readonly Grant[] | undefined,
  ownership: ObjectOwnership | undefined,
  ownerId: Owner,
): Grant[] {
  // "Requests to read ACLs always return a response that shows full control for the bucket owner".
  if (ownership === 'BucketOwnerEnforced' || stored === undefined) return [owner(ownerId)]
  return stored.map((g) => structuredClone<Grant>(g))
}
