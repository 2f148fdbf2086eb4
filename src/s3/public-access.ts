import type { BucketPolicy, Statement } from './policy/document.js'

/**
 * Block Public Access (S3 user guide "Blocking public access to your Amazon S3 storage") and
 * what S3 counts as public ("The meaning of public"). New buckets have all four settings on
 * since April 2023 ("all Block Public Access settings are enabled by default for new buckets").
 */
export interface PublicAccessBlockConfiguration {
  readonly BlockPublicAcls: boolean
  readonly IgnorePublicAcls: boolean
  readonly BlockPublicPolicy: boolean
  readonly RestrictPublicBuckets: boolean
}

export const BLOCK_ALL_PUBLIC_ACCESS: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
}

/**
 * Condition keys whose fixed values make a statement non-public ("The meaning of public": a
 * policy is non-public when it grants only to fixed principals or under fixed values of these).
 */
const FIXING_KEYS = new Set(
  [
    'aws:SourceIp',
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    'aws:SourceOrgID',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:userid',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((k) => k.toLowerCase()),
)

/** An IP range that is not fixed: the whole IPv4 or IPv6 space. */
const OPEN_RANGES = new Set(['0.0.0.0/0', '::/0'])

function fixesAccess(statement: Statement): boolean {
  return statement.conditions.some((condition) => {
    const base = condition.operator.base
    // Negated operators (StringNotEquals, NotIpAddress, ArnNotLike …) leave the rest open.
    if (/Not/.test(base)) return false
    return (
      FIXING_KEYS.has(condition.key.toLowerCase()) &&
      condition.values.length > 0 &&
      condition.values.every((v) => !v.includes('*') && !OPEN_RANGES.has(v))
    )
  })
}

function wildcardPrincipal(statement: Statement): boolean {
  const { not, principals } = statement.principal
  // NotPrincipal in an Allow grants everyone else: public.
  if (not) return true
  return [...principals.AWS, ...principals.CanonicalUser].some((p) => p.includes('*'))
}

/** S3's verdict on a bucket policy: public when an Allow reaches everyone without fixed conditions. */
export function isPublicPolicy(policy: BucketPolicy): boolean {
  return policy.statements.some(
    (s) => s.effect === 'Allow' && wildcardPrincipal(s) && !fixesAccess(s),
  )
}

/** The AccessDenied text S3 answers a public policy under BlockPublicPolicy (observed, many captures). */
export function blockedPolicyMessage(accountId: string, bucketArn: string): string {
  return `User: arn:aws:iam::${accountId}:root is not authorized to perform: s3:PutBucketPolicy on resource: "${bucketArn}" because public policies are blocked by the BlockPublicPolicy block public access setting.`
}
