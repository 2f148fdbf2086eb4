import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { createMockAws, UsageError } from '../../../src/index.js'
import { errorOf } from '../../support/kms.js'
import { REPORTING_ARN, REPORTING_SESSION } from '../../support/principals.js'

const reporting = {
  arn: REPORTING_ARN,
  accessKeyId: 'AKIAREPORTING0000001',
  secretAccessKey: 'reporting-secret',
}

describe('the principals option', () => {
  it.each([
    [
      'a list',
      { arn: 'x' },
      'Failed to create the mock: principals is not a list. Pass [{ arn, accessKeyId, secretAccessKey, policy? }]',
    ],
    [
      'an IAM ARN',
      [{ ...reporting, arn: 'arn:aws:s3:::bucket' }],
      "Failed to create the mock: principals[0].arn 'arn:aws:s3:::bucket' is not an IAM user, role, assumed-role session or account root ARN. Use a form such as 'arn:aws:iam::123456789012:role/reporting'",
    ],
    [
      'a secret',
      [{ ...reporting, secretAccessKey: '' }],
      'Failed to create the mock: principals[0].secretAccessKey is missing or empty. Give principals[0] a non-empty string secretAccessKey',
    ],
    [
      'its own access key',
      [reporting, { ...reporting, arn: 'arn:aws:iam::123456789012:user/bob' }],
      "Failed to create the mock: principals[1].accessKeyId 'AKIAREPORTING0000001' is used twice. Give every principal and credential its own access key id",
    ],
    [
      'an identity policy without Principal',
      [
        {
          ...reporting,
          policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*' }] },
        },
      ],
      'Failed to create the mock: principals[0].policy is not a valid identity policy: Statement[0] names a Principal, which identity policies cannot. Fix the policy',
    ],
  ])('needs %s', (_, principals, message) => {
    expect(() => createMockAws({ principals: principals as never })).toThrow(
      new UsageError(message),
    )
  })

  it('gives world.as() credentials that sign as the principal, and refuses other keys', async () => {
    const aws = createMockAws({ principals: [reporting] })
    const access = aws.as('reporting')
    expect(access).toEqual({
      arn: REPORTING_ARN,
      identityArn: REPORTING_SESSION,
      accountId: '123456789012',
      credentials: {
        accessKeyId: reporting.accessKeyId,
        secretAccessKey: reporting.secretAccessKey,
      },
      config: { region: 'us-east-1', credentials: access.credentials },
    })
    expect(aws.as(REPORTING_SESSION)).toEqual(access)
    const s3 = new S3Client({ ...access.config, requestHandler: aws.requestHandler })
    await s3.send(new ListBucketsCommand({}))
    expect(aws.audit.events({ eventName: 'ListBuckets' })[0]?.userIdentity).toMatchObject({
      type: 'AssumedRole',
      arn: REPORTING_SESSION,
      accessKeyId: reporting.accessKeyId,
    })
    // With principals declared only verifying signatures get in (SPEC §5.8).
    const stranger = new KMSClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIASTRANGER00000001', secretAccessKey: 'x' },
      requestHandler: aws.requestHandler,
      maxAttempts: 1,
    })
    const error = await errorOf(stranger.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' })))
    expect(error.name).toBe('UnrecognizedClientException')
    expect(() => aws.as('role/nobody')).toThrow(
      new UsageError(
        `Failed to act as 'role/nobody': no such principal is declared. Declare it in the principals option or a world file (declared: ${REPORTING_ARN}).`,
      ),
    )
  })
})

describe('principals in world files', () => {
  it('are added by world.load() and removed by reset()', async () => {
    const aws = createMockAws()
    await aws.load({ principals: [reporting], buckets: [{ name: 'from-file' }] })
    const s3 = new S3Client({
      ...aws.as('role/reporting').config,
      requestHandler: aws.requestHandler,
    })
    const listed = await s3.send(new ListBucketsCommand({}))
    expect(listed.Buckets?.map((b) => b.Name)).toEqual(['from-file'])
    aws.reset()
    expect(() => aws.as('role/reporting')).toThrow(UsageError)
  })

  it('are checked with their JSON path before anything is created', async () => {
    const aws = createMockAws()
    await expect(
      aws.load({ principals: [{ ...reporting, policy: '{' }], buckets: [{ name: 'never' }] }),
    ).rejects.toThrow(
      'Failed to load world file (object): $.principals[0].policy is not a valid identity policy: the policy is not valid JSON. Fix the policy',
    )
    expect(aws.inspect()).not.toContain('never')
  })
})
