import { partitionOf } from '../../core/arn.js'
import type { KmsContext } from '../context.js'
import {
  InvalidGrantIdException,
  InvalidGrantTokenException,
  NotFoundException,
  ValidationException,
} from '../errors.js'
import { invalidState, isHmac, isRsa, isSymmetric, type KmsKey } from '../key.js'
import { lookupLiveKey } from '../key-id.js'
import type { Grant, GrantConstraints } from '../state.js'
import { paginate, resolveManagedKey } from './common.js'
import { unlessDryRun } from './table.js'

/*
 * Grants are recorded, listed, retired and revoked as AWS does, but not enforced: the mock has
 * no IAM, every caller may already do everything, so a grant never changes whether a
 * cryptographic call succeeds. Their constraints are stored for assertions only.
 */

const COMMON_OPERATIONS = ['DescribeKey', 'CreateGrant', 'RetireGrant']

/** Which grant operations each kind of key supports (KMS developer guide, "Grant operations"). */
function operationsFor(key: KmsKey): readonly string[] {
  if (isSymmetric(key)) {
    return [
      ...COMMON_OPERATIONS,
      'Encrypt',
      'Decrypt',
      'ReEncryptFrom',
      'ReEncryptTo',
      'GenerateDataKey',
      'GenerateDataKeyWithoutPlaintext',
      'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext',
    ]
  }
  if (isHmac(key.keySpec)) return [...COMMON_OPERATIONS, 'GenerateMac', 'VerifyMac']
  switch (key.keyUsage) {
    case 'ENCRYPT_DECRYPT':
      return isRsa(key.keySpec)
        ? [
            ...COMMON_OPERATIONS,
            'Encrypt',
            'Decrypt',
            'ReEncryptFrom',
            'ReEncryptTo',
            'GetPublicKey',
          ]
        : COMMON_OPERATIONS
    case 'SIGN_VERIFY':
      return [...COMMON_OPERATIONS, 'Sign', 'Verify', 'GetPublicKey']
    case 'KEY_AGREEMENT':
      return [...COMMON_OPERATIONS, 'DeriveSharedSecret', 'GetPublicKey']
    default:
      return COMMON_OPERATIONS
  }
}

// Grant ids are 64 hex characters (ListGrants examples); anything else is not a grant id.
const GRANT_ID = /^[0-9a-f]{64}$/
// The model's GrantNameType and PrincipalIdType patterns.
const GRANT_NAME = /^[a-zA-Z0-9:/_-]+$/
const PRINCIPAL = /^[\w+=,.@:/-]+$/

function patternError(value: string, member: string, pattern: string): ValidationException {
  return new ValidationException(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
  )
}

function assertGrantIdForm(grantId: string): void {
  // Uncaptured: AWS's text for a malformed grant id has not been recorded.
  if (!GRANT_ID.test(grantId)) throw new InvalidGrantIdException('Invalid grant ID')
}

/** The grant with this id on this key; uncaptured text (moto's) when there is none. */
function grantOnKey(ctx: KmsContext, key: KmsKey, grantId: string): Grant {
  assertGrantIdForm(grantId)
  const grant = ctx.kms.grants.get(grantId)
  if (grant?.keyId !== key.id) throw new NotFoundException(`Grant ID ${grantId} not found`)
  return grant
}

export interface GrantConstraintsShape {
  EncryptionContextSubset?: Record<string, string>
  EncryptionContextEquals?: Record<string, string>
}

export interface CreateGrantRequest {
  KeyId: string
  GranteePrincipal: string
  RetiringPrincipal?: string
  Operations: string[]
  Constraints?: GrantConstraintsShape
  GrantTokens?: string[]
  Name?: string
  DryRun?: boolean
}
export interface CreateGrantResponse {
  GrantToken: string
  GrantId: string
}

