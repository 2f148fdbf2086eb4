import type { KmsContext } from '../context.js'
import {
  AlreadyExistsException,
  NotAuthorizedException,
  NotFoundException,
  ValidationException,
} from '../errors.js'
import { invalidState, isHmac, isSymmetric, type KmsKey } from '../key.js'
import { aliasArn, lookupLiveKey } from '../key-id.js'
import { AWS_ALIAS_PREFIX } from '../managed-keys.js'
import type { AliasEntry } from '../state.js'
import { assertCustomerManaged, paginate, resolveManagedKey } from './common.js'

const ALIAS_PREFIX = 'alias/'
// The service model's pattern (kms/2014-11-01 AliasNameType). It admits ':', which the docs reject.
const MODEL_PATTERN = /^[a-zA-Z0-9:/_-]+$/

/**
 * Alias name rules (reference §3, §4): the model's pattern first, as AWS's request validation
 * reports it, then the `alias/` prefix (captured text), then the documented character set.
 */
function validateAliasName(name: string): void {
  if (!MODEL_PATTERN.test(name)) {
    throw new ValidationException(
      `1 validation error detected: Value '${name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`,
    )
  }
  if (!name.startsWith(ALIAS_PREFIX)) {
    throw new ValidationException(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    )
  }
  if (name.includes(':') || name.length === ALIAS_PREFIX.length) {
    // Uncaptured: moto's text; AWS's docs allow only letters, digits, '/', '_' and '-'.
    throw new ValidationException(`${name} contains invalid characters for an alias`)
  }
}

/** `alias/aws/…` belongs to AWS managed keys: customers cannot create, move or delete them. */
function assertNotReserved(name: string): void {
  if (name.startsWith(AWS_ALIAS_PREFIX)) throw new NotAuthorizedException()
}

/** An existing alias whose target key is still alive (aliases go with their key). */
function liveAlias(ctx: KmsContext, name: string): AliasEntry | undefined {
  const alias = ctx.kms.aliases.get(name)
  if (alias === undefined || lookupLiveKey(ctx, alias.targetKeyId) === undefined) return undefined
  return alias
}

/**
 * An alias target: a customer managed key named by key id or key ARN (never another alias), in
 * a state that allows alias changes — anything but PendingDeletion (KMS key-state table).
 */
function aliasTarget(ctx: KmsContext, targetKeyId: string): KmsKey {
  const key = resolveManagedKey(ctx, targetKeyId)
  assertCustomerManaged(key)
  if (key.state === 'PendingDeletion') throw invalidState(key)
  return key
}

export interface CreateAliasRequest {
  AliasName: string
  TargetKeyId: string
}

export function createAlias(input: CreateAliasRequest, ctx: KmsContext): Record<string, never> {
  validateAliasName(input.AliasName)
  assertNotReserved(input.AliasName)
  const arn = aliasArn(ctx, input.AliasName)
  if (liveAlias(ctx, input.AliasName) !== undefined) {
    // Uncaptured: moto, LocalStack and local-kms agree on this text (reference §3).
    throw new AlreadyExistsException(`An alias with the name ${arn} already exists`)
  }
  const key = aliasTarget(ctx, input.TargetKeyId)
  const now = ctx.clock.now()
  ctx.kms.aliases.set(input.AliasName, {
    name: input.AliasName,
    arn,
    targetKeyId: key.id,
    createdAt: now,
    updatedAt: now,
  })
  return {}
}

export interface UpdateAliasRequest {
  AliasName: string
  TargetKeyId: string
}

const keyType = (key: KmsKey): string =>
  isSymmetric(key) ? 'SYMMETRIC' : isHmac(key.keySpec) ? 'HMAC' : 'ASYMMETRIC'

export function updateAlias(input: UpdateAliasRequest, ctx: KmsContext): Record<string, never> {
  validateAliasName(input.AliasName)
  assertNotReserved(input.AliasName)
  const alias = liveAlias(ctx, input.AliasName)
  if (alias === undefined) throw NotFoundException.aliasNotFound(aliasArn(ctx, input.AliasName))
  const key = aliasTarget(ctx, input.TargetKeyId)
  const current = lookupLiveKey(ctx, alias.targetKeyId)
  // The old and new key must be of the same type and usage (UpdateAlias API reference).
  if (
    current !== undefined &&
    (keyType(current) !== keyType(key) || current.keyUsage !== key.keyUsage)
  ) {
    // Uncaptured: AWS's text for this rule has not been recorded.
    throw new ValidationException(
      `Alias ${alias.arn} cannot be associated with ${key.arn}: the current and new KMS key must have the same key type and key usage (${keyType(current)} ${current.keyUsage}).`,
    )
  }
  ctx.kms.aliases.set(alias.name, { ...alias, targetKeyId: key.id, updatedAt: ctx.clock.now() })
  return {}
}

export interface DeleteAliasRequest {
  AliasName: string
}

export function deleteAlias(input: DeleteAliasRequest, ctx: KmsContext): Record<string, never> {
  validateAliasName(input.AliasName)
  assertNotReserved(input.AliasName)
  const alias = liveAlias(ctx, input.AliasName)
  if (alias === undefined) throw NotFoundException.aliasNotFound(aliasArn(ctx, input.AliasName))
  ctx.kms.aliases.delete(alias.name)
  return {}
}

export interface ListAliasesRequest {
  KeyId?: string
  Limit?: number
  Marker?: string
}
export interface AliasListEntry {
  AliasName: string
  AliasArn: string
  TargetKeyId: string
  CreationDate: Date
  LastUpdatedDate: Date
}
export interface ListAliasesResponse {
  Aliases: AliasListEntry[]
  Truncated: boolean
  NextMarker?: string
}

/** Customer aliases and the AWS managed ones that exist, e.g. `alias/aws/s3` once S3 used it. */
export function listAliases(input: ListAliasesRequest, ctx: KmsContext): ListAliasesResponse {
  const only = input.KeyId === undefined ? undefined : resolveManagedKey(ctx, input.KeyId).id
  const entries = [...ctx.kms.aliases.values()]
    .filter((alias) => lookupLiveKey(ctx, alias.targetKeyId) !== undefined)
    .filter((alias) => only === undefined || alias.targetKeyId === only)
    .map((alias) => ({
      AliasName: alias.name,
      AliasArn: alias.arn,
      TargetKeyId: alias.targetKeyId,
      CreationDate: alias.createdAt,
      LastUpdatedDate: alias.updatedAt,
    }))
  return paginate(entries, input, 'Aliases')
}
