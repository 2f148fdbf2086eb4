import type { AccessNeed, AccessRequest } from '../../core/access.js'
import type { Caller } from '../../core/context.js'
import { principalConditionKeys } from '../../core/iam/context-keys.js'
import { accessDeniedMessage, type AuthorizationRecord } from '../../core/iam/decision.js'
import { evaluateIamPolicy, type PolicyEvaluation } from '../../core/iam/evaluate.js'
import { type Principal, principalNames } from '../../core/iam/principal.js'
import { type Bucket, objectArn, ownerOf } from '../bucket.js'
import type { S3Context } from '../context.js'
import { AccessDenied } from '../errors.js'
import { isPublicPolicy } from '../public-access.js'
import { type PolicyPrincipal, principalArn } from './evaluate.js'

/**
 * The authorization step S3 runs before an operation (user guide, "How Amazon S3 authorizes a
 * request"). Every bucket belongs to the world's account. Without declared principals every
 * signer is that account's root, whose IAM allows everything, so:
 *
 * - a signed request is refused only by an explicit Deny in the bucket's policy;
 * - an anonymous request needs an Allow (to `*`) and no Deny;
 * - the account root may always get, put and delete the bucket policy, "even if their bucket policy
 *   explicitly denies the root principal's access" (PutBucketPolicy API reference).
 *
 * A declared principal (SPEC §5.7) is decided by IAM's evaluation logic (IAM user guide, "Policy
 * evaluation logic", and "Cross-account policy evaluation logic"): an explicit Deny in the bucket
 * policy or its identity policy refuses; in the bucket's account, an Allow in either suffices (a
 * bucket-policy Allow naming only the account delegates to IAM); from another account both must
 * allow. A principal without an identity policy is allowed everything one could allow.
 */
function principalOf(caller: Caller, accountId: string): PolicyPrincipal {
  if (caller.signature === 'anonymous') return { kind: 'anonymous' }
  const p = caller.principal
  if (p === undefined) return { kind: 'account', accountId, canonicalId: ownerOf(accountId).ID }
  return {
    kind: 'account',
    accountId: p.accountId,
    canonicalId: ownerOf(p.accountId).ID,
    names: principalNames(p),
  }
}

const OWNER_ALWAYS = new Set(['s3:getbucketpolicy', 's3:putbucketpolicy', 's3:deletebucketpolicy'])

type Keys = AccessRequest['conditionKeys']

/** The request's condition keys plus the principal's global ones (`aws:PrincipalArn` …). */
function keysFor(caller: Caller, request: Pick<AccessRequest, 'conditionKeys'>): Keys {
  const p = caller.principal
  return p === undefined
    ? request.conditionKeys
    : { ...request.conditionKeys, ...principalConditionKeys(p) }
}

/**
 * The bucket policy's evaluation for one need; `none` without a bucket or policy. The condition
 * keys are read only when there is a policy (the protocol derives them on first read).
 */
function decide(
  ctx: S3Context,
  principal: PolicyPrincipal,
  need: AccessNeed,
  request: Pick<AccessRequest, 'conditionKeys'>,
): PolicyEvaluation {
  const bucket = need.bucket === undefined ? undefined : ctx.s3.buckets.get(need.bucket)
  const policy = bucket?.policy
  if (policy === undefined) return { decision: 'none', byAccount: false }
  const keys = keysFor(ctx.caller, request)
  const evaluation = evaluateIamPolicy(policy, {
    principal,
    action: need.action,
    resource: need.resource,
    keys,
  })
  // RestrictPublicBuckets: a public policy grants only the account's own principals (user guide,
  // "Block Public Access settings"); its Deny statements still apply.
  if (
    evaluation.decision === 'allow' &&
    principal.kind === 'anonymous' &&
    bucket?.publicAccessBlock?.RestrictPublicBuckets === true &&
    isPublicPolicy(policy)
  ) {
    return { decision: 'none', byAccount: false }
  }
  return evaluation
}

/** The world account's root, or no declared principals: only bucket-policy Denies refuse. */
const actsAsOwner = (p: Principal | undefined, accountId: string): boolean =>
  p === undefined || (p.type === 'Root' && p.accountId === accountId)

/** The error for a need the caller may not have, or undefined when it may. */
function refusal(
  ctx: S3Context,
  principal: PolicyPrincipal,
  need: AccessNeed,
  request: Pick<AccessRequest, 'conditionKeys'>,
): AccessDenied | undefined {
  const bucket = decide(ctx, principal, need, request)
  if (principal.kind === 'anonymous') {
    return bucket.decision === 'allow' ? undefined : new AccessDenied()
  }
  const p = ctx.caller.principal
  if (actsAsOwner(p, ctx.accountId) || p === undefined) {
    if (bucket.decision !== 'deny' || OWNER_ALWAYS.has(need.action.toLowerCase())) return undefined
    // Same-account requests get the longer text S3 has used since 2023 (user guide, "Troubleshoot
    // access denied (403 Forbidden) errors"); anonymous ones keep "Access Denied".
    const who = principalArn(principal, ctx.region) ?? ''
    return denied(ctx, { principal: who, reason: 'bucket policy', explicit: true }, bucket, need)
  }
  return principalRefusal(ctx, p, principal, need, request, bucket)
}

