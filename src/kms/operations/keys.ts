import type { KmsContext } from '../context.js'
import {
  KMSInvalidStateException,
  UnsupportedOperationException,
  ValidationException,
} from '../errors.js'
import { invalidState, isEcc, isHmac, isRsa, keyMetadata } from '../key.js'
import { buildKey } from '../key-factory.js'
import { resolveKey } from '../key-id.js'
import { AWS_ALIAS_PREFIX, ensureAwsManagedKey } from '../managed-keys.js'
import type { KeyMetadata, KeySpec, KeyUsage, Origin, Tag } from '../shapes.js'
import { generateKeyPairFor } from '../asymmetric-keys.js'
import { assertCustomerManaged, noteKey, paginate, resolveManagedKey } from './common.js'
import { validateTags } from './tags.js'

export interface CreateKeyRequest {
  Policy?: string
  Description?: string
  KeyUsage?: KeyUsage
  CustomerMasterKeySpec?: KeySpec
  KeySpec?: KeySpec
  Origin?: Origin
  BypassPolicyLockoutSafetyCheck?: boolean
  Tags?: Tag[]
  MultiRegion?: boolean
}
export interface CreateKeyResponse {
  KeyMetadata: KeyMetadata
}

/** Which usages each family of key specs allows (KMS developer guide, "Key spec reference"). */
function allowedUsages(spec: KeySpec): readonly KeyUsage[] {
  if (spec === 'SYMMETRIC_DEFAULT') return ['ENCRYPT_DECRYPT']
  if (isHmac(spec)) return ['GENERATE_VERIFY_MAC']
  if (isRsa(spec)) return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY']
  if (spec === 'ECC_SECG_P256K1') return ['SIGN_VERIFY']
  if (isEcc(spec)) return ['SIGN_VERIFY', 'KEY_AGREEMENT']
  return []
}

export function createKey(input: CreateKeyRequest, ctx: KmsContext): CreateKeyResponse {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw new ValidationException(
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    )
  }
  if (input.MultiRegion === true) {
    // Deliberate: docs/fidelity.md — multi-Region keys are not emulated.
    throw new UnsupportedOperationException(
      's3-kms-mock does not emulate multi-Region keys (MultiRegion: true).',
    )
  }
  const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT'
  if (keySpec !== 'SYMMETRIC_DEFAULT' && input.KeyUsage === undefined) {
    throw new ValidationException(
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    )
  }
  const keyUsage = input.KeyUsage ?? 'ENCRYPT_DECRYPT'
  if (!allowedUsages(keySpec).includes(keyUsage)) {
    throw new ValidationException(`KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`)
  }
  const origin = input.Origin ?? 'AWS_KMS'
  if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') {
    throw new UnsupportedOperationException(
      `s3-kms-mock does not emulate custom key stores (Origin ${origin}).`,
    )
  }
  if (origin === 'EXTERNAL' && keySpec !== 'SYMMETRIC_DEFAULT' && !isHmac(keySpec)) {
    // Deliberate: docs/fidelity.md — importing asymmetric material is not emulated.
    throw new UnsupportedOperationException(
      `s3-kms-mock imports key material for symmetric and HMAC keys only, not ${keySpec}.`,
    )
  }
  const tags = input.Tags ?? []
  validateTags(tags)
  const keyPair =
    keySpec === 'SYMMETRIC_DEFAULT' || isHmac(keySpec)
      ? undefined
      : generateKeyPairFor(keySpec, ctx.random)
  const key = buildKey(ctx, {
    keySpec,
    keyUsage,
    origin,
    keyManager: 'CUSTOMER',
    description: input.Description ?? '',
    tags,
    ...(input.Policy === undefined ? {} : { policy: input.Policy }),
    ...(keyPair === undefined ? {} : { keyPair }),
  })
  ctx.kms.keys.set(key.id, key)
  ctx.notes.resources.push({ ARN: key.arn, accountId: key.accountId, type: 'AWS::KMS::Key' })
  return { KeyMetadata: keyMetadata(key) }
}

export interface DescribeKeyRequest {
  KeyId: string
  GrantTokens?: string[]
}
export interface DescribeKeyResponse {
  KeyMetadata: KeyMetadata
}