function sameGrant(a: Grant, b: Omit<Grant, 'grantId' | 'grantToken' | 'createdAt'>): boolean {
  return (
    a.keyId === b.keyId &&
    a.name === b.name &&
    a.granteePrincipal === b.granteePrincipal &&
    a.retiringPrincipal === b.retiringPrincipal &&
    JSON.stringify([...a.operations].sort()) === JSON.stringify([...b.operations].sort()) &&
    JSON.stringify(a.constraints ?? null) === JSON.stringify(b.constraints ?? null)
  )
}

export function createGrant(input: CreateGrantRequest, ctx: KmsContext): CreateGrantResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  // CreateGrant works on enabled, disabled and pending-import keys (KMS key-state table).
  if (key.state === 'PendingDeletion') throw invalidState(key)
  if (!PRINCIPAL.test(input.GranteePrincipal))
    throw patternError(input.GranteePrincipal, 'granteePrincipal', '^[\\w+=,.@:/-]+$')
  if (input.RetiringPrincipal !== undefined && !PRINCIPAL.test(input.RetiringPrincipal))
    throw patternError(input.RetiringPrincipal, 'retiringPrincipal', '^[\\w+=,.@:/-]+$')
  if (input.Name !== undefined && !GRANT_NAME.test(input.Name))
    throw patternError(input.Name, 'name', '^[a-zA-Z0-9:/_-]+$')
  if (input.Operations.length === 0) {
    // Uncaptured: AWS's text for an empty operation list has not been recorded.
    throw new ValidationException('The grant must allow at least one operation.')
  }
  const allowed = operationsFor(key)
  const invalid = input.Operations.filter((op) => !allowed.includes(op))
  if (invalid.length > 0) {
    // Uncaptured: AWS answers ValidationException for operations the key cannot perform.
    throw new ValidationException(
      `Grant operations ${invalid.join(', ')} are not valid for ${key.arn} with key spec ${key.keySpec} and key usage ${key.keyUsage}.`,
    )
  }
  const constraints = grantConstraints(input.Constraints)
  const wanted = {
    keyId: key.id,
    granteePrincipal: input.GranteePrincipal,
    issuingAccount: `arn:${partitionOf(ctx.region)}:iam::${ctx.accountId}:root`,
    operations: [...new Set(input.Operations)],
    ...(input.Name === undefined ? {} : { name: input.Name }),
    ...(input.RetiringPrincipal === undefined
      ? {}
      : { retiringPrincipal: input.RetiringPrincipal }),
    ...(constraints === undefined ? {} : { constraints }),
  }
  // Identical requests with a name are idempotent: AWS returns the same grant id.
  const existing =
    input.Name === undefined
      ? undefined
      : [...ctx.kms.grants.values()].find((grant) => sameGrant(grant, wanted))
  if (existing !== undefined) {
    return unlessDryRun(input, { GrantToken: existing.grantToken, GrantId: existing.grantId })
  }
  const grant: Grant = {
    ...wanted,
    grantId: Buffer.from(ctx.random.bytes(32)).toString('hex'),
    grantToken: Buffer.from(ctx.random.bytes(96)).toString('base64url'),
    createdAt: ctx.clock.now(),
  }
  const output = unlessDryRun(input, { GrantToken: grant.grantToken, GrantId: grant.grantId })
  ctx.kms.grants.set(grant.grantId, grant)
  return output
}

function grantConstraints(shape: GrantConstraintsShape | undefined): GrantConstraints | undefined {
  if (shape === undefined) return undefined
  const out: { -readonly [K in keyof GrantConstraints]: GrantConstraints[K] } = {}
  if (shape.EncryptionContextSubset !== undefined)
    out.EncryptionContextSubset = { ...shape.EncryptionContextSubset }
  if (shape.EncryptionContextEquals !== undefined)
    out.EncryptionContextEquals = { ...shape.EncryptionContextEquals }
  return Object.keys(out).length === 0 ? undefined : out
}

export interface GrantListEntry {
  KeyId: string
  GrantId: string
  Name?: string
  CreationDate: Date
  GranteePrincipal: string
  RetiringPrincipal?: string
  IssuingAccount: string
  Operations: string[]
  Constraints?: GrantConstraintsShape
}

