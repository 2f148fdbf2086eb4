import {
  CreateBucketCommand,
  CreateBucketMetadataConfigurationCommand,
  DeleteBucketMetadataConfigurationCommand,
  GetBucketMetadataConfigurationCommand,
  UpdateBucketMetadataAnnotationTableConfigurationCommand,
  DeleteBucketMetricsConfigurationCommand,
  DeleteBucketReplicationCommand,
  GetBucketLoggingCommand,
  GetBucketWebsiteCommand,
  ListBucketMetricsConfigurationsCommand,
  PutBucketMetricsConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketWebsiteCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../../support/kms.js'
import { s3Client } from '../../../support/s3.js'
import { expectUnchanged } from '../../../support/unchanged.js'
import { allowing, principals, REPORTING_SESSION } from '../../../support/principals.js'

/**
 * The configuration operations are governed by their IAM actions ("Required permissions for
 * Amazon S3 API operations"), and CloudTrail marks the reads readOnly.
 */
const aws = useMockAws({
  principals: principals({
    reporting: allowing(
      's3:GetBucketWebsite',
      's3:GetMetricsConfiguration',
      's3:GetBucketMetadataTableConfiguration',
    ),
  }),
})
const as = (name: string): S3Client =>
  s3Client('us-east-1', { credentials: aws.as(name).credentials })
const Bucket = 'governed-bucket'
const website = { IndexDocument: { Suffix: 'index.html' } }

async function setup(): Promise<void> {
  const admin = as('user/admin')
  await admin.send(new CreateBucketCommand({ Bucket }))
  await admin.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: website }))
  await admin.send(
    new PutBucketMetricsConfigurationCommand({
      Bucket,
      Id: 'all',
      MetricsConfiguration: { Id: 'all' },
    }),
  )
}

describe('IAM actions of the configuration operations', () => {
  it('lets an identity policy allow the Get actions and refuses the Put ones', async () => {
    await setup()
    const reporting = as('role/reporting')
    const got = await reporting.send(new GetBucketWebsiteCommand({ Bucket }))
    expect(got.IndexDocument).toEqual(website.IndexDocument)
    // ListBucketMetricsConfigurations asks s3:GetMetricsConfiguration, as Get does.
    const listed = await reporting.send(new ListBucketMetricsConfigurationsCommand({ Bucket }))
    expect(listed.MetricsConfigurationList?.map((c) => c.Id)).toEqual(['all'])
    for (const [call, action] of [
      [
        () =>
          reporting.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: website })),
        's3:PutBucketWebsite',
      ],
      [
        () => reporting.send(new DeleteBucketMetricsConfigurationCommand({ Bucket, Id: 'all' })),
        's3:PutMetricsConfiguration',
      ],
      [() => reporting.send(new GetBucketLoggingCommand({ Bucket })), 's3:GetBucketLogging'],
    ] as const) {
      const error = await expectUnchanged(aws, () => errorOf(call()))
      expect([error.name, error.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
      expect(error.message).toContain(
        `User: ${REPORTING_SESSION} is not authorized to perform: ${action} on resource: "arn:aws:s3:::${Bucket}"`,
      )
    }
  })

  it('lets a bucket policy deny DeleteBucketReplication through s3:PutReplicationConfiguration', async () => {
    await setup()
    const admin = as('user/admin')
    await admin.send(
      new PutPublicAccessBlockCommand({
        Bucket,
        PublicAccessBlockConfiguration: { BlockPublicPolicy: false, RestrictPublicBuckets: false },
      }),
    )
    await admin.send(
      new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:PutReplicationConfiguration',
              Resource: `arn:aws:s3:::${Bucket}`,
            },
          ],
        }),
      }),
    )
    const error = await expectUnchanged(aws, () =>
      errorOf(admin.send(new DeleteBucketReplicationCommand({ Bucket }))),
    )
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
  })

  it('records reads as readOnly and writes as not in CloudTrail', async () => {
    await setup()
    await as('user/admin').send(new GetBucketWebsiteCommand({ Bucket }))
    const flag = (eventName: string) => aws.audit.events({ eventName })[0]?.readOnly
    expect([
      flag('PutBucketWebsite'),
      flag('GetBucketWebsite'),
      flag('PutBucketMetricsConfiguration'),
    ]).toEqual([false, true, false])
  })
})

describe('IAM actions of the S3 Metadata operations', () => {
  const journal = { RecordExpiration: { Expiration: 'DISABLED' as const } }

  it('name the V1 actions for the V2 operations ("the same for the V1 and V2 API operations")', async () => {
    const admin = as('user/admin')
    await admin.send(new CreateBucketCommand({ Bucket }))
    await admin.send(
      new CreateBucketMetadataConfigurationCommand({
        Bucket,
        MetadataConfiguration: { JournalTableConfiguration: journal },
      }),
    )
    const reporting = as('role/reporting')
    const got = await reporting.send(new GetBucketMetadataConfigurationCommand({ Bucket }))
    expect(
      got.GetBucketMetadataConfigurationResult?.MetadataConfigurationResult
        ?.JournalTableConfigurationResult?.TableName,
    ).toBe('journal')
    for (const [call, action] of [
      [
        () =>
          reporting.send(
            new CreateBucketMetadataConfigurationCommand({
              Bucket,
              MetadataConfiguration: { JournalTableConfiguration: journal },
            }),
          ),
        's3:CreateBucketMetadataTableConfiguration',
      ],
      [
        () => reporting.send(new DeleteBucketMetadataConfigurationCommand({ Bucket })),
        's3:DeleteBucketMetadataTableConfiguration',
      ],
      [
        () =>
          reporting.send(
            new UpdateBucketMetadataAnnotationTableConfigurationCommand({
              Bucket,
              AnnotationTableConfiguration: { ConfigurationState: 'ENABLED' },
            }),
          ),
        's3:UpdateBucketMetadataAnnotationTableConfiguration',
      ],
    ] as const) {
      const error = await expectUnchanged(aws, () => errorOf(call()))
      expect([error.name, error.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
      expect(error.message).toContain(`not authorized to perform: ${action} on resource`)
    }
    const flag = (eventName: string) => aws.audit.events({ eventName })[0]?.readOnly
    expect([
      flag('CreateBucketMetadataConfiguration'),
      flag('GetBucketMetadataConfiguration'),
    ]).toEqual([false, true])
  })
})
