import type { KmsContext } from '../context.js'
import { TagException } from '../errors.js'
import type { Tag } from '../shapes.js'
import { invalidState } from '../key.js'
import { assertCustomerManaged, paginate, resolveManagedKey } from './common.js'

/** AWS's tag rules: keys 1–128 characters, values up to 256, no `aws:` prefix, at most 50 tags. */
export function validateTags(tags: readonly Tag[]): void {
  for (const tag of tags) {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) {
      throw new TagException('Tags beginning with aws: are reserved')
    }
  }
}

export interface TagResourceRequest {
  KeyId: string
  Tags: Tag[]
}

export function tagResource(input: TagResourceRequest, ctx: KmsContext): Record<string, never> {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertCustomerManaged(key)
  if (key.state === 'PendingDeletion') throw invalidState(key)
  validateTags(input.Tags)
  const merged = new Map(key.tags.map((t) => [t.TagKey, t.TagValue]))
  for (const t of input.Tags) merged.set(t.TagKey, t.TagValue)
  if (merged.size > 50) throw new TagException('Too many tags')
  ctx.kms.keys.set(key.id, {
    ...key,
    tags: [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
  })
  return {}
}

export interface UntagResourceRequest {
  KeyId: string
  TagKeys: string[]
}

export function untagResource(input: UntagResourceRequest, ctx: KmsContext): Record<string, never> {
  const key = resolveManagedKey(ctx, input.KeyId)
  assertCustomerManaged(key)
  if (key.state === 'PendingDeletion') throw invalidState(key)
  const remove = new Set(input.TagKeys)
  ctx.kms.keys.set(key.id, { ...key, tags: key.tags.filter((t) => !remove.has(t.TagKey)) })
  return {}
}

export interface ListResourceTagsRequest {
  KeyId: string
  Limit?: number
  Marker?: string
}
export interface ListResourceTagsResponse {
  Tags: Tag[]
  Truncated: boolean
  NextMarker?: string
}

export function listResourceTags(
  input: ListResourceTagsRequest,
  ctx: KmsContext,
): ListResourceTagsResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  return paginate(
    key.tags.map((t) => ({ ...t })),
    input,
    'Tags',
  )
}
