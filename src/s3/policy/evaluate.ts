import { partitionOf } from '../../core/arn.js'
import {
  evaluateIamPolicy,
  type PolicyEvaluation,
  type PolicyPrincipal,
  type PolicyQuery,
} from '../../core/iam/evaluate.js'
import type { BucketPolicy } from './document.js'

export type { PolicyPrincipal, PolicyQuery } from '../../core/iam/evaluate.js'

/**
 * `deny`: a Deny statement applies (an explicit deny, which nothing overrides); `allow`: an Allow
 * statement applies and no Deny does; `none`: no statement applies (an implicit deny, unless
 * something else — the caller's identity policy — allows it).
 */
export type PolicyDecision = PolicyEvaluation['decision']

/** IAM's evaluation of a bucket policy (`core/iam/evaluate.ts`): explicit Deny wins over any Allow. */
export function evaluatePolicy(policy: BucketPolicy, query: PolicyQuery): PolicyDecision {
  return evaluateIamPolicy(policy, query).decision
}

/** The caller's identity as AccessDenied messages name it: the account root unless named. */
export function principalArn(who: PolicyPrincipal, region: string): string | undefined {
  if (who.kind !== 'account') return undefined
  return who.names?.[0] ?? `arn:${partitionOf(region)}:iam::${who.accountId}:root`
}
