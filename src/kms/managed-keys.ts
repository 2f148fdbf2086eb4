import type { KmsContext } from './context.js'
import type { KmsKey } from './key.js'
import { buildKey } from './key-factory.js'
import { aliasArn } from './key-id.js'

export const AWS_ALIAS_PREFIX = 'alias/aws/'

/**
 * The AWS managed key behind `alias/aws/<service>`, created on first use as AWS does (SPEC §3;
 * reference §2: the same key for every bucket in the account and region). AWS also creates it
 * when DescribeKey names the predefined alias.
 */
export function ensureAwsManagedKey(ctx: KmsContext, aliasName: string): KmsKey {
  const existing = ctx.kms.aliases.get(aliasName)
  const existingKey = existing === undefined ? undefined : ctx.kms.keys.get(existing.targetKeyId)
  if (existingKey !== undefined) return existingKey
  const service = aliasName.slice(AWS_ALIAS_PREFIX.length)
  const key = buildKey(ctx, {
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyManager: 'AWS',
    description: `Default key that protects my ${service.toUpperCase()} objects when no other key is defined`,
    tags: [],
  })
  const now = ctx.clock.now()
  ctx.kms.keys.set(key.id, key)
  ctx.kms.aliases.set(aliasName, {
    name: aliasName,
    arn: aliasArn(ctx, aliasName),
    targetKeyId: key.id,
    createdAt: now,
    updatedAt: now,
  })
  return key
}
