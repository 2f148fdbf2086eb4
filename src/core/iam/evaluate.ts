import { conditionHolds } from './conditions.js'
import type { IamPolicy, PolicyStatement, Principals } from './policy.js'
import { wildcardMatch } from './wildcard.js'

/**
 * Who asks, as a policy's Principal element sees it. `names` are the ARNs that name this caller
 * exactly (a user's ARN; a role's ARN and its session's ARN); naming the account (its id or root
 * ARN) names every principal of it.
 */
export type PolicyPrincipal =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'account'
      readonly accountId: string
      readonly canonicalId?: string
      readonly names?: readonly string[]
    }

export interface PolicyQuery {
  readonly principal: PolicyPrincipal
  readonly action: string
  readonly resource: string
  /** The request's condition keys, names in lower case. */
  readonly keys: Readonly<Record<string, readonly string[]>>
}

/** Which statement of which policy decided, for error messages and matcher failures. */
export interface DecidingStatement {
  /** Position in the policy's Statement list, from 0. */
  readonly index: number
  readonly sid: string | undefined
  readonly effect: 'Allow' | 'Deny'
}

/**
 * `deny`: a Deny statement applies (an explicit deny, which nothing overrides); `allow`: an Allow
 * applies and no Deny does; `none`: nothing applies (an implicit deny unless something else
 * allows). `byAccount` is true when every applicable Allow names the caller's account rather than
 * the caller: for KMS that delegates the decision to the caller's IAM policies.
 */
export interface PolicyEvaluation {
  readonly decision: 'allow' | 'deny' | 'none'
  readonly statement?: DecidingStatement
  readonly byAccount: boolean
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov']

/** How a Principal element names the caller: directly, through its account, or not at all. */
function principalMatch(
  principals: Principals,
  who: PolicyPrincipal,
): 'direct' | 'account' | false {
  if (principals.AWS.includes('*')) return 'direct'
  if (who.kind === 'anonymous') return false
  let match: 'direct' | 'account' | false = false
  for (const id of principals.AWS) {
    if (who.names?.includes(id) === true) return 'direct'
    if (
      id === who.accountId ||
      PARTITIONS.some((partition) => id === `arn:${partition}:iam::${who.accountId}:root`)
    ) {
      match = 'account'
    }
  }
  if (who.canonicalId !== undefined && principals.CanonicalUser.includes(who.canonicalId)) {
    match = 'account'
  }
  return match
}

function applies(statement: PolicyStatement, query: PolicyQuery): 'direct' | 'account' | false {
  let how: 'direct' | 'account' | false = 'direct'
  if (statement.principal !== undefined) {
    const matched = principalMatch(statement.principal.principals, query.principal)
    how = statement.principal.not ? (matched === false ? 'direct' : false) : matched
    if (how === false) return false
  }
  const { action, resource } = statement
  const ok =
    action.not !== action.patterns.some((p) => wildcardMatch(p, query.action, true)) &&
    resource.not !== resource.patterns.some((p) => wildcardMatch(p, query.resource)) &&
    statement.conditions.every((c) => conditionHolds(c, query.keys))
  return ok ? how : false
}

/** IAM's evaluation of one policy: any applicable Deny wins over every Allow. */
export function evaluateIamPolicy(policy: IamPolicy, query: PolicyQuery): PolicyEvaluation {
  let allow: DecidingStatement | undefined
  let byAccount = true
  for (const [index, statement] of policy.statements.entries()) {
    const how = applies(statement, query)
    if (how === false) continue
    const ref = { index, sid: statement.sid, effect: statement.effect }
    if (statement.effect === 'Deny') return { decision: 'deny', statement: ref, byAccount: false }
    if (allow === undefined || (byAccount && how === 'direct')) allow = ref
    if (how === 'direct') byAccount = false
  }
  return allow === undefined
    ? { decision: 'none', byAccount: false }
    : { decision: 'allow', statement: allow, byAccount }
}

/** "statement 2 (Sid "DenyDirect")" — how failure messages name a statement. */
export function describeStatement(statement: DecidingStatement | undefined): string {
  if (statement === undefined) return 'no statement'
  const sid = statement.sid === undefined ? '' : ` (Sid "${statement.sid}")`
  return `statement ${String(statement.index)}${sid}`
}