function grantEntry(ctx: KmsContext, grant: Grant): GrantListEntry {
  const key = lookupLiveKey(ctx, grant.keyId)
  const entry: GrantListEntry = {
    KeyId: key?.arn ?? grant.keyId,
    GrantId: grant.grantId,
    CreationDate: grant.createdAt,
    GranteePrincipal: grant.granteePrincipal,
    IssuingAccount: grant.issuingAccount,
    Operations: [...grant.operations],
  }
  if (grant.name !== undefined) entry.Name = grant.name
  if (grant.retiringPrincipal !== undefined) entry.RetiringPrincipal = grant.retiringPrincipal
  if (grant.constraints !== undefined) entry.Constraints = { ...grant.constraints }
  return entry
}

export interface ListGrantsRequest {
  KeyId: string
  GrantId?: string
  GranteePrincipal?: string
  Limit?: number
  Marker?: string
}
export interface ListGrantsResponse {
  Grants: GrantListEntry[]
  Truncated: boolean
  NextMarker?: string
}

export function listGrants(input: ListGrantsRequest, ctx: KmsContext): ListGrantsResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  if (input.GrantId !== undefined) assertGrantIdForm(input.GrantId)
  const grants = [...ctx.kms.grants.values()].filter(
    (grant) =>
      grant.keyId === key.id &&
      (input.GrantId === undefined || grant.grantId === input.GrantId) &&
      (input.GranteePrincipal === undefined || grant.granteePrincipal === input.GranteePrincipal),
  )
  return paginate(
    grants.map((grant) => grantEntry(ctx, grant)),
    input,
    'Grants',
  )
}

export interface ListRetirableGrantsRequest {
  RetiringPrincipal: string
  Limit?: number
  Marker?: string
}

/** Grants, on any live key of the region, that name this retiring principal. */
export function listRetirableGrants(
  input: ListRetirableGrantsRequest,
  ctx: KmsContext,
): ListGrantsResponse {
  const grants = [...ctx.kms.grants.values()].filter(
    (grant) =>
      grant.retiringPrincipal === input.RetiringPrincipal &&
      lookupLiveKey(ctx, grant.keyId) !== undefined,
  )
  return paginate(
    grants.map((grant) => grantEntry(ctx, grant)),
    input,
    'Grants',
  )
}

export interface RetireGrantRequest {
  GrantToken?: string
  KeyId?: string
  GrantId?: string
  DryRun?: boolean
}

/**
 * Retires a grant named by its token, or by key and grant id. Who may retire (the retiring
 * principal, the grantee with RetireGrant) is not checked: the mock has no identities to compare.
 */
export function retireGrant(input: RetireGrantRequest, ctx: KmsContext): Record<string, never> {
  let grant: Grant
  if (input.GrantToken !== undefined) {
    const found = [...ctx.kms.grants.values()].find((g) => g.grantToken === input.GrantToken)
    // Uncaptured: the model's description of InvalidGrantTokenException.
    if (found === undefined || lookupLiveKey(ctx, found.keyId) === undefined)
      throw new InvalidGrantTokenException('The provided grant token is not valid.')
    grant = found
  } else if (input.KeyId !== undefined && input.GrantId !== undefined) {
    grant = grantOnKey(ctx, resolveManagedKey(ctx, input.KeyId), input.GrantId)
  } else {
    // Uncaptured: RetireGrant needs a grant token, or a key id with a grant id.
    throw new ValidationException('Grant token OR (grant ID, key ID) must be specified')
  }
  unlessDryRun(input, {})
  ctx.kms.grants.delete(grant.grantId)
  return {}
}

export interface RevokeGrantRequest {
  KeyId: string
  GrantId: string
  DryRun?: boolean
}

export function revokeGrant(input: RevokeGrantRequest, ctx: KmsContext): Record<string, never> {
  const grant = grantOnKey(ctx, resolveManagedKey(ctx, input.KeyId), input.GrantId)
  unlessDryRun(input, {})
  ctx.kms.grants.delete(grant.grantId)
  return {}
}
