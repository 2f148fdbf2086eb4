import { describe, expect, it } from 'vitest'
import { isAwsError } from '../core/aws-error.js'
import {
  ALL_USERS,
  assertAclAccepted,
  effectiveGrants,
  isPublicAcl,
  requestedGrants,
} from './access-control.js'
import { parseBucketPolicy } from './policy/document.js'
import { isPublicPolicy } from './public-access.js'

const owner = { ID: 'a'.repeat(64) }
const other = 'b'.repeat(64)

function failure(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (isAwsError(error)) return { code: error.code, status: error.status, message: error.message }
    throw error
  }
  throw new Error('expected a failure')
}

describe('requestedGrants', () => {
  it('expands canned ACLs and reads grant headers', () => {
    expect(requestedGrants({ ACL: 'public-read' }, owner, 'bucket', 'PUT')).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: owner.ID }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
    ])
    expect(
      requestedGrants(
        { GrantRead: `id="${other}", uri="${ALL_USERS}"`, GrantWriteACP: `id=${other}` },
        owner,
        'object',
        'PUT',
      ),
    ).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: other }, Permission: 'READ' },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
      { Grantee: { Type: 'CanonicalUser', ID: other }, Permission: 'WRITE_ACP' },
    ])
    expect(requestedGrants({}, owner, 'object', 'PUT')).toBeUndefined()
  })

  it('refuses canned plus header grants, bad canned ACLs, unknown ids and email grantees', () => {
    expect(
      failure(() =>
        requestedGrants({ ACL: 'private', GrantRead: `id=${other}` }, owner, 'object', 'PUT'),
      ),
    ).toEqual({
      code: 'InvalidRequest',
      status: 400,
      message: 'Specifying both Canned ACLs and Header Grants is not allowed',
    })
    expect(
      failure(() => requestedGrants({ ACL: 'public-ready' }, owner, 'bucket', 'PUT')).code,
    ).toBe('InvalidArgument')
    expect(
      failure(() => requestedGrants({ GrantRead: 'id=123' }, owner, 'bucket', 'PUT')).code,
    ).toBe('InvalidArgument')
    expect(
      failure(() =>
        requestedGrants({ GrantRead: 'emailAddress="x@example.com"' }, owner, 'bucket', 'PUT'),
      ).status,
    ).toBe(405)
  })
})

describe('assertAclAccepted', () => {
  const grants = (acl: string) => requestedGrants({ ACL: acl }, owner, 'object', 'PUT')
  it('lets BucketOwnerEnforced buckets take bucket-owner-full-control only', () => {
    expect(() => {
      assertAclAccepted(
        { ACL: 'bucket-owner-full-control' },
        grants('bucket-owner-full-control'),
        'BucketOwnerEnforced',
        true,
        owner,
      )
    }).not.toThrow()
    expect(
      failure(() => {
        assertAclAccepted(
          { ACL: 'private' },
          grants('private'),
          'BucketOwnerEnforced',
          false,
          owner,
        )
      }),
    ).toEqual({
      code: 'AccessControlListNotSupported',
      status: 400,
      message: 'The bucket does not allow ACLs',
    })
    expect(() => {
      assertAclAccepted({ ACL: 'private' }, grants('private'), 'ObjectWriter', true, owner)
    }).not.toThrow()
  })

  it('refuses public ACLs under BlockPublicAcls with AccessDenied', () => {
    expect(isPublicAcl(grants('public-read') ?? [])).toBe(true)
    expect(
      failure(() => {
        assertAclAccepted(
          { ACL: 'public-read' },
          grants('public-read'),
          'ObjectWriter',
          true,
          owner,
        )
      }).code,
    ).toBe('AccessDenied')
  })

  it('reads back the owner full control under BucketOwnerEnforced', () => {
    expect(effectiveGrants(grants('public-read'), 'BucketOwnerEnforced', owner)).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: owner.ID }, Permission: 'FULL_CONTROL' },
    ])
  })
})

describe('isPublicPolicy', () => {
  const policy = (statement: Record<string, unknown>) =>
    parseBucketPolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...statement },
        ],
      }),
      'b',
      'us-east-1',
    )
  it('calls a wildcard principal without fixing conditions public', () => {
    expect(isPublicPolicy(policy({ Principal: '*' }))).toBe(true)
    expect(isPublicPolicy(policy({ Principal: { AWS: '*' } }))).toBe(true)
    expect(
      isPublicPolicy(
        policy({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }),
      ),
    ).toBe(true)
  })
  it('calls fixed principals or fixed source conditions non-public', () => {
    expect(isPublicPolicy(policy({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } }))).toBe(
      false,
    )
    expect(
      isPublicPolicy(
        policy({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }),
      ),
    ).toBe(false)
    expect(isPublicPolicy(policy({ Principal: '*', Effect: 'Deny' }))).toBe(false)
  })
})