export function describeKey(input: DescribeKeyRequest, ctx: KmsContext): DescribeKeyResponse {
  // AWS creates the managed key when DescribeKey names its predefined alias (DescribeKey API reference).
  const key =
    input.KeyId.startsWith(AWS_ALIAS_PREFIX) && !ctx.kms.aliases.has(input.KeyId)
      ? ensureAwsManagedKey(ctx, input.KeyId)
      : resolveKey(ctx, input.KeyId)
  noteKey(ctx, key)
  return { KeyMetadata: keyMetadata(key) }
}

export interface ListKeysRequest {
  Limit?: number
  Marker?: string
}
export interface ListKeysResponse {
  Keys: { KeyId: string; KeyArn: string }[]
  Truncated: boolean
  NextMarker?: string
}

export function listKeys(input: ListKeysRequest, ctx: KmsContext): ListKeysResponse {
  const all = [...ctx.kms.keys.values()].filter(
    (k) => k.deletionDate === undefined || ctx.clock.now() < k.deletionDate,
  )
  const entries = all.map((k) => ({ KeyId: k.id, KeyArn: k.arn }))
  return paginate(entries, input, 'Keys')
}

export interface KeyIdRequest {
  KeyId: string
}

export function enableKey(input: KeyIdRequest, ctx: KmsContext): Record<string, never> {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertCustomerManaged(key)
  if (key.state !== 'Enabled' && key.state !== 'Disabled') throw invalidState(key)
  ctx.kms.keys.set(key.id, { ...key, state: 'Enabled' })
  return {}
}

export function disableKey(input: KeyIdRequest, ctx: KmsContext): Record<string, never> {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertCustomerManaged(key)
  if (key.state !== 'Enabled' && key.state !== 'Disabled') throw invalidState(key)
  ctx.kms.keys.set(key.id, { ...key, state: 'Disabled' })
  return {}
}

export interface ScheduleKeyDeletionRequest {
  KeyId: string
  PendingWindowInDays?: number
}
export interface ScheduleKeyDeletionResponse {
  KeyId: string
  DeletionDate: Date
  KeyState: 'PendingDeletion'
  PendingWindowInDays: number
}

const DAY_MS = 86_400_000

export function scheduleKeyDeletion(
  input: ScheduleKeyDeletionRequest,
  ctx: KmsContext,
): ScheduleKeyDeletionResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertCustomerManaged(key)
  const days = input.PendingWindowInDays ?? 30
  if (days < 7 || days > 30) {
    const bound = days < 7 ? 'greater than or equal to 7' : 'less than or equal to 30'
    throw new ValidationException(
      `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value ${bound}`,
    )
  }
  if (key.state === 'PendingDeletion') throw invalidState(key)
  const deletionDate = new Date(ctx.clock.now().getTime() + days * DAY_MS)
  ctx.kms.keys.set(key.id, {
    ...key,
    state: 'PendingDeletion',
    deletionDate,
    pendingWindowInDays: days,
  })
  return {
    KeyId: key.arn,
    DeletionDate: deletionDate,
    KeyState: 'PendingDeletion',
    PendingWindowInDays: days,
  }
}

export interface CancelKeyDeletionResponse {
  KeyId: string
}

export function cancelKeyDeletion(input: KeyIdRequest, ctx: KmsContext): CancelKeyDeletionResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  if (key.state !== 'PendingDeletion') {
    throw new KMSInvalidStateException(`${key.arn} is not pending deletion.`)
  }
  // A cancelled deletion leaves the key Disabled (or PendingImport when it has no usable material,
  // e.g. an EXTERNAL key never imported into, or whose imported material was deleted).
  const { deletionDate, pendingWindowInDays, ...rest } = key
  const hasMaterial = key.keyPair !== undefined || key.materials.some((m) => m.secret !== undefined)
  ctx.kms.keys.set(key.id, { ...rest, state: hasMaterial ? 'Disabled' : 'PendingImport' })
  return { KeyId: key.arn }
}

export interface UpdateKeyDescriptionRequest {
  KeyId: string
  Description: string
}

export function updateKeyDescription(
  input: UpdateKeyDescriptionRequest,
  ctx: KmsContext,
): Record<string, never> {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertCustomerManaged(key)
  if (key.state === 'PendingDeletion') throw invalidState(key)
  ctx.kms.keys.set(key.id, { ...key, description: input.Description })
  return {}
}
