import { partitionOf } from '../../core/arn.js'
import type { KmsContext } from '../context.js'
import {
  KMSInvalidStateException,
  UnsupportedOperationException,
  ValidationException,
  XksKeyAlreadyInUseException,
} from '../errors.js'
import { invalidState, isEcc, isHmac, isRsa, keyMetadata, type KmsKey } from '../key.js'
import { buildKey } from '../key-factory.js'
import { resolveKey } from '../key-id.js'
import { AWS_ALIAS_PREFIX, ensureAwsManagedKey } from '../managed-keys.js'
import type { KeyMetadata, KeySpec, KeyUsage, Origin, Tag } from '../shapes.js'
import { generateKeyPairFor } from '../asymmetric-keys.js'
import { assertCustomerManaged, noteKey, paginate, resolveManagedKey } from './common.js'
import { generateMlKemKeyPair, isMlKem, mlKemAvailable } from '../ml-kem.js'
import { multiRegionConfiguration, relatedKeys } from '../multi-region.js'
import { connectedStore } from '../custom-key-store.js'
import { validateTags } from './tags.js'

/** CreateKey's key specs: the emulated ones, and SM2, which KMS offers in the China Regions only. */
export type CreateKeySpec = KeySpec | 'SM2'

export interface CreateKeyRequest {
  Policy?: string
  Description?: string
  KeyUsage?: KeyUsage
  CustomerMasterKeySpec?: CreateKeySpec
  KeySpec?: CreateKeySpec
  Origin?: Origin
  BypassPolicyLockoutSafetyCheck?: boolean
  Tags?: Tag[]
  MultiRegion?: boolean
  CustomKeyStoreId?: string
  XksKeyId?: string
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
  if (isMlKem(spec)) return ['ENCAPSULATE_DECAPSULATE']
  return []
}

/**
 * A key in a custom key store: the store must exist, be CONNECTED and be of the Origin's type;
 * such keys are symmetric, single-Region, and external ones name their key in the proxy. The
 * codes are the CreateKey API reference's; the texts are not captured from AWS.
 */