function principalRefusal(
  ctx: S3Context,
  p: Principal,
  principal: PolicyPrincipal,
  need: AccessNeed,
  request: Pick<AccessRequest, 'conditionKeys'>,
  bucket: PolicyEvaluation,
): AccessDenied | undefined {
  const who = p.identityArn
  if (bucket.decision === 'deny') {
    return denied(ctx, { principal: who, reason: 'bucket policy', explicit: true }, bucket, need)
  }
  const identity: PolicyEvaluation =
    p.policy === undefined
      ? { decision: 'allow', byAccount: false }
      : evaluateIamPolicy(p.policy, {
          principal,
          action: need.action,
          resource: need.resource,
          keys: keysFor(ctx.caller, request),
        })
  if (identity.decision === 'deny') {
    return denied(
      ctx,
      { principal: who, reason: 'identity policy', explicit: true },
      identity,
      need,
    )
  }
  const bucketAllows = bucket.decision === 'allow'
  const identityAllows = identity.decision === 'allow'
  if (p.accountId === ctx.accountId) {
    if (identityAllows || (bucketAllows && !bucket.byAccount)) {
      note(
        ctx,
        need,
        who,
        identityAllows ? 'identity policy' : 'bucket policy',
        identityAllows ? identity : bucket,
      )
      return undefined
    }
    return denied(
      ctx,
      { principal: who, reason: 'identity policy', explicit: false },
      identity,
      need,
    )
  }
  // Another account's principal: the bucket policy must allow it and so must its own IAM.
  if (!bucketAllows) {
    return denied(ctx, { principal: who, reason: 'bucket policy', explicit: false }, bucket, need)
  }
  if (!identityAllows) {
    return denied(
      ctx,
      { principal: who, reason: 'identity policy', explicit: false },
      identity,
      need,
    )
  }
  note(ctx, need, who, 'bucket policy', bucket)
  return undefined
}

function note(
  ctx: S3Context,
  need: AccessNeed,
  principal: string,
  reason: AuthorizationRecord['reason'],
  evaluation: PolicyEvaluation,
): void {
  if (ctx.caller.principal === undefined || ctx.notes.authorization?.decision === 'deny') return
  ctx.notes.authorization = {
    decision: 'allow',
    reason,
    explicit: false,
    ...(evaluation.statement === undefined ? {} : { statement: evaluation.statement }),
    action: need.action,
    resource: need.resource,
    principal,
  }
}

function denied(
  ctx: S3Context,
  why: Pick<AuthorizationRecord, 'principal' | 'reason' | 'explicit'>,
  evaluation: PolicyEvaluation,
  need: AccessNeed,
): AccessDenied {
  const record: AuthorizationRecord = {
    decision: 'deny',
    ...why,
    ...(evaluation.statement === undefined ? {} : { statement: evaluation.statement }),
    action: need.action,
    resource: need.resource,
  }
  if (ctx.caller.principal !== undefined && ctx.notes.authorization?.decision !== 'deny') {
    ctx.notes.authorization = record
  }
  return new AccessDenied(accessDeniedMessage(record, true))
}

/**
 * Refuses the request unless every need is granted; explicit denies are reported before implicit
 * ones. Throws 403 `AccessDenied`.
 */
export function authorize(
  ctx: S3Context,
  access: AccessRequest,
  principal: PolicyPrincipal = principalOf(ctx.caller, ctx.accountId),
): void {
  const refusals = access.needs.flatMap((need) => {
    const error = refusal(ctx, principal, need, access)
    return error === undefined ? [] : [error]
  })
  const [first] = refusals
  if (first === undefined) return
  noteRefused(ctx, access.needs[0])
  throw refusals.find((e) => e.message !== 'Access Denied') ?? first
}

/**
 * A refused call never reaches its operation, which is where the audit event's bucket and key are
 * noted: note them here, from the request's own (first) need, as CloudTrail records them.
 */
function noteRefused(ctx: S3Context, need: AccessNeed | undefined): void {
  if (need?.bucket === undefined || ctx.notes.requestParameters !== undefined) return
  const bucketArn = need.resource.split('/', 1)[0] ?? need.resource
  const key =
    need.resource.length > bucketArn.length ? need.resource.slice(bucketArn.length + 1) : undefined
  ctx.notes.requestParameters = { bucketName: need.bucket, ...(key === undefined ? {} : { key }) }
  const accountId = ctx.accountId
  ctx.notes.resources.push({ ARN: bucketArn, accountId, type: 'AWS::S3::Bucket' })
  if (key !== undefined) {
    ctx.notes.resources.push({ ARN: need.resource, accountId, type: 'AWS::S3::Object' })
  }
}

