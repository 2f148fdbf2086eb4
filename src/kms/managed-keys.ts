import type { KmsContext } from './context.js'
import type { KmsKey } from './key.js'
import { buildKey } from './key-factory.js'
import { aliasArn } from './key-id.js'
import { partitionOf } from '../core/arn.js'

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
    policy: managedKeyPolicy(service, ctx.accountId, ctx.region),
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

/**
 * The key policy AWS gives an AWS managed key (shown by GetKeyPolicy on `aws/s3`; KMS developer
 * guide, "AWS managed keys"): any principal of the account may use it through the service, and
 * the account may read its metadata directly. So a direct Decrypt with it is refused.
 */
export function managedKeyPolicy(service: string, accountId: string, region: string): string {
  const label = service.toUpperCase()
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: `auto-${service}-2`,
      Statement: [
        {
          Sid: `Allow access through ${label} for all principals in the account that are authorized to use ${label}`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [
            'kms:Encrypt',
            'kms:Decrypt',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:DescribeKey',
          ],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:CallerAccount': accountId,
              'kms:ViaService': `${service}.${region}.amazonaws.com`,
            },
          },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partitionOf(region)}:iam::${accountId}:root` },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
          Resource: '*',
        },
      ],
    },
    null,
    2,
  )
}
