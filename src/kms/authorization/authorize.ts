import { principalConditionKeys } from '../../core/iam/context-keys.js'
import { accessDeniedMessage, type AuthorizationRecord } from '../../core/iam/decision.js'
import {
  evaluateIamPolicy,
  type PolicyEvaluation,
  type PolicyPrincipal,
} from '../../core/iam/evaluate.js'
import { type IamPolicy, parseIamPolicy } from '../../core/iam/policy.js'
import { type Principal, principalNames } from '../../core/iam/principal.js'
import type { KmsContext } from '../context.js'
import { AccessDeniedException, NotFoundException } from '../errors.js'
import type { KmsKey } from '../key.js'
import { type KeyLookupContext, resolveKey } from '../key-id.js'
import type { Grant } from '../state.js'
import { type KmsNeed, kmsNeeds } from './needs.js'

/*
 * KMS authorisation for declared principals (SPEC §5.7), following "Determining access to an AWS
 * KMS key" (KMS developer guide):
 *
 * 1. an explicit Deny in the key policy or the caller's identity policy refuses;
 * 2. the key policy allows: naming the caller (or `*`) suffices in the key's account; naming the
 *    caller's account delegates to IAM, so the identity policy must allow too; a principal of
 *    another account always needs its identity policy as well ("Allowing users in other accounts
 *    to use a KMS key");
 * 3. otherwise a grant to the caller for this operation, whose constraints the request's
 *    encryption context meets, allows;
 * 4. otherwise the call is refused (implicit deny).
 *
 * Actions on no key (CreateKey, ListKeys …) are decided by the identity policy alone.
 */

const parsedPolicies = new Map<string, IamPolicy>()
const EMPTY: IamPolicy = { statements: [] }

/**
 * A key policy as IAM reads it. PutKeyPolicy validates the structure only, so a statement IAM
 * could not read makes the policy grant nothing (it never errs towards allowing).
 */
function keyPolicy(text: string): IamPolicy {
  let policy = parsedPolicies.get(text)
  if (policy === undefined) {
    try {
      policy = parseIamPolicy(text, 'resource')
    } catch {
      policy = EMPTY
    }
    if (parsedPolicies.size > 1000) parsedPolicies.clear()
    parsedPolicies.set(text, policy)
  }
  return policy
}

/** Condition keys of one need: the caller's, KMS's own (`kms:ViaService` …) and the context's. */
function conditionKeys(
  ctx: KmsContext,
  p: Principal,
  need: KmsNeed,
  key: KmsKey | undefined,
  input: Readonly<Record<string, unknown>>,
): Record<string, readonly string[]> {
  const keys: Record<string, readonly string[]> = {
    ...principalConditionKeys(p),
    'aws:securetransport': [String(ctx.caller.secure)],
    'kms:calleraccount': [p.accountId],
  }
  const via = ctx.caller.invokedBy
  if (via === undefined) {
    keys['aws:sourceip'] = [ctx.caller.sourceIp]
    keys['aws:viaawsservice'] = ['false']
  } else {
    // "kms:ViaService … s3.<region>.amazonaws.com" (KMS condition keys reference).
    keys['kms:viaservice'] = [`${via.split('.')[0] ?? via}.${ctx.region}.amazonaws.com`]
    keys['aws:viaawsservice'] = ['true']
  }
  if (need.encryptionContext !== undefined) {
    const pairs = Object.entries(need.encryptionContext)
    if (pairs.length > 0) keys['kms:encryptioncontextkeys'] = pairs.map(([k]) => k)
    for (const [k, v] of pairs) keys[`kms:encryptioncontext:${k.toLowerCase()}`] = [v]
  }
  if (key !== undefined) {
    keys['kms:keyspec'] = [key.keySpec]
    keys['kms:keyusage'] = [key.keyUsage]
    keys['kms:keyorigin'] = [key.origin]
  }
  if (need.keyReference?.startsWith('alias/') === true) {
    keys['kms:requestalias'] = [need.keyReference]
  }
  if (typeof input.EncryptionAlgorithm === 'string') {
    keys['kms:encryptionalgorithm'] = [input.EncryptionAlgorithm]
  }
  if (
    need.action === 'kms:CreateGrant' ||
    need.action === 'kms:ListGrants' ||
    need.action === 'kms:RevokeGrant'
  ) {
    keys['kms:grantisforawsresource'] = [String(via !== undefined)]
  }
  if (need.action === 'kms:CreateGrant') {
    if (Array.isArray(input.Operations)) keys['kms:grantoperations'] = input.Operations as string[]
    if (typeof input.GranteePrincipal === 'string') {
      keys['kms:granteeprincipal'] = [input.GranteePrincipal]
    }
    if (typeof input.RetiringPrincipal === 'string') {
      keys['kms:retiringprincipal'] = [input.RetiringPrincipal]
    }
    const constraints = input.Constraints as Record<string, unknown> | undefined
    if (constraints !== undefined) keys['kms:grantconstrainttype'] = Object.keys(constraints)
  }
  return keys
}

