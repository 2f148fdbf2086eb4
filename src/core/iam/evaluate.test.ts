import { describe, expect, it } from 'vitest'
import { evaluateIamPolicy, type PolicyPrincipal } from './evaluate.js'
import { parseIamPolicy } from './policy.js'

const role = 'arn:aws:iam::123456789012:role/app'
const session = 'arn:aws:sts::123456789012:assumed-role/app/s3-kms-mock'
const caller: PolicyPrincipal = {
  kind: 'account',
  accountId: '123456789012',
  names: [session, role],
}
const query = { principal: caller, action: 'kms:Decrypt', resource: '*', keys: {} }

const policy = (...statements: object[]) => parseIamPolicy({ Statement: statements }, 'resource')
const allow = (principal: unknown, extra: object = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'kms:*',
  Resource: '*',
  ...extra,
})

describe('evaluateIamPolicy', () => {
  it('tells an Allow naming the caller from one naming only its account', () => {
    expect(evaluateIamPolicy(policy(allow({ AWS: role })), query)).toMatchObject({
      decision: 'allow',
      byAccount: false,
    })
    expect(evaluateIamPolicy(policy(allow({ AWS: session })), query).byAccount).toBe(false)
    expect(evaluateIamPolicy(policy(allow({ AWS: '*' })), query).byAccount).toBe(false)
    expect(
      evaluateIamPolicy(policy(allow({ AWS: 'arn:aws:iam::123456789012:root' })), query),
    ).toMatchObject({ decision: 'allow', byAccount: true, statement: { index: 0 } })
    expect(evaluateIamPolicy(policy(allow({ AWS: '123456789012' })), query).byAccount).toBe(true)
  })

  it('prefers the statement naming the caller when both allow', () => {
    const result = evaluateIamPolicy(
      policy(allow({ AWS: '123456789012' }), { ...allow({ AWS: role }), Sid: 'Direct' }),
      query,
    )
    expect(result).toMatchObject({ byAccount: false, statement: { index: 1, sid: 'Direct' } })
  })

  it('lets any applicable Deny win, and reports it', () => {
    const result = evaluateIamPolicy(
      policy(allow({ AWS: role }), { ...allow('*'), Effect: 'Deny', Sid: 'Never' }),
      query,
    )
    expect(result).toEqual({
      decision: 'deny',
      statement: { index: 1, sid: 'Never', effect: 'Deny' },
      byAccount: false,
    })
  })

  it('inverts NotPrincipal, and never names another account or the anonymous caller', () => {
    const other = { AWS: 'arn:aws:iam::210987654321:root' }
    expect(evaluateIamPolicy(policy(allow(other)), query).decision).toBe('none')
    const notOther = { ...allow(undefined), Principal: undefined, NotPrincipal: other }
    expect(evaluateIamPolicy(policy(notOther), query).decision).toBe('allow')
    const anonymous = { ...query, principal: { kind: 'anonymous' } as const }
    expect(evaluateIamPolicy(policy(allow({ AWS: role })), anonymous).decision).toBe('none')
    expect(evaluateIamPolicy(policy(allow('*')), anonymous).decision).toBe('allow')
  })

  it('applies identity policies (no Principal) to whoever carries them', () => {
    const identity = parseIamPolicy(
      { Statement: [{ Effect: 'Allow', Action: 'kms:Decr*', Resource: 'arn:aws:kms:*' }] },
      'identity',
    )
    expect(
      evaluateIamPolicy(identity, { ...query, resource: 'arn:aws:kms:us-east-1:1:key/x' }).decision,
    ).toBe('allow')
    expect(
      evaluateIamPolicy(identity, { ...query, action: 'kms:Encrypt', resource: 'arn:aws:kms:x' })
        .decision,
    ).toBe('none')
  })
})
