import type { DecidingStatement } from './evaluate.js'

/** Which policy (or grant) decided a request. */
export type AuthorizationReason = 'key policy' | 'identity policy' | 'bucket policy' | 'grant'

/**
 * How one authorised call was decided, kept on its audit event (`authorization`, a field of the
 * mock's own: CloudTrail has none) so matchers can say which statement decided. Only set when the
 * world declares principals.
 * @public
 */
export interface AuthorizationRecord {
  readonly decision: 'allow' | 'deny'
  /**
   * For a denial: the policy whose Deny applied (`explicit`), or the one that had no Allow. For an
   * allow: what allowed it.
   */
  readonly reason: AuthorizationReason
  readonly explicit: boolean
  /** The statement that decided, when one did (an implicit deny has none). */
  readonly statement?: DecidingStatement
  /** The grant that allowed the call. */
  readonly grantId?: string
  /** `kms:Decrypt`, `s3:GetObject` … */
  readonly action: string
  readonly resource: string
  /** The caller as AWS names it (a role's session ARN). */
  readonly principal: string
}

/**
 * IAM's access-denied text ("Access denied error messages", IAM user guide): who, what, on which
 * resource, and why. S3 quotes the resource; KMS does not.
 */
export function accessDeniedMessage(
  record: Pick<AuthorizationRecord, 'principal' | 'action' | 'resource' | 'reason' | 'explicit'>,
  quoteResource: boolean,
): string {
  const resource = quoteResource ? `"${record.resource}"` : record.resource
  const kind = record.reason === 'identity policy' ? 'identity-based' : 'resource-based'
  const why = record.explicit
    ? `with an explicit deny in ${kind === 'identity-based' ? 'an' : 'a'} ${kind} policy`
    : `because no ${kind} policy allows the ${record.action} action`
  return `User: ${record.principal} is not authorized to perform: ${record.action} on resource: ${resource} ${why}`
}