const namesCaller = (p: Principal, arn: string | undefined): boolean =>
  arn !== undefined && principalNames(p).includes(arn)

/** Grant constraints hold for a request's context (CreateGrant API reference, GrantConstraints). */
function constraintsHold(
  grant: Grant,
  context: Readonly<Record<string, string>> | undefined,
): boolean {
  const c = grant.constraints
  if (c === undefined) return true
  if (context === undefined) return false
  const entries = Object.entries(context)
  if (c.EncryptionContextEquals !== undefined) {
    const want = Object.entries(c.EncryptionContextEquals)
    if (want.length !== entries.length || want.some(([k, v]) => context[k] !== v)) return false
  }
  if (c.EncryptionContextSubset !== undefined) {
    if (Object.entries(c.EncryptionContextSubset).some(([k, v]) => context[k] !== v)) return false
  }
  return true
}

/** A grant on this key, to this caller, for this operation, whose constraints hold. */
function grantFor(ctx: KmsContext, p: Principal, key: KmsKey, need: KmsNeed): Grant | undefined {
  if (need.grantOperation === undefined) return undefined
  for (const grant of ctx.kms.grants.values()) {
    if (
      grant.keyId === key.id &&
      namesCaller(p, grant.granteePrincipal) &&
      grant.operations.includes(need.grantOperation) &&
      constraintsHold(grant, need.encryptionContext)
    ) {
      return grant
    }
  }
  return undefined
}

interface Verdict {
  readonly record: AuthorizationRecord
}

function verdict(
  p: Principal,
  need: KmsNeed,
  resource: string,
  decision: AuthorizationRecord['decision'],
  reason: AuthorizationRecord['reason'],
  explicit: boolean,
  evaluation?: PolicyEvaluation,
  grant?: Grant,
): Verdict {
  return {
    record: {
      decision,
      reason,
      explicit,
      ...(evaluation?.statement === undefined ? {} : { statement: evaluation.statement }),
      ...(grant === undefined ? {} : { grantId: grant.grantId }),
      action: need.action,
      resource,
      principal: p.identityArn,
    },
  }
}

function decideKey(
  ctx: KmsContext,
  p: Principal,
  need: KmsNeed,
  key: KmsKey,
  input: Readonly<Record<string, unknown>>,
): Verdict {
  const who: PolicyPrincipal = { kind: 'account', accountId: p.accountId, names: principalNames(p) }
  const query = {
    principal: who,
    action: need.action,
    resource: key.arn,
    keys: conditionKeys(ctx, p, need, key, input),
  }
  const byKey = evaluateIamPolicy(keyPolicy(key.policy), query)
  const byIdentity: PolicyEvaluation =
    p.policy === undefined
      ? { decision: 'allow', byAccount: false }
      : evaluateIamPolicy(p.policy, query)
  if (byKey.decision === 'deny') return verdict(p, need, key.arn, 'deny', 'key policy', true, byKey)
  if (byIdentity.decision === 'deny') {
    return verdict(p, need, key.arn, 'deny', 'identity policy', true, byIdentity)
  }
  const sameAccount = p.accountId === ctx.accountId
  if (byKey.decision === 'allow') {
    if (sameAccount && !byKey.byAccount)
      return verdict(p, need, key.arn, 'allow', 'key policy', false, byKey)
    if (byIdentity.decision === 'allow') {
      return byKey.byAccount
        ? verdict(p, need, key.arn, 'allow', 'identity policy', false, byIdentity)
        : verdict(p, need, key.arn, 'allow', 'key policy', false, byKey)
    }
  }
  const grant = grantFor(ctx, p, key, need)
  if (grant !== undefined)
    return verdict(p, need, key.arn, 'allow', 'grant', false, undefined, grant)
  // The key policy let the caller's IAM decide, and its identity policy did not allow.
  if (byKey.decision === 'allow')
    return verdict(p, need, key.arn, 'deny', 'identity policy', false, byIdentity)
  return verdict(p, need, key.arn, 'deny', 'key policy', false, byKey)
}

