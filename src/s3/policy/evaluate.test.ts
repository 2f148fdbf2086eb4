import { describe, expect, it } from 'vitest'
import { parseBucketPolicy } from './document.js'
import { evaluatePolicy, type PolicyPrincipal } from './evaluate.js'

const ACCOUNT = '123456789012'
const anonymous: PolicyPrincipal = { kind: 'anonymous' }
const account: PolicyPrincipal = {
  kind: 'account',
  accountId: ACCOUNT,
  canonicalId: 'c'.repeat(64),
}
const OBJECT = 'arn:aws:s3:::photos/2026/cat.jpg'

function policyOf(...statements: Record<string, unknown>[]) {
  return parseBucketPolicy(
    JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    'photos',
    'us-east-1',
  )
}

const allowRead = {
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::photos/*',
}

function decide(
  policy: ReturnType<typeof policyOf>,
  principal: PolicyPrincipal,
  action: string,
  resource = OBJECT,
  keys: Record<string, string[]> = {},
) {
  return evaluatePolicy(policy, { principal, action, resource, keys })
}

describe('evaluatePolicy', () => {
  it('an Allow to * applies to anonymous callers and to the account', () => {
    const policy = policyOf(allowRead)
    expect(decide(policy, anonymous, 's3:GetObject')).toBe('allow')
    expect(decide(policy, account, 's3:GetObject')).toBe('allow')
    expect(decide(policy, anonymous, 's3:PutObject')).toBe('none')
    expect(decide(policy, anonymous, 's3:GetObject', 'arn:aws:s3:::photos')).toBe('none')
  })

  it('explicit Deny wins over any Allow, whatever the order', () => {
    const deny = { ...allowRead, Effect: 'Deny', Resource: 'arn:aws:s3:::photos/2026/*' }
    expect(decide(policyOf(allowRead, deny), anonymous, 's3:GetObject')).toBe('deny')
    expect(decide(policyOf(deny, allowRead), account, 's3:GetObject')).toBe('deny')
    expect(
      decide(policyOf(allowRead, deny), anonymous, 's3:GetObject', 'arn:aws:s3:::photos/a'),
    ).toBe('allow')
  })

  it('names the account by id or root ARN; a user ARN is not the mock caller', () => {
    for (const AWS of [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`]) {
      const policy = policyOf({ ...allowRead, Effect: 'Deny', Principal: { AWS } })
      expect(decide(policy, account, 's3:GetObject')).toBe('deny')
      expect(decide(policy, anonymous, 's3:GetObject')).toBe('none')
    }
    const user = policyOf({
      ...allowRead,
      Effect: 'Deny',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
    })
    expect(decide(user, account, 's3:GetObject')).toBe('none')
    const canonical = policyOf({
      ...allowRead,
      Effect: 'Deny',
      Principal: { CanonicalUser: 'c'.repeat(64) },
    })
    expect(decide(canonical, account, 's3:GetObject')).toBe('deny')
  })

  it('matches actions case-insensitively with wildcards, resources with * and ?', () => {
    const policy = policyOf({
      ...allowRead,
      Action: ['s3:get*', 'S3:LIST?UCKET'],
      Resource: ['arn:aws:s3:::photos/20??/*', 'arn:aws:s3:::photos'],
    })
    expect(decide(policy, anonymous, 's3:GetObjectVersion')).toBe('allow')
    expect(decide(policy, anonymous, 's3:ListBucket', 'arn:aws:s3:::photos')).toBe('allow')
    expect(decide(policy, anonymous, 's3:GetObject', 'arn:aws:s3:::photos/1999x/a')).toBe('none')
    expect(decide(policyOf({ ...allowRead, Action: 's3:*' }), anonymous, 's3:PutObject')).toBe(
      'allow',
    )
  })

  it('NotAction and NotResource match everything except what they list', () => {
    const policy = policyOf({
      Effect: 'Deny',
      Principal: '*',
      NotAction: 's3:GetObject',
      NotResource: 'arn:aws:s3:::photos/public/*',
    })
    expect(decide(policy, account, 's3:PutObject')).toBe('deny')
    expect(decide(policy, account, 's3:GetObject')).toBe('none')
    expect(decide(policy, account, 's3:PutObject', 'arn:aws:s3:::photos/public/a')).toBe('none')
  })

  it('a statement applies only when all its conditions hold', () => {
    const policy = policyOf({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::photos/*',
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        Bool: { 'aws:SecureTransport': 'true' },
      },
    })
    const secure = { 'aws:securetransport': ['true'] }
    expect(decide(policy, account, 's3:PutObject', OBJECT, secure)).toBe('deny')
    expect(
      decide(policy, account, 's3:PutObject', OBJECT, {
        ...secure,
        's3:x-amz-server-side-encryption': ['aws:kms'],
      }),
    ).toBe('none')
    expect(
      decide(policy, account, 's3:PutObject', OBJECT, { 'aws:securetransport': ['false'] }),
    ).toBe('none')
  })
})
