import type { Clock } from '../core/clock.js'
import { UsageError } from '../core/usage-error.js'
import { keyMetadata } from '../kms/key.js'
import { resolveKey } from '../kms/key-id.js'
import { multiRegionConfiguration } from '../kms/multi-region.js'
import type { KeyMetadata } from '../kms/shapes.js'
import type { KmsState } from '../kms/state.js'

/**
 * `world.kms`: a read-only view of the keystore for assertions. Changes go through the API.
 * @public
 */
export interface KmsView {
  /** Metadata of every key in a region (default: the world's region), in creation order. */
  keys(region?: string): KeyMetadata[]
  /** Metadata of one key, named by key id, key ARN, alias name or alias ARN. */
  describeKey(keyId: string, region?: string): KeyMetadata
}

export function kmsView(
  state: () => KmsState,
  clock: Clock,
  accountId: string,
  defaultRegion: string,
): KmsView {
  return {
    keys(region = defaultRegion) {
      return [...state().region(region).keys.values()].map((key) =>
        keyMetadata(key, multiRegionConfiguration(state(), key, clock.now())),
      )
    },
    describeKey(keyId, region = defaultRegion) {
      try {
        const key = resolveKey({ clock, region, accountId, kms: state().region(region) }, keyId)
        return keyMetadata(key, multiRegionConfiguration(state(), key, clock.now()))
      } catch (error) {
        throw new UsageError(
          `Failed to describe key '${keyId}' in ${region}: ${(error as Error).message}. Create it first, or pass the region it lives in.`,
        )
      }
    },
  }
}
