import type { KmsContext } from '../context.js'
import { LimitExceededException, UnsupportedOperationException } from '../errors.js'
import { assertEnabled, isSymmetric, type KmsKey, type RotationRecord } from '../key.js'
import { newSecretMaterial } from '../key-factory.js'
import { assertCustomerManaged, paginate, resolveManagedKey } from './common.js'
import { syncReplicas } from '../multi-region.js'

const DAY_MS = 86_400_000
/** AWS rotates AWS managed keys every year (KMS developer guide, "Rotating keys"). */
const DEFAULT_PERIOD_DAYS = 365
/** On-demand rotations allowed per key (reference §3). */
const ON_DEMAND_LIMIT = 10

const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS)

/**
 * Only symmetric encryption keys with KMS-generated material rotate. Imported material gets the
 * captured origin text (reference §3); asymmetric and HMAC keys get an empty message, as the AWS
 * CLI shows it and as LocalStack answers (uncaptured in shared/reference).
 */
function assertRotatable(key: KmsKey): void {
  if (key.origin === 'EXTERNAL') {
    throw new UnsupportedOperationException(
      `${key.arn} origin is EXTERNAL which is not valid for this operation.`,
    )
  }
  if (!isSymmetric(key)) throw new UnsupportedOperationException('')
}

/** A customer managed, rotatable key that is Enabled (DisabledException / KMSInvalidState otherwise). */
function keyToRotate(ctx: KmsContext, keyId: string): KmsKey {
  const key = resolveManagedKey(ctx, keyId)
  assertCustomerManaged(key)
  assertRotatable(key)
  if (key.multiRegion === 'REPLICA') {
    // Rotation is a shared property, managed on the primary key (multi-Region keys, "Rotating
    // multi-Region keys"). The text is not captured from AWS.
    throw new UnsupportedOperationException(
      `${key.arn} is a multi-Region replica key. Manage rotation on its primary key.`,
    )
  }
  assertEnabled(key)
  return key
}

/** Stores a rotated key; a multi-Region primary hands the new material and settings to its replicas. */
function store(ctx: KmsContext, key: KmsKey): void {
  ctx.kms.keys.set(key.id, key)
  syncReplicas(ctx.world, key, ctx.clock.now())
}

export interface EnableKeyRotationRequest {
  KeyId: string
  RotationPeriodInDays?: number
}

/**
 * Turns on automatic rotation. The rotation is reported through NextRotationDate; no timer
 * fires it (call RotateKeyOnDemand to rotate in a test).
 */
export function enableKeyRotation(
  input: EnableKeyRotationRequest,
  ctx: KmsContext,
): Record<string, never> {
  const key = keyToRotate(ctx, input.KeyId)
  const periodInDays = input.RotationPeriodInDays ?? DEFAULT_PERIOD_DAYS
  store(ctx, {
    ...key,
    rotation: {
      ...key.rotation,
      enabled: true,
      periodInDays,
      nextRotationDate: addDays(ctx.clock.now(), periodInDays),
    },
  })
  return {}
}

export interface KeyIdOnly {
  KeyId: string
}

export function disableKeyRotation(input: KeyIdOnly, ctx: KmsContext): Record<string, never> {
  const key = keyToRotate(ctx, input.KeyId)
  const { nextRotationDate: _dropped, ...rotation } = key.rotation
  store(ctx, { ...key, rotation: { ...rotation, enabled: false } })
  return {}
}

export interface GetKeyRotationStatusResponse {
  KeyRotationEnabled: boolean
  KeyId: string
  RotationPeriodInDays?: number
  NextRotationDate?: Date
}

/**
 * Works in any key state. AWS managed keys always rotate yearly. `OnDemandRotationStartDate` is
 * only reported while an on-demand rotation is in progress, and here rotation is instantaneous.
 */
