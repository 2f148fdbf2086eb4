import { parseArn, partitionOf } from '../core/arn.js'
import type { KmsContext } from './context.js'
import { NotFoundException } from './errors.js'
import type { KmsKey } from './key.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MULTI_REGION_ID = /^mrk-[0-9a-f]{32}$/i

export const keyArn = (ctx: Pick<KmsContext, 'region' | 'accountId'>, keyId: string): string =>
  `arn:${partitionOf(ctx.region)}:kms:${ctx.region}:${ctx.accountId}:key/${keyId}`

export const aliasArn = (
  ctx: Pick<KmsContext, 'region' | 'accountId'>,
  aliasName: string,
): string => `arn:${partitionOf(ctx.region)}:kms:${ctx.region}:${ctx.accountId}:${aliasName}`

/** What key lookups need: the region's keystore, the account, and the clock (for expired deletions). */
export type KeyLookupContext = Pick<KmsContext, 'kms' | 'region' | 'accountId' | 'clock'>

export const isKeyIdForm = (value: string): boolean =>
  UUID.test(value) || MULTI_REGION_ID.test(value)

/** The four ways to name a key (SPEC §3). Key-management operations accept only the first two. */
export type KeyReferenceForms = 'key' | 'key-or-alias'

/**
 * The key with this id, unless it does not exist or its deletion date has passed: a key pending
 * deletion disappears once the world's clock reaches its deletion date, as in AWS.
 */
export function lookupLiveKey(ctx: KeyLookupContext, keyId: string): KmsKey | undefined {
  const key = ctx.kms.keys.get(keyId.toLowerCase())
  if (key?.deletionDate !== undefined && ctx.clock.now() >= key.deletionDate) return undefined
  return key
}

function lookupById(ctx: KeyLookupContext, keyId: string): KmsKey {
  const key = lookupLiveKey(ctx, keyId)
  if (key === undefined) throw NotFoundException.keyDoesNotExist(keyArn(ctx, keyId))
  return key
}

function lookupAlias(ctx: KeyLookupContext, aliasName: string): KmsKey {
  const alias = ctx.kms.aliases.get(aliasName)
  const key = alias === undefined ? undefined : lookupLiveKey(ctx, alias.targetKeyId)
  if (key === undefined) throw NotFoundException.aliasNotFound(aliasArn(ctx, aliasName))
  return key
}

/**
 * Resolves a key id, key ARN, alias name or alias ARN to the key, with AWS's NotFound texts
 * (reference §3): malformed ids → `Invalid keyId '…'`, a well-formed id with no key → `Key '<arn>'
 * does not exist` (always the ARN), an ARN of another region → `Invalid arn <region>`.
 */
export function resolveKey(
  ctx: KeyLookupContext,
  reference: string,
  forms: KeyReferenceForms = 'key-or-alias',
): KmsKey {
  if (reference.startsWith('arn:')) {
    const arn = parseArn(reference)
    if (arn?.service !== 'kms') throw NotFoundException.invalidKeyId(reference)
    if (arn.region !== ctx.region) throw NotFoundException.invalidArnRegion(arn.region)
    if (arn.resource.startsWith('key/')) {
      const id = arn.resource.slice('key/'.length)
      if (!isKeyIdForm(id)) throw NotFoundException.invalidKeyId(reference)
      if (arn.accountId !== ctx.accountId) throw NotFoundException.keyDoesNotExist(reference)
      return lookupById(ctx, id)
    }
    if (arn.resource.startsWith('alias/') && forms === 'key-or-alias') {
      if (arn.accountId !== ctx.accountId) throw NotFoundException.aliasNotFound(reference)
      return lookupAlias(ctx, arn.resource)
    }
    throw NotFoundException.invalidKeyId(reference)
  }
  if (reference.startsWith('alias/') && forms === 'key-or-alias') return lookupAlias(ctx, reference)
  if (isKeyIdForm(reference)) return lookupById(ctx, reference)
  throw NotFoundException.invalidKeyId(reference)
}