function customKeyStoreFor(
  input: CreateKeyRequest,
  origin: Origin,
  keySpec: KeySpec,
  ctx: KmsContext,
): { id: string; cloudHsmClusterId?: string; xksKeyId?: string } | undefined {
  const custom = origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE'
  if (!custom) {
    if (input.CustomKeyStoreId !== undefined) {
      throw new ValidationException(
        `CustomKeyStoreId requires Origin AWS_CLOUDHSM or EXTERNAL_KEY_STORE, not ${origin}.`,
      )
    }
    if (input.XksKeyId !== undefined)
      throw new ValidationException('XksKeyId is valid only with Origin EXTERNAL_KEY_STORE.')
    return undefined
  }
  if (input.CustomKeyStoreId === undefined)
    throw new ValidationException(`Origin ${origin} requires a CustomKeyStoreId.`)
  if (input.MultiRegion === true) {
    throw new UnsupportedOperationException(
      'Multi-Region keys cannot be created in a custom key store.',
    )
  }
  if (
    keySpec !== 'SYMMETRIC_DEFAULT' ||
    (input.KeyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT'
  ) {
    throw new UnsupportedOperationException(
      `KeySpec ${keySpec} is not valid for a KMS key in a custom key store.`,
    )
  }
  const store = connectedStore(ctx, input.CustomKeyStoreId, 'CreateKey')
  if ((store.type === 'AWS_CLOUDHSM') !== (origin === 'AWS_CLOUDHSM')) {
    throw new ValidationException(
      `Origin ${origin} does not match custom key store ${store.id} of type ${store.type}.`,
    )
  }
  if (origin === 'AWS_CLOUDHSM') {
    if (input.XksKeyId !== undefined)
      throw new ValidationException('XksKeyId is valid only with Origin EXTERNAL_KEY_STORE.')
    return {
      id: store.id,
      ...(store.cloudHsmClusterId === undefined
        ? {}
        : { cloudHsmClusterId: store.cloudHsmClusterId }),
    }
  }
  const xksKeyId = input.XksKeyId
  if (xksKeyId === undefined)
    throw new ValidationException('Origin EXTERNAL_KEY_STORE requires an XksKeyId.')
  for (const key of ctx.kms.keys.values()) {
    if (key.customKeyStoreId === store.id && key.xksKeyId === xksKeyId) {
      throw new XksKeyAlreadyInUseException(
        `External key ${xksKeyId} is already used by KMS key ${key.arn}.`,
      )
    }
  }
  return { id: store.id, xksKeyId }
}

/**
 * SM2 keys exist in the China Regions only. Elsewhere KMS answers "KeySpec SM2 is not supported in
 * this Region" (UnsupportedOperationException, as real KMS answered in us-east-1: floci#3026;
 * where it comes among CreateKey's checks is _uncaptured_). In a China Region the mock refuses too,
 * deliberately: SM2 keys are not emulated (docs/fidelity.md).
 */
function sm2Refusal(region: string): UnsupportedOperationException {
  if (partitionOf(region) === 'aws-cn') {
    return new UnsupportedOperationException(
      's3-kms-mock does not emulate SM2 keys, which KMS offers in the China Regions only.',
    )
  }
  return new UnsupportedOperationException('KeySpec SM2 is not supported in this Region')
}

export function createKey(input: CreateKeyRequest, ctx: KmsContext): CreateKeyResponse {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw new ValidationException(
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    )
  }
  const requested = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT'
  if (requested === 'SM2') throw sm2Refusal(ctx.region)
  const keySpec: KeySpec = requested
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
  if (isMlKem(keySpec) && !mlKemAvailable()) {
    // Deliberate: docs/fidelity.md — node:crypto has ML-KEM from Node.js 24.7 only.
    throw new UnsupportedOperationException(
      `s3-kms-mock emulates ${keySpec} keys only on Node.js 24.7 or later, whose node:crypto implements ML-KEM (this is ${process.version}).`,
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
  const customKeyStore = customKeyStoreFor(input, origin, keySpec, ctx)
  const keyPair =
    keySpec === 'SYMMETRIC_DEFAULT' || isHmac(keySpec)
      ? undefined
      : isMlKem(keySpec)
        ? generateMlKemKeyPair(keySpec, ctx.random)
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
    ...(input.MultiRegion === true ? { multiRegion: true } : {}),
    ...(customKeyStore === undefined ? {} : { customKeyStore }),
  })
  ctx.kms.keys.set(key.id, key)
  ctx.notes.resources.push({ ARN: key.arn, accountId: key.accountId, type: 'AWS::KMS::Key' })
  return { KeyMetadata: describe(ctx, key) }
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
  return { KeyMetadata: describe(ctx, key) }
}

/** A key's metadata, with the multi-Region configuration of its set when it has one. */
export function describe(ctx: KmsContext, key: KmsKey): KeyMetadata {
  const configuration =
    ctx.world === undefined ? undefined : multiRegionConfiguration(ctx.world, key, ctx.clock.now())
  return keyMetadata(key, configuration)
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
  /** Absent for a multi-Region primary key that still has replicas. */
  DeletionDate?: Date
  KeyState: 'PendingDeletion' | 'PendingReplicaDeletion'
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
  if (key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion')
    throw invalidState(key)
  const replicas =
    key.multiRegion === 'PRIMARY' && ctx.world !== undefined
      ? relatedKeys(ctx.world, key, ctx.clock.now()).filter((k) => k.multiRegion === 'REPLICA')
      : []
  if (replicas.length > 0) {
    // A primary with replicas waits for them: PendingReplicaDeletion, no deletion date yet, the
    // window kept for when the last replica is gone (ScheduleKeyDeletion API reference).
    ctx.kms.keys.set(key.id, {
      ...key,
      state: 'PendingReplicaDeletion',
      pendingWindowInDays: days,
    })
    return { KeyId: key.arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: days }
  }
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
  if (key.state !== 'PendingDeletion' && key.state !== 'PendingReplicaDeletion') {
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
