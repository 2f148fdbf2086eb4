import { partitionOf } from '../../core/arn.js'
import { conditionHolds } from './conditions.js'
import type { BucketPolicy, Principals, Statement } from './document.js'
import { wildcardMatch } from './wildcard.js'

/**
 * Who asks. The mock has no IAM users: a signed request comes from the world's account (its root,
 * `arn:aws:iam::<account>:root`), an unsigned one from the anonymous user.
 */
export type PolicyPrincipal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'account'; readonly accountId: string; readonly canonicalId: string }

export interface PolicyQuery {
  readonly principal: PolicyPrincipal
  readonly action: string
  readonly resource: string
  /** The request's condition keys, names in lower case. */
  readonly keys: Readonly<Record<string, readonly string[]>>
}

/**
 * `deny`: a Deny statement applies (an explicit deny, which nothing overrides); `allow`: an Allow
 * statement applies and no Deny does; `none`: no statement applies (an implicit deny, unless
 * something else — the account's own IAM, in the mock always — allows it).
 */
export type PolicyDecision = 'allow' | 'deny' | 'none'

/** IAM's evaluation of one resource-based policy: explicit Deny wins over any Allow. */
export function evaluatePolicy(policy: BucketPolicy, query: PolicyQuery): PolicyDecision {
  let allowed = false
  for (const statement of policy.statements) {
    if (!applies(statement, query)) continue
    if (statement.effect === 'Deny') return 'deny'
    allowed = true
  }
  return allowed ? 'allow' : 'none'
}

function applies(statement: Statement, query: PolicyQuery): boolean {
  const { principal, action, resource } = statement
  return (
    principal.not !== principalMatches(principal.principals, query.principal) &&
    action.not !== action.patterns.some((p) => wildcardMatch(p, query.action, true)) &&
    resource.not !== resource.patterns.some((p) => wildcardMatch(p, query.resource)) &&
    statement.conditions.every((c) => conditionHolds(c, query.keys))
  )
}

/**
 * `*` (or `{"AWS": "*"}`) is everyone, anonymous included. The account, by id or root ARN, names
 * every principal of that account; the mock's signed caller is the account itself, so ARNs of
 * particular users and roles never name it. Service principals never name a user's request.
 */
function principalMatches(principals: Principals, who: PolicyPrincipal): boolean {
  if (principals.AWS.includes('*')) return true
  if (who.kind === 'anonymous') return false
  const root = (partition: string): string => `arn:${partition}:iam::${who.accountId}:root`
  return (
    principals.AWS.some(
      (id) =>
        id === who.accountId ||
        ['aws', 'aws-cn', 'aws-us-gov'].some((partition) => id === root(partition)),
    ) || principals.CanonicalUser.includes(who.canonicalId)
  )
}

/** The caller's identity as AccessDenied messages name it. */
export function principalArn(who: PolicyPrincipal, region: string): string | undefined {
  return who.kind === 'account'
    ? `arn:${partitionOf(region)}:iam::${who.accountId}:root`
    : undefined
}
