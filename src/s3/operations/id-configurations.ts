import { requestBucket } from '../bucket-lookup.js'
import type { S3Context } from '../context.js'
import { InvalidArgument } from '../errors.js'
import { NoSuchConfiguration, TooManyConfigurations } from '../errors-bucket-config.js'
import {
  type ConfigurationKind,
  type IdConfiguration,
  MAX_CONFIGURATIONS,
  validIdConfiguration,
} from '../id-configurations.js'

/**
 * Put/Get/Delete/List for the Id-keyed configurations (analytics, inventory, metrics,
 * intelligent tiering): one implementation, made per kind. Lists are sorted by Id and paged by
 * 100 ("returned in pages of up to 100", ListBucketMetricsConfigurations and siblings) with an
 * opaque continuation token.
 */

export interface IdRequest {
  Bucket: string
  Id: string
}
export interface PutIdRequest<T extends IdConfiguration> extends IdRequest {
  Configuration: T
}
export interface ListIdRequest {
  Bucket: string
  ContinuationToken?: string
}
export interface ListIdOutput<T extends IdConfiguration> {
  IsTruncated: boolean
  ContinuationToken?: string
  NextContinuationToken?: string
  Configurations: T[]
}

const PAGE = 100
const tokenOf = (id: string): string => Buffer.from(id).toString('base64url')

export function putIdConfiguration<T extends IdConfiguration>(kind: ConfigurationKind) {
  return (input: PutIdRequest<T>, ctx: S3Context): Record<string, never> => {
    const bucket = requestBucket(ctx, input.Bucket)
    const config = validIdConfiguration(kind, input.Id, input.Configuration)
    const existing = bucket.configurations?.[kind] ?? new Map<string, IdConfiguration>()
    if (!existing.has(input.Id) && existing.size >= MAX_CONFIGURATIONS) {
      throw new TooManyConfigurations()
    }
    const next = new Map(existing)
    next.set(input.Id, config)
    bucket.configurations = { ...bucket.configurations, [kind]: next }
    return {}
  }
}

export function getIdConfiguration(kind: ConfigurationKind) {
  return (input: IdRequest, ctx: S3Context): IdConfiguration => {
    const bucket = requestBucket(ctx, input.Bucket)
    const config = bucket.configurations?.[kind]?.get(input.Id)
    if (config === undefined) throw new NoSuchConfiguration()
    return structuredClone(config)
  }
}

/** Delete: 204, or NoSuchConfiguration for an Id not set. */
export function deleteIdConfiguration(kind: ConfigurationKind) {
  return (input: IdRequest, ctx: S3Context): Record<string, never> => {
    const bucket = requestBucket(ctx, input.Bucket)
    const existing = bucket.configurations?.[kind]
    if (existing?.has(input.Id) !== true) throw new NoSuchConfiguration()
    const next = new Map(existing)
    next.delete(input.Id)
    bucket.configurations = { ...bucket.configurations, [kind]: next }
    return {}
  }
}

export function listIdConfigurations<T extends IdConfiguration>(kind: ConfigurationKind) {
  return (input: ListIdRequest, ctx: S3Context): ListIdOutput<T> => {
    const bucket = requestBucket(ctx, input.Bucket)
    const all = [...(bucket.configurations?.[kind]?.values() ?? [])].sort((a, b) =>
      a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0,
    )
    let start = 0
    if (input.ContinuationToken !== undefined) {
      const after = Buffer.from(input.ContinuationToken, 'base64url').toString()
      if (input.ContinuationToken === '' || tokenOf(after) !== input.ContinuationToken) {
        // ListObjectsV2's text for a token S3 did not issue; _uncaptured_ for these lists.
        throw new InvalidArgument(
          'The continuation token provided is incorrect',
          'continuation-token',
          input.ContinuationToken,
        )
      }
      start = all.findIndex((c) => c.Id >= after)
      if (start === -1) start = all.length
    }
    const page = all.slice(start, start + PAGE)
    const truncated = start + PAGE < all.length
    const next = all[start + PAGE]
    return {
      IsTruncated: truncated,
      ...(input.ContinuationToken === undefined
        ? {}
        : { ContinuationToken: input.ContinuationToken }),
      ...(truncated && next !== undefined ? { NextContinuationToken: tokenOf(next.Id) } : {}),
      Configurations: page.map((c) => structuredClone(c) as T),
    }
  }
}
