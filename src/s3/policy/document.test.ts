import { describe, expect, it } from 'vitest'
import { MalformedPolicy } from '../errors.js'
import { parseBucketPolicy } from './document.js'

const BUCKET = 'photos'

/** A valid statement; a key set to undefined is left out (JSON.stringify drops it). */
function policy(
  statement: Record<string, unknown> = {},
  top: Record<string, unknown> = {},
): string {
  const base: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
    ...statement,
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: [base], ...top })
}

function refusal(text: string, region = 'us-east-1'): { code: string; message: string } {
  try {
    parseBucketPolicy(text, BUCKET, region)
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPolicy)
    const e = error as MalformedPolicy
    expect(e.status).toBe(400)
    return { code: e.code, message: e.message }
  }
  throw new Error('expected MalformedPolicy')
}

describe('parseBucketPolicy', () => {
  it('accepts the usual shapes and keeps the text as sent', () => {
    const text = policy({ Action: ['s3:GetObject', 's3:put*'], Sid: 'Read' })
    const parsed = parseBucketPolicy(text, BUCKET, 'us-east-1')
    expect(parsed.text).toBe(text)
    expect(parsed.version).toBe('2012-10-17')
    expect(parsed.statements[0]).toMatchObject({
      sid: 'Read',
      effect: 'Allow',
      principal: { not: false, principals: { AWS: ['*'] } },
      action: { not: false, patterns: ['s3:GetObject', 's3:put*'] },
    })
    const single = JSON.stringify({
      Statement: {
        Effect: 'Deny',
        Principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:root'] },
        Action: 's3:*',
        Resource: ['arn:aws:s3:::photos', 'arn:aws:s3:::photos/*'],
      },
    })
    expect(parseBucketPolicy(single, BUCKET, 'us-east-1').version).toBe('2008-10-17')
  })

  it('accepts wildcard buckets, NotAction/NotResource, service and canonical principals', () => {
    for (const text of [
      policy({ Resource: 'arn:aws:s3:::*' }),
      policy({ Resource: 'arn:aws:s3:::pho?os/private/*' }),
      policy({ Action: undefined, NotAction: 's3:DeleteObject' }),
      policy({ Resource: undefined, NotResource: 'arn:aws:s3:::photos/public/*' }),
      policy({ Principal: { Service: 'cloudfront.amazonaws.com' } }),
      policy({ Principal: { CanonicalUser: 'a'.repeat(64) } }),
      policy({ Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' } }),
      policy({ Action: '*', Resource: ['arn:aws:s3:::photos', 'arn:aws:s3:::photos/*'] }),
      policy({ Condition: { Bool: { 'aws:SecureTransport': false } } }),
      policy({ Condition: { 'ForAnyValue:StringLikeIfExists': { 's3:x-amz-acl': ['public*'] } } }),
    ]) {
      expect(() => parseBucketPolicy(text, BUCKET, 'us-east-1')).not.toThrow()
    }
    const china = policy({ Resource: 'arn:aws-cn:s3:::photos/*' })
    expect(() => parseBucketPolicy(china, BUCKET, 'cn-north-1')).not.toThrow()
  })

  it.each([
    ['', "Policies must be valid JSON and the first byte must be '{'"],
    [' {}', "Policies must be valid JSON and the first byte must be '{'"],
    ['[]', "Policies must be valid JSON and the first byte must be '{'"],
    ['invalid json', "Policies must be valid JSON and the first byte must be '{'"],
    ['{"Statement": [', 'This policy contains invalid Json'],
    ['{}', 'Missing required field Statement'],
    ['{"Statement": []}', 'Could not parse the policy: Statement is empty!'],
    [policy({}, { Version: '2012-10-18' }), 'The policy must contain a valid version string'],
    [policy({}, { Color: 'red' }), 'Invalid policy syntax.'],
    [policy({ Effect: undefined }), 'Missing required field Effect'],
    [policy({ Effect: 'hello' }), 'Invalid effect: hello'],
    [policy({ Principal: undefined }), 'Missing required field Principal'],
    [policy({ Action: undefined }), 'Missing required field Action'],
    [policy({ Resource: undefined }), 'Missing required field Resource'],
    [policy({ NotAction: 's3:GetObject' }), 'Invalid policy syntax.'],
    [policy({ Principle: '*' }), 'Invalid policy syntax.'],
    [policy({ Action: null }), 'Invalid policy syntax.'],
    [policy({ Action: [] }), 'Policy has invalid action'],
    [policy({ Principal: { AWS: 'user' } }), 'Invalid principal in policy'],
    [
      policy({ Principal: { AWS: 'arn:aws:iam::123456789012:group/g' } }),
      'Invalid principal in policy',
    ],
    [policy({ Principal: { Service: '*' } }), 'Invalid principal in policy'],
    [policy({ Principal: { Someone: 'x' } }), 'Invalid principal in policy'],
    [policy({ Principal: 'everyone' }), 'Invalid principal in policy'],
    [policy({ Action: 'invalid_action' }), 'Policy has invalid action'],
    [policy({ Action: 's3:PutObjectLockConfiguration' }), 'Policy has invalid action'],
    [policy({ Action: 'kms:Decrypt' }), 'Policy has invalid action'],
    [policy({ Resource: '*' }), 'Policy has invalid resource'],
    [policy({ Resource: 'arn:aws:s3:::other-bucket/*' }), 'Policy has invalid resource'],
    [policy({ Resource: 'photos/*' }), 'Policy has invalid resource'],
    [policy({ Resource: 'arn:aws-cn:s3:::photos/*' }), 'Policy has invalid resource'],
    [
      policy({ Action: 's3:PutObject', Resource: 'arn:aws:s3:::photos' }),
      'Action does not apply to any resource(s) in statement',
    ],
    [policy({ Action: 's3:ListBucket' }), 'Action does not apply to any resource(s) in statement'],
    [
      policy({ Action: 's3:ListAllMyBuckets' }),
      'Action does not apply to any resource(s) in statement',
    ],
    [
      policy({ Condition: { StringEqualz: { 's3:x-amz-acl': 'private' } } }),
      'Invalid Condition type : StringEqualz',
    ],
    [
      policy({ Condition: { NullIfExists: { 's3:x-amz-acl': 'true' } } }),
      'Invalid Condition type : NullIfExists',
    ],
    [
      policy({ Condition: { StringEquals: { 's3:VersionStatus': 'Enabled' } } }),
      'Policy has an invalid condition key',
    ],
    [
      policy({ Condition: { StringEquals: { 'kms:ViaService': 's3' } } }),
      'Policy has an invalid condition key',
    ],
  ])('refuses %j: %s', (text, message) => {
    expect(refusal(text)).toEqual({ code: 'MalformedPolicy', message })
  })

  it('refuses a document over 20480 bytes once normalized', () => {
    const big = policy({ Sid: 'x'.repeat(20480) })
    expect(refusal(big).message).toBe(
      'Normalized policy document exceeds the maximum allowed size of 20480 bytes',
    )
    // Whitespace does not count: the limit is on the normalized document.
    const padded = policy().replace('{', `{${' '.repeat(30000)}`)
    expect(() => parseBucketPolicy(padded, BUCKET, 'us-east-1')).not.toThrow()
  })
})
