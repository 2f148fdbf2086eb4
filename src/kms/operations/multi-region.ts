import { partitionOf } from '../../core/arn.js'
import type { KmsContext } from '../context.js'
import {
  AlreadyExistsException,
  KMSInternalException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
} from '../errors.js'
import { invalidState, type KmsKey } from '../key.js'
import { defaultKeyPolicy } from '../key-factory.js'
import { keyArn, lookupLiveKey } from '../key-id.js'
import { relatedKeys } from '../multi-region.js'
import type { KeyMetadata, Tag } from '../shapes.js'
import type { KmsState } from '../state.js'
import { resolveManagedKey } from './common.js'
import { describe } from './keys.js'
import { validateTags } from './tags.js'

/*
 * ReplicateKey and UpdatePrimaryRegion (API references). AWS creates a replica in the `Creating`
 * state and moves both keys through `Updating` for a few seconds; the mock completes both within
 * the call (docs/fidelity.md). Error codes are the API references'; texts marked "not captured"
 * are not AWS's verbatim.
 */

/** RegionName in the service model: `^([a-z]+-){2,3}\d+$`. */
const REGION = /^([a-z]+-){2,3}\d+$/

function checkRegion(region: string, member: string): void {
  if (!REGION.test(region)) {
    throw new ValidationException(
      `1 validation error detected: Value '${region}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$`,
    )
  }
}

function worldOf(ctx: KmsContext): KmsState {
  // Every KMS call the world dispatches carries it; only a mis-wired caller lacks it.
  if (ctx.world === undefined) throw new KMSInternalException()
  return ctx.world
}

/** The primary key a multi-Region operation names (key id or key ARN, in the request's Region). */
function primaryKey(ctx: KmsContext, keyId: string, operation: string): KmsKey {
  const key = resolveManagedKey(ctx, keyId)
  if (key.multiRegion === undefined) {
    // Not captured from AWS.
    throw new UnsupportedOperationException(
      `${key.arn} is not a multi-Region key, which is not valid for ${operation}.`,
    )
  }
  if (key.multiRegion === 'REPLICA') {
    // Not captured from AWS.
    throw new UnsupportedOperationException(
      `${key.arn} is a multi-Region replica key. ${operation} requires the primary key.`,
    )
  }
  return key
}

export interface ReplicateKeyRequest {
  KeyId: string
  ReplicaRegion: string
  Policy?: string
  BypassPolicyLockoutSafetyCheck?: boolean
  Description?: string
  Tags?: Tag[]
}
export interface ReplicateKeyResponse {
  ReplicaKeyMetadata: KeyMetadata
  ReplicaPolicy: string
  ReplicaTags: Tag[]
}

/**
 * Creates a replica of a multi-Region primary key in another Region of the same partition. The
 * replica shares the key id, material, spec, usage, origin and rotation; its policy, tags and
 * description are its own (they default to the default policy, none and empty, not the
 * primary's). Imported key material is not shared: an EXTERNAL replica waits for its own import.
 */
export function replicateKey(input: ReplicateKeyRequest, ctx: KmsContext): ReplicateKeyResponse {
  checkRegion(input.ReplicaRegion, 'replicaRegion')
  const world = worldOf(ctx)
  const primary = primaryKey(ctx, input.KeyId, 'ReplicateKey')
  if (
    primary.state !== 'Enabled' &&
    primary.state !== 'Disabled' &&
    primary.state !== 'PendingImport'
  )
    throw invalidState(primary)
  const region = input.ReplicaRegion
  if (region === ctx.region || partitionOf(region) !== partitionOf(ctx.region)) {
    // Not captured from AWS.
    throw new ValidationException(
      `ReplicaRegion ${region} must be another Region of the ${partitionOf(ctx.region)} partition than the primary key's (${ctx.region}).`,
    )
  }
  const replicaId = keyArn({ region, accountId: ctx.accountId }, primary.id)
  const target = world.region(region)
  const existing = lookupLiveKey({ ...ctx, kms: target, region }, primary.id)
  if (existing !== undefined) {
    // Not captured from AWS.
    throw new AlreadyExistsException(`Key ${replicaId} already exists in ${region}.`)
  }
  const tags = input.Tags ?? []
  validateTags(tags)
  const imported = primary.origin === 'EXTERNAL'
  const policy = input.Policy ?? defaultKeyPolicy(ctx.accountId, partitionOf(region))
  const replica: KmsKey = {
    id: primary.id,
    arn: replicaId,
    accountId: ctx.accountId,
    region,
    createdAt: ctx.clock.now(),
    description: input.Description ?? '',
    keySpec: primary.keySpec,
    keyUsage: primary.keyUsage,
    origin: primary.origin,
    keyManager: 'CUSTOMER',
    state: imported ? 'PendingImport' : 'Enabled',
    policy,
    tags,
    materials: imported ? primary.materials.map(({ secret: _s, ...m }) => m) : primary.materials,
    rotation: { ...primary.rotation, onDemandRotations: 0 },
    multiRegion: 'REPLICA',
    ...(primary.currentMaterialId === undefined
      ? {}
      : { currentMaterialId: primary.currentMaterialId }),
    ...(primary.keyPair === undefined ? {} : { keyPair: primary.keyPair }),
  }
  target.keys.set(replica.id, replica)
  ctx.notes.resources.push({
    ARN: replica.arn,
    accountId: replica.accountId,
    type: 'AWS::KMS::Key',
  })
  return {
    ReplicaKeyMetadata: describe(ctx, replica),
    ReplicaPolicy: policy,
    ReplicaTags: tags,
  }
}

export interface UpdatePrimaryRegionRequest {
  KeyId: string
  PrimaryRegion: string
}

/**
 * Makes the replica in `PrimaryRegion` the primary key and the current primary a replica. The
 * call names the current primary, in its Region; both keys must be Enabled or Disabled.
 */
export function updatePrimaryRegion(
  input: UpdatePrimaryRegionRequest,
  ctx: KmsContext,
): Record<string, never> {
  checkRegion(input.PrimaryRegion, 'primaryRegion')
  const world = worldOf(ctx)
  const primary = primaryKey(ctx, input.KeyId, 'UpdatePrimaryRegion')
  if (primary.state !== 'Enabled' && primary.state !== 'Disabled') throw invalidState(primary)
  const replica = relatedKeys(world, primary, ctx.clock.now()).find(
    (k) => k.region === input.PrimaryRegion,
  )
  if (input.PrimaryRegion === ctx.region) {
    // Not captured from AWS.
    throw new ValidationException(
      `${primary.arn} is already the primary key in ${input.PrimaryRegion}.`,
    )
  }
  if (replica === undefined) {
    throw NotFoundException.keyDoesNotExist(
      keyArn({ region: input.PrimaryRegion, accountId: ctx.accountId }, primary.id),
    )
  }
  if (replica.state !== 'Enabled' && replica.state !== 'Disabled') throw invalidState(replica)
  ctx.kms.keys.set(primary.id, { ...primary, multiRegion: 'REPLICA' })
  world.region(replica.region).keys.set(replica.id, { ...replica, multiRegion: 'PRIMARY' })
  return {}
}
