import type { KmsKey } from './key.js'
import type { MultiRegionConfiguration } from './shapes.js'
import type { KmsState } from './state.js'

/*
 * Multi-Region keys ("Multi-Region keys in AWS KMS", developer guide): related keys in several
 * Regions of one account share their `mrk-` key id, key material, key spec, key usage, origin and
 * automatic rotation; each has its own policy, tags, description, aliases, grants and key state.
 * Each Region's keystore holds its own copy of the key; these helpers find the set across them.
 */

const live = (key: KmsKey, now: Date): boolean =>
  key.deletionDate === undefined || now < key.deletionDate

/** Every live key of the set `key` belongs to, the primary among them, in Region order. */
export function relatedKeys(world: KmsState, key: KmsKey, now: Date): KmsKey[] {
  if (key.multiRegion === undefined) return []
  const related: KmsKey[] = []
  for (const [, region] of world.regions()) {
    const other = region.keys.get(key.id)
    if (other?.multiRegion !== undefined && live(other, now)) related.push(other)
  }
  return related
}

/** DescribeKey's MultiRegionConfiguration: this key's role, the primary, and the replicas. */
export function multiRegionConfiguration(
  world: KmsState,
  key: KmsKey,
  now: Date,
): MultiRegionConfiguration | undefined {
  if (key.multiRegion === undefined) return undefined
  const related = relatedKeys(world, key, now)
  const primary = related.find((k) => k.multiRegion === 'PRIMARY')
  return {
    MultiRegionKeyType: key.multiRegion,
    PrimaryKey:
      primary === undefined
        ? { Arn: key.arn, Region: key.region }
        : { Arn: primary.arn, Region: primary.region },
    ReplicaKeys: related
      .filter((k) => k.multiRegion === 'REPLICA')
      .map((k) => ({ Arn: k.arn, Region: k.region })),
  }
}

/**
 * The shared properties a primary hands to its replicas when they change (rotation: new material,
 * rotation settings). Each replica keeps its own state, policy, tags and description.
 */
export function syncReplicas(world: KmsState | undefined, primary: KmsKey, now: Date): void {
  if (world === undefined || primary.multiRegion !== 'PRIMARY') return
  for (const replica of relatedKeys(world, primary, now)) {
    if (replica.multiRegion !== 'REPLICA') continue
    world.region(replica.region).keys.set(replica.id, {
      ...replica,
      materials: primary.materials,
      rotation: primary.rotation,
      ...(primary.currentMaterialId === undefined
        ? {}
        : { currentMaterialId: primary.currentMaterialId }),
    })
  }
}
