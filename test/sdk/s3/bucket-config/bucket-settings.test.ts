import {
  CreateBucketCommand,
  DeleteBucketTaggingCommand,
  GetBucketAbacCommand,
  GetBucketTaggingCommand,
  PutBucketTaggingCommand,
  PutBucketAbacCommand,
  type BucketAbacStatus,
  GetBucketAccelerateConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketRequestPaymentCommand,
  PutBucketAccelerateConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketRequestPaymentCommand,
  type BucketAccelerateStatus,
  type Payer,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../../support/kms.js'
import { s3Client } from '../../../support/s3.js'
import { expectUnchanged } from '../../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'settings-bucket'
const MALFORMED = [
  'MalformedXML',
  'The XML you provided was not well-formed or did not validate against our published schema',
  400,
]

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

const triple = (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => [
  e.name,
  e.message,
  e.$metadata.httpStatusCode,
]

describe('Put/GetBucketAccelerateConfiguration', () => {
  it('answers an empty configuration until a status is put, then the status', async () => {
    const before = await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))
    expect([before.$metadata.httpStatusCode, before.Status]).toEqual([200, undefined])
    await s3.send(
      new PutBucketAccelerateConfigurationCommand({
        Bucket,
        AccelerateConfiguration: { Status: 'Enabled' },
      }),
    )
    const after = await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))
    expect(after.Status).toBe('Enabled')
  })

  it('refuses a bucket whose name has a dot (InvalidRequest), changing nothing', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'dotted.bucket' }))
    const error = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutBucketAccelerateConfigurationCommand({
            Bucket: 'dotted.bucket',
            AccelerateConfiguration: { Status: 'Enabled' },
          }),
        ),
      ),
    )
    expect(triple(error)).toEqual([
      'InvalidRequest',
      'S3 Transfer Acceleration is not supported for buckets with periods (.) in their names',
      400,
    ])
  })

  it('refuses a status other than Enabled or Suspended (MalformedXML)', async () => {
    const error = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutBucketAccelerateConfigurationCommand({
            Bucket,
            AccelerateConfiguration: { Status: 'On' as BucketAccelerateStatus },
          }),
        ),
      ),
    )
    expect(triple(error)).toEqual(MALFORMED)
  })
})

describe('Put/GetBucketRequestPayment', () => {
  it('answers BucketOwner by default and Requester once put', async () => {
    const before = await s3.send(new GetBucketRequestPaymentCommand({ Bucket }))
    expect(before.Payer).toBe('BucketOwner')
    const put = await s3.send(
      new PutBucketRequestPaymentCommand({
        Bucket,
        RequestPaymentConfiguration: { Payer: 'Requester' },
      }),
    )
    expect(put.$metadata.httpStatusCode).toBe(200)
    expect((await s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer).toBe('Requester')
  })

  it('refuses another payer (MalformedXML), changing nothing', async () => {
    const error = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutBucketRequestPaymentCommand({
            Bucket,
            RequestPaymentConfiguration: { Payer: 'Nobody' as Payer },
          }),
        ),
      ),
    )
    expect(triple(error)).toEqual(MALFORMED)
  })
})

describe('Put/GetBucketLogging', () => {
  const Target = 'settings-logs'

  it('answers an empty status when off, the target when on, and turns off again', async () => {
    const off = await s3.send(new GetBucketLoggingCommand({ Bucket }))
    expect([off.$metadata.httpStatusCode, off.LoggingEnabled]).toEqual([200, undefined])
    await s3.send(new CreateBucketCommand({ Bucket: Target }))
    const LoggingEnabled = {
      TargetBucket: Target,
      TargetPrefix: 'access/',
      TargetGrants: [
        {
          Grantee: {
            Type: 'Group' as const,
            URI: 'http://acs.amazonaws.com/groups/global/AllUsers',
          },
          Permission: 'READ' as const,
        },
      ],
      TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' as const } },
    }
    await s3.send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: { LoggingEnabled } }))
    const on = await s3.send(new GetBucketLoggingCommand({ Bucket }))
    expect(on.LoggingEnabled).toEqual(LoggingEnabled)
    await s3.send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: {} }))
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined()
  })

  it('refuses a target bucket that does not exist (InvalidTargetBucketForLogging)', async () => {
    const error = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutBucketLoggingCommand({
            Bucket,
            BucketLoggingStatus: {
              LoggingEnabled: { TargetBucket: 'no-such-logs', TargetPrefix: '' },
            },
          }),
        ),
      ),
    )
    expect(triple(error)).toEqual([
      'InvalidTargetBucketForLogging',
      'The target bucket for logging does not exist',
      400,
    ])
  })

  it('refuses a target bucket in another Region (CrossLocationLoggingProhibitted, 403)', async () => {
    await s3Client('eu-west-1').send(
      new CreateBucketCommand({
        Bucket: 'eu-logs',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    const error = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutBucketLoggingCommand({
            Bucket,
            BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'eu-logs', TargetPrefix: '' } },
          }),
        ),
      ),
    )
    expect(triple(error)).toEqual([
      'CrossLocationLoggingProhibitted',
      'Cross S3 location logging not allowed. ',
      403,
    ])
  })
})

describe('Put/GetBucketAbac', () => {
  it('answers Disabled by default and the status once put', async () => {
    const before = await s3.send(new GetBucketAbacCommand({ Bucket }))
    expect(before.AbacStatus).toEqual({ Status: 'Disabled' })
    const put = await s3.send(
      new PutBucketAbacCommand({ Bucket, AbacStatus: { Status: 'Enabled' } }),
    )
    expect(put.$metadata.httpStatusCode).toBe(200)
    const after = await s3.send(new GetBucketAbacCommand({ Bucket }))
    expect(after.AbacStatus).toEqual({ Status: 'Enabled' })
  })

  it('refuses PutBucketTagging and DeleteBucketTagging while ABAC is enabled; GetBucketTagging answers', async () => {
    const TagSet = [{ Key: 'team', Value: 'payments' }]
    const abac = (Status: BucketAbacStatus) =>
      s3.send(new PutBucketAbacCommand({ Bucket, AbacStatus: { Status } }))
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }))
    await abac('Enabled')
    const denied = ['AccessDenied', 'Access Denied', 403]
    const put = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutBucketTaggingCommand({
            Bucket,
            Tagging: { TagSet: [{ Key: 'team', Value: 'ledger' }] },
          }),
        ),
      ),
    )
    expect(triple(put)).toEqual(denied)
    const del = await expectUnchanged(aws, () =>
      errorOf(s3.send(new DeleteBucketTaggingCommand({ Bucket }))),
    )
    expect(triple(del)).toEqual(denied)
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual(TagSet)

    // Disabling ABAC gives the S3 tagging operations back.
    await abac('Disabled')
    await s3.send(new DeleteBucketTaggingCommand({ Bucket }))
    const gone = await errorOf(s3.send(new GetBucketTaggingCommand({ Bucket })))
    expect(gone.name).toBe('NoSuchTagSet')
  })

  it('refuses a status other than Enabled or Disabled (MalformedXML)', async () => {
    const error = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutBucketAbacCommand({ Bucket, AbacStatus: { Status: 'On' as BucketAbacStatus } }),
        ),
      ),
    )
    expect(triple(error)).toEqual(MALFORMED)
  })
})
