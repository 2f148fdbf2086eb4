import { internalsOf } from '../../src/world/subjects.js'
import type { MockAws } from '../../src/world/mock-aws.js'

function serialise(value: unknown): unknown {
  if (value instanceof Map)
    return [...(value as Map<unknown, unknown>).entries()].map(([k, v]) => [k, serialise(v)])
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (Array.isArray(value)) return (value as unknown[]).map(serialise)
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { reveal?: unknown }).reveal === 'function')
      return `secret(${String((value as { length: number }).length)})`
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, serialise(v)]))
  }
  return value
}

/**
 * A comparable picture of everything a world holds (secrets shown by length only), for tests that
 * prove a failed call changed nothing.
 */
export function stateSnapshot(world: MockAws): string {
  const state = internalsOf(world).states()
  const regions = [...state.kms.regions()].map(([name, region]) => [
    name,
    {
      keys: serialise(region.keys),
      aliases: serialise(region.aliases),
      grants: serialise(region.grants),
      imports: serialise(region.pendingImports),
      customKeyStores: serialise(region.customKeyStores),
      // Key last usage is left out, like the audit log it is derived from: a successful
      // read-only call (Encrypt, Sign) records it (last-usage.test.ts asserts failures do not).
    },
  ])
  const { buckets, uploads, endedUploads } = state.s3
  return JSON.stringify({
    kms: regions,
    s3: serialise(buckets),
    uploads: serialise(uploads),
    endedUploads: [...endedUploads.keys()],
  })
}
