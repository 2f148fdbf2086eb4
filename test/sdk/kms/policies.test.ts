import {
  CreateKeyCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  ListKeyPoliciesCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { audited, expectKmsError } from '../../support/expect-kms.js'
import { kmsClient, useMockAws } from '../../support/kms.js'

const aws = useMockAws()
const kms = kmsClient()
const ARN_PREFIX = 'arn:aws:kms:us-east-1:123456789012'

async function createKey(Policy?: string) {
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand(Policy === undefined ? {} : { Policy }),
  )
  return KeyMetadata!
}

const policy = (statement: Record<string, unknown>): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] })

const allowRoot = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::123456789012:root' },
  Action: 'kms:*',
  Resource: '*',
}

describe('GetKeyPolicy', () => {
  it('returns the default policy, named default, with or without PolicyName', async () => {
    const key = await createKey()
    const got = await audited(aws, 'GetKeyPolicy', () =>
      kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId })),
    )
    expect(got.PolicyName).toBe('default')
    expect(JSON.parse(got.Policy!)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [allowRoot],
    })
    const named = await kms.send(new GetKeyPolicyCommand({ KeyId: key.Arn, PolicyName: 'default' }))
    expect(named.Policy).toBe(got.Policy)
  })

  it('returns the policy given at CreateKey, also while the key is pending deletion', async () => {
    const given = policy(allowRoot)
    const key = await createKey(given)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }))
    const got = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))
    expect(got.Policy).toBe(given)
  })

  it('knows no policy but default', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'GetKeyPolicy',
      () => kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'other' })),
      { name: 'NotFoundException', message: 'No such policy exists' },
    )
  })

  it('names a missing key as AWS does', async () => {
    const missing = '00000000-1111-4222-8333-444444444444'
    await expectKmsError(
      aws,
      'GetKeyPolicy',
      () => kms.send(new GetKeyPolicyCommand({ KeyId: missing })),
      { name: 'NotFoundException', message: `Key '${ARN_PREFIX}:key/${missing}' does not exist` },
    )
  })
})

describe('PutKeyPolicy', () => {
  it('replaces the policy', async () => {
    const key = await createKey()
    const next = policy({ ...allowRoot, Sid: 'Replaced' })
    await audited(aws, 'PutKeyPolicy', () =>
      kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: next })),
    )
    const got = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))
    expect(got.Policy).toBe(next)
    const event = aws.audit.events({ eventName: 'PutKeyPolicy' })[0]
    expect(event?.resources).toEqual([
      { ARN: key.Arn, accountId: '123456789012', type: 'AWS::KMS::Key' },
    ])
  })

  const malformed: [string, string, string][] = [
    ['invalid JSON', '{"Statement": [', 'The policy document is not valid JSON.'],
    ['a non-object', '[]', 'The policy document must be a JSON object.'],
    ['no Statement', '{"Version": "2012-10-17"}', 'The policy document must contain a Statement.'],
    [
      'a bad Effect',
      policy({ ...allowRoot, Effect: 'Maybe' }),
      'Policy contains a statement with an invalid Effect: it must be Allow or Deny.',
    ],
    [
      'no principal',
      policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }),
      'Policy contains a statement with no principal.',
    ],
    [
      'no action',
      policy({ Effect: 'Allow', Principal: '*', Resource: '*' }),
      'Policy contains a statement with no action.',
    ],
  ]
  it.each(malformed)('rejects a policy with %s', async (_, Policy, message) => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'PutKeyPolicy',
      () => kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy })),
      { name: 'MalformedPolicyDocumentException', message },
    )
  })

  it('rejects characters outside the model’s pattern', async () => {
    const key = await createKey()
    const Policy = policy({ ...allowRoot, Sid: 'Euro€' })
    await expectKmsError(
      aws,
      'PutKeyPolicy',
      () => kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy })),
      {
        name: 'ValidationException',
        message: `1 validation error detected: Value '${Policy}' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+`,
      },
    )
  })

  it('knows no policy name but default', async () => {
    const key = await createKey()
    await expectKmsError(
      aws,
      'PutKeyPolicy',
      () =>
        kms.send(
          new PutKeyPolicyCommand({
            KeyId: key.KeyId,
            PolicyName: 'other',
            Policy: policy(allowRoot),
          }),
        ),
      { name: 'NotFoundException', message: 'No such policy exists' },
    )
  })

  it('cannot change the policy of an AWS managed key', async () => {
    const managed = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    const { KeyId, Arn } = managed.KeyMetadata!
    await expectKmsError(
      aws,
      'PutKeyPolicy',
      () => kms.send(new PutKeyPolicyCommand({ KeyId, Policy: policy(allowRoot) })),
      {
        name: 'UnsupportedOperationException',
        message: `${Arn} is an AWS managed key which is not valid for this operation.`,
      },
    )
  })
})

describe('ListKeyPolicies', () => {
  it('lists the one policy a key has', async () => {
    const key = await createKey()
    const listed = await audited(aws, 'ListKeyPolicies', () =>
      kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId })),
    )
    expect(listed).toMatchObject({ PolicyNames: ['default'], Truncated: false })
    expect(listed.NextMarker).toBeUndefined()
  })

  it('takes a key id or ARN, not an alias', async () => {
    await expectKmsError(
      aws,
      'ListKeyPolicies',
      () => kms.send(new ListKeyPoliciesCommand({ KeyId: 'alias/aws/s3' })),
      { name: 'NotFoundException', message: "Invalid keyId 'alias/aws/s3'" },
    )
  })
})