export function getKeyRotationStatus(
  input: KeyIdOnly,
  ctx: KmsContext,
): GetKeyRotationStatusResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertRotatable(key)
  if (key.keyManager === 'AWS') {
    return {
      KeyRotationEnabled: true,
      KeyId: key.arn,
      RotationPeriodInDays: DEFAULT_PERIOD_DAYS,
      NextRotationDate: addDays(key.createdAt, DEFAULT_PERIOD_DAYS),
    }
  }
  const status: GetKeyRotationStatusResponse = {
    KeyRotationEnabled: key.rotation.enabled,
    KeyId: key.arn,
  }
  if (key.rotation.enabled) status.RotationPeriodInDays = key.rotation.periodInDays
  if (key.rotation.nextRotationDate !== undefined)
    status.NextRotationDate = key.rotation.nextRotationDate
  return status
}

export interface RotateKeyOnDemandResponse {
  KeyId: string
}

/**
 * Adds fresh key material and makes it current. Older material stays on the key, and every
 * ciphertext names the material it was sealed with, so old ciphertexts keep decrypting. The
 * automatic rotation schedule is unchanged (RotateKeyOnDemand API reference).
 */
export function rotateKeyOnDemand(input: KeyIdOnly, ctx: KmsContext): RotateKeyOnDemandResponse {
  const key = keyToRotate(ctx, input.KeyId)
  if (key.rotation.onDemandRotations >= ON_DEMAND_LIMIT) {
    throw new LimitExceededException(
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    )
  }
  const material = newSecretMaterial(ctx, key.keySpec)
  const record: RotationRecord = {
    KeyMaterialId: material.id,
    RotationDate: material.createdAt,
    RotationType: 'ON_DEMAND',
  }
  store(ctx, {
    ...key,
    materials: [...key.materials, material],
    currentMaterialId: material.id,
    rotation: {
      ...key.rotation,
      onDemandRotations: key.rotation.onDemandRotations + 1,
      history: [...key.rotation.history, record],
    },
  })
  return { KeyId: key.arn }
}

export interface ListKeyRotationsRequest {
  KeyId: string
  IncludeKeyMaterial?: 'ALL_KEY_MATERIAL' | 'ROTATIONS_ONLY'
  Limit?: number
  Marker?: string
}
export interface RotationsListEntry {
  KeyId: string
  KeyMaterialId: string
  KeyMaterialState: 'CURRENT' | 'NON_CURRENT'
  ImportState?: 'IMPORTED' | 'PENDING_IMPORT'
  RotationDate?: Date
  RotationType?: 'AUTOMATIC' | 'ON_DEMAND'
}
export interface ListKeyRotationsResponse {
  Rotations: RotationsListEntry[]
  Truncated: boolean
  NextMarker?: string
}

/**
 * The key's rotation history, oldest first; with `ALL_KEY_MATERIAL`, every material version
 * including the original one (which has no rotation date).
 */
export function listKeyRotations(
  input: ListKeyRotationsRequest,
  ctx: KmsContext,
): ListKeyRotationsResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  if (!isSymmetric(key)) throw new UnsupportedOperationException('')
  const state = (id: string): 'CURRENT' | 'NON_CURRENT' =>
    id === key.currentMaterialId ? 'CURRENT' : 'NON_CURRENT'
  const rotations = new Map(key.rotation.history.map((r) => [r.KeyMaterialId, r]))
  const entry = (id: string): RotationsListEntry => {
    const rotation = rotations.get(id)
    return {
      KeyId: key.arn,
      KeyMaterialId: id,
      KeyMaterialState: state(id),
      ...(rotation === undefined
        ? {}
        : { RotationDate: rotation.RotationDate, RotationType: rotation.RotationType }),
    }
  }
  const imported = (hasSecret: boolean): Pick<RotationsListEntry, 'ImportState'> =>
    key.origin === 'EXTERNAL' ? { ImportState: hasSecret ? 'IMPORTED' : 'PENDING_IMPORT' } : {}
  const entries: RotationsListEntry[] =
    input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL'
      ? key.materials.map((m) => ({ ...entry(m.id), ...imported(m.secret !== undefined) }))
      : key.rotation.history.map((r) => entry(r.KeyMaterialId))
  return paginate(entries, input, 'Rotations')
}