/**
 * "If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code 403
 * Access Denied error" instead of 404 for a missing key (GetObject API reference): true when the
 * caller may not list the bucket of the request's object.
 */
export function hidesMissingKeys(ctx: S3Context, access: AccessRequest): boolean {
  const principal = principalOf(ctx.caller, ctx.accountId)
  const object = access.needs.find((n) => n.bucket !== undefined && n.resource.includes('/'))
  if (object?.bucket === undefined) return false
  const bucketArn = object.resource.slice(0, object.resource.indexOf('/'))
  const need = { action: 's3:ListBucket', resource: bucketArn, bucket: object.bucket }
  // The audit keeps the request's own decision; a refused ListBucket only explains the 403.
  const kept = ctx.notes.authorization
  const hidden = refusal(ctx, principal, need, access) !== undefined
  if (!hidden && kept !== undefined) ctx.notes.authorization = kept
  else if (!hidden) delete ctx.notes.authorization
  return hidden
}

/**
 * DeleteObjects is authorized key by key (`s3:DeleteObject`, or `s3:DeleteObjectVersion` with a
 * version id): a refused key becomes an `AccessDenied` entry of the result, the others are deleted.
 * Undefined when the key may be deleted, or when the call carries no access request (direct calls).
 */
export function deleteRefusal(
  ctx: S3Context,
  bucket: Bucket,
  key: string,
  versionId: string | undefined,
): AccessDenied | undefined {
  if (ctx.access === undefined) return undefined
  const action = versionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion'
  const need = { action, resource: objectArn(bucket.name, key, bucket.region), bucket: bucket.name }
  return refusal(ctx, principalOf(ctx.caller, ctx.accountId), need, ctx.access)
}

/**
 * `x-amz-bypass-governance-retention` works only for a caller allowed `s3:BypassGovernanceRetention`
 * on the object (user guide, "Bypassing governance mode"); the refusal is IAM's AccessDenied.
 * Undefined when the caller may bypass, or when the call carries no access request (direct calls).
 */
export function bypassRefusal(
  ctx: S3Context,
  bucket: Bucket,
  key: string,
): AccessDenied | undefined {
  if (ctx.access === undefined) return undefined
  const resource = objectArn(bucket.name, key, bucket.region)
  const need = { action: 's3:BypassGovernanceRetention', resource, bucket: bucket.name }
  return refusal(ctx, principalOf(ctx.caller, ctx.accountId), need, ctx.access)
}

/** Form fields of POST Object that are S3 condition keys of the same name. */
const POST_FIELD_KEYS = [
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-server-side-encryption-context',
  'x-amz-acl',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
]

/**
 * POST Object is `s3:PutObject` on the form's key, with the form's fields as the condition keys a
 * PUT's headers would be. An unsigned form is an anonymous upload, let in only by an Allow to `*`.
 */
export function authorizePostObject(
  ctx: S3Context,
  bucket: Bucket,
  key: string,
  fields: ReadonlyMap<string, string>,
  signature: Caller['signature'],
): void {
  const conditionKeys: Record<string, readonly string[]> = { ...ctx.access?.conditionKeys }
  for (const name of POST_FIELD_KEYS) {
    const value = fields.get(name)
    if (value !== undefined) conditionKeys[`s3:${name}`] = [value]
  }
  if (signature !== 'anonymous') {
    conditionKeys['s3:authtype'] = ['POST']
    conditionKeys['s3:signatureversion'] = [signature === 'sigv4' ? 'AWS4-HMAC-SHA256' : 'AWS']
  }
  const need = { action: 's3:PutObject', resource: objectArn(bucket.name, key, bucket.region) }
  const signer = identifyFormSigner(ctx, fields, signature)
  authorize(
    ctx,
    { needs: [{ ...need, bucket: bucket.name }], conditionKeys },
    principalOf({ ...ctx.caller, signature: signer }, ctx.accountId),
  )
}

/**
 * A form is signed in its fields, so its principal is known only now: the caller becomes the
 * principal owning the form's access key (S3's KMS calls and the audit then name it). A signed form
 * no declared principal owns is judged as anonymous (fail closed, SPEC §5.8).
 */
function identifyFormSigner(
  ctx: S3Context,
  fields: ReadonlyMap<string, string>,
  signature: Caller['signature'],
): Caller['signature'] {
  if (ctx.principals?.enabled !== true || signature === 'anonymous') return signature
  const keyId =
    signature === 'sigv4'
      ? (fields.get('x-amz-credential') ?? '').split('/', 1)[0]
      : fields.get('awsaccesskeyid')
  const principal = keyId === undefined || keyId === '' ? undefined : ctx.principals.find(keyId)
  if (principal === undefined) return 'anonymous'
  ctx.caller.principal = principal
  ctx.caller.accountId = principal.accountId
  ctx.caller.accessKeyId = principal.accessKeyId
  return signature
}
