import type { KmsContext } from '../context.js'
import { InvalidMarkerException, UnsupportedOperationException } from '../errors.js'
import type { KmsKey } from '../key.js'
import { resolveKey } from '../key-id.js'

// Helpers the key-management operation groups share (keys, aliases, grants, policies, rotation,
// tags, import).

/** KMS list pagination: `Limit` 1–1000 (default 100), an opaque `Marker` naming the next index. */
export function paginate<T, N extends string>(
  items: readonly T[],
  input: { Limit?: number; Marker?: string },
  name: N,
): { [K in N]: T[] } & { Truncated: boolean; NextMarker?: string } {
  const start = input.Marker === undefined ? 0 : decodeMarker(input.Marker)
  const limit = input.Limit ?? 100
  const page = items.slice(start, start + limit)
  const truncated = start + limit < items.length
  const out = { [name]: page, Truncated: truncated } as { [K in N]: T[] } & {
    Truncated: boolean
    NextMarker?: string
  }
  if (truncated) out.NextMarker = Buffer.from(`s3-kms-mock:${start + limit}`).toString('base64')
  return out
}

function decodeMarker(marker: string): number {
  const match = /^s3-kms-mock:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'))
  if (match?.[1] === undefined) throw new InvalidMarkerException('Invalid marker')
  return Number(match[1])
}

/** The key as a CloudTrail resource of the call. */
export function noteKey(ctx: KmsContext, key: KmsKey): void {
  ctx.notes.resources.push({ ARN: key.arn, accountId: key.accountId, type: 'AWS::KMS::Key' })
}

/** Key-management operations name keys by key id or key ARN only (reference §4). */
export function resolveManagedKey(ctx: KmsContext, keyId: string): KmsKey {
  const key = resolveKey(ctx, keyId, 'key')
  noteKey(ctx, key)
  return key
}

/** AWS managed keys belong to AWS: customers cannot change their state, policy or rotation. */
export function assertCustomerManaged(key: KmsKey): void {
  if (key.keyManager === 'AWS') {
    throw new UnsupportedOperationException(
      `${key.arn} is an AWS managed key which is not valid for this operation.`,
    )
  }
}
