import type { KmsContext } from '../context.js'
import {
  MalformedPolicyDocumentException,
  NotFoundException,
  ValidationException,
} from '../errors.js'
import { assertCustomerManaged, paginate, resolveManagedKey } from './common.js'

/** A KMS key has exactly one key policy, named `default` (GetKeyPolicy API reference). */
const DEFAULT_POLICY = 'default'

function assertDefaultPolicyName(name: string | undefined): void {
  // Uncaptured: LocalStack's text; AWS documents `default` as the only valid value.
  if (name !== undefined && name !== DEFAULT_POLICY) {
    throw new NotFoundException('No such policy exists')
  }
}

// The model's PolicyType pattern: tab, line feed, carriage return and U+0020–U+00FF.
const POLICY_CHARACTERS = /^[\t\n\r\u0020-\u00FF]+$/

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * The structural checks KMS applies to a key policy: a JSON object whose `Statement` holds
 * statements with an `Effect` of Allow or Deny, a `Principal`, and an `Action`. Principals are
 * not looked up (there is no IAM here). Every message below is uncaptured and chosen to read
 * like AWS's; they name the rule that failed.
 */
function validatePolicy(policy: string): void {
  if (!POLICY_CHARACTERS.test(policy)) {
    throw new ValidationException(
      `1 validation error detected: Value '${policy}' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+`,
    )
  }
  let document: unknown
  try {
    document = JSON.parse(policy)
  } catch {
    throw new MalformedPolicyDocumentException('The policy document is not valid JSON.')
  }
  if (!isObject(document)) {
    throw new MalformedPolicyDocumentException('The policy document must be a JSON object.')
  }
  const statements = Array.isArray(document.Statement)
    ? (document.Statement as unknown[])
    : document.Statement === undefined
      ? []
      : [document.Statement]
  if (statements.length === 0) {
    throw new MalformedPolicyDocumentException('The policy document must contain a Statement.')
  }
  for (const statement of statements) {
    if (!isObject(statement)) {
      throw new MalformedPolicyDocumentException('Each policy statement must be a JSON object.')
    }
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw new MalformedPolicyDocumentException(
        'Policy contains a statement with an invalid Effect: it must be Allow or Deny.',
      )
    }
    if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
      throw new MalformedPolicyDocumentException('Policy contains a statement with no principal.')
    }
    if (statement.Action === undefined && statement.NotAction === undefined) {
      throw new MalformedPolicyDocumentException('Policy contains a statement with no action.')
    }
  }
}

export interface GetKeyPolicyRequest {
  KeyId: string
  PolicyName?: string
}
export interface GetKeyPolicyResponse {
  Policy: string
  PolicyName: string
}

/** Works in every key state, pending deletion included (KMS key-state table). */
export function getKeyPolicy(input: GetKeyPolicyRequest, ctx: KmsContext): GetKeyPolicyResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertDefaultPolicyName(input.PolicyName)
  return { Policy: key.policy, PolicyName: DEFAULT_POLICY }
}

export interface PutKeyPolicyRequest {
  KeyId: string
  PolicyName?: string
  Policy: string
  BypassPolicyLockoutSafetyCheck?: boolean
}

/**
 * Replaces the key policy. The lockout safety check needs IAM to evaluate, so it is not applied;
 * `BypassPolicyLockoutSafetyCheck` is accepted and has no effect.
 */
export function putKeyPolicy(input: PutKeyPolicyRequest, ctx: KmsContext): Record<string, never> {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertCustomerManaged(key)
  assertDefaultPolicyName(input.PolicyName)
  validatePolicy(input.Policy)
  ctx.kms.keys.set(key.id, { ...key, policy: input.Policy })
  return {}
}

export interface ListKeyPoliciesRequest {
  KeyId: string
  Limit?: number
  Marker?: string
}
export interface ListKeyPoliciesResponse {
  PolicyNames: string[]
  Truncated: boolean
  NextMarker?: string
}

export function listKeyPolicies(
  input: ListKeyPoliciesRequest,
  ctx: KmsContext,
): ListKeyPoliciesResponse {
  resolveManagedKey(ctx, input.KeyId)
  return paginate([DEFAULT_POLICY], input, 'PolicyNames')
}