function decideUnkeyed(
  ctx: KmsContext,
  p: Principal,
  need: KmsNeed,
  input: Readonly<Record<string, unknown>>,
): Verdict {
  const who: PolicyPrincipal = { kind: 'account', accountId: p.accountId, names: principalNames(p) }
  const keys = conditionKeys(ctx, p, need, undefined, input)
  const byIdentity: PolicyEvaluation =
    p.policy === undefined
      ? { decision: 'allow', byAccount: false }
      : evaluateIamPolicy(p.policy, { principal: who, action: need.action, resource: '*', keys })
  const decision = byIdentity.decision === 'allow' ? 'allow' : 'deny'
  return verdict(
    p,
    need,
    '*',
    decision,
    'identity policy',
    byIdentity.decision === 'deny',
    byIdentity,
  )
}

/**
 * The key a need names, in the need's Region (the request's unless it says otherwise), or
 * undefined when it names none that exists there (the operation then errs).
 */
function keyOf(ctx: KmsContext, reference: string, region = ctx.region): KmsKey | undefined {
  let where: KeyLookupContext = ctx
  if (region !== ctx.region) {
    if (ctx.world === undefined) return undefined
    where = { kms: ctx.world.region(region), region, accountId: ctx.accountId, clock: ctx.clock }
  }
  try {
    return resolveKey(where, reference)
  } catch (error) {
    if (error instanceof NotFoundException) return undefined
    throw error
  }
}

/**
 * The retiring principal, and a grantee whose grant lists RetireGrant, may retire a grant without
 * any policy (RetireGrant API reference).
 */
function retiresOwnGrant(
  ctx: KmsContext,
  p: Principal,
  input: Readonly<Record<string, unknown>>,
): Grant | undefined {
  const grant = [...ctx.kms.grants.values()].find(
    (g) => g.grantToken === input.GrantToken || g.grantId === input.GrantId,
  )
  if (grant === undefined) return undefined
  if (namesCaller(p, grant.retiringPrincipal)) return grant
  if (namesCaller(p, grant.granteePrincipal) && grant.operations.includes('RetireGrant'))
    return grant
  return undefined
}

/**
 * Authorises one KMS call for the principal that made it; throws `AccessDeniedException` with
 * IAM's message shape and notes the decision for the audit event either way.
 */
export function authorizeKmsCall(
  name: string,
  input: unknown,
  ctx: KmsContext,
  p: Principal,
): void {
  const fields = (input ?? {}) as Readonly<Record<string, unknown>>
  if (name === 'RetireGrant') {
    const own = retiresOwnGrant(ctx, p, fields)
    if (own !== undefined) {
      const need = {
        action: 'kms:RetireGrant',
        keyReference: own.keyId,
        grantOperation: undefined,
        encryptionContext: undefined,
      }
      ctx.notes.authorization = verdict(
        p,
        need,
        own.keyId,
        'allow',
        'grant',
        false,
        undefined,
        own,
      ).record
      return
    }
  }
  for (const need of kmsNeeds(name, fields)) {
    let result: Verdict
    if (need.keyReference === undefined) {
      result = decideUnkeyed(ctx, p, need, fields)
    } else {
      const key = keyOf(ctx, need.keyReference, need.region)
      if (key === undefined) continue
      result = decideKey(ctx, p, need, key, fields)
    }
    ctx.notes.authorization = result.record
    if (result.record.decision === 'deny') {
      throw new AccessDeniedException(accessDeniedMessage(result.record, false))
    }
  }
}
