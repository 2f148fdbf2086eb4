import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type LifecycleRule,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../src/index.js'
import { errorOf, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const clock = new ManualClock('2026-05-10T09:30:00.000Z')
const aws = useMockAws({ clock })
const s3 = s3Client()
const Bucket = 'lifecycle-bucket'
const days = (n: number) => n * 86_400_000

const configure = (Rules: LifecycleRule[]) =>
  s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } }))

beforeEach(async () => {
  clock.set('2026-05-10T09:30:00.000Z')
  await s3.send(new CreateBucketCommand({ Bucket }))
})

describe('Put/Get/DeleteBucketLifecycleConfiguration', () => {
  it('stores, returns and deletes the configuration', async () => {
    const put = await configure([
      { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } },
      {
        ID: 'archive',
        Status: 'Disabled',
        Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'keep', Value: 'no' }] } },
        Transitions: [{ Days: 30, StorageClass: 'GLACIER' }],
      },
    ])
    expect(put.TransitionDefaultMinimumObjectSize).toBe('all_storage_classes_128K')
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))
    expect(got.Rules).toEqual([
      { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } },
      {
        ID: 'archive',
        Status: 'Disabled',
        Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'keep', Value: 'no' }] } },
        Transitions: [{ Days: 30, StorageClass: 'GLACIER' }],
      },
    ])
    const deleted = await s3.send(new DeleteBucketLifecycleCommand({ Bucket }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const missing = await errorOf(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })))
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual([
      'NoSuchLifecycleConfiguration',
      'The lifecycle configuration does not exist',
      404,
    ])
  })

  it('refuses invalid rules with S3 codes, keeping the old configuration', async () => {
    await configure([{ ID: 'keep', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }])
    const cases: [LifecycleRule[], string, string?][] = [
      [
        [{ ID: 'a', Status: 'Enabled', Filter: {}, Expiration: { Days: 0 } }],
        'InvalidArgument',
        "'Days' for Expiration action must be a positive integer",
      ],
      [
        [{ ID: 'a', Status: 'Enabled', Filter: {} }],
        'InvalidRequest',
        'At least one action needs to be specified in a rule',
      ],
      [
        [
          {
            ID: 'a',
            Status: 'Enabled',
            Filter: {},
            Expiration: { Date: new Date('2027-01-01T10:00:00Z') },
          },
        ],
        'InvalidArgument',
        "'Date' must be at midnight GMT",
      ],
      [
        [
          {
            ID: 'a',
            Status: 'Enabled',
            Filter: { Prefix: 'a', Tag: { Key: 'k', Value: 'v' } },
            Expiration: { Days: 1 },
          },
        ],
        'MalformedXML',
      ],
    ]
    for (const [Rules, code, message] of cases) {
      const error = await expectUnchanged(aws, () => errorOf(configure(Rules)))
      expect([error.name, error.$metadata.httpStatusCode]).toEqual([code, 400])
      if (message !== undefined) expect(error.message).toBe(message)
    }
  })
})

describe('the clock applies the rules', () => {
  it('answers x-amz-expiration and expires the object when the clock passes it', async () => {
    await configure([
      { ID: 'week', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } },
    ])
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'tmp/a', Body: 'x' }))
    expect(put.Expiration).toBe('expiry-date="Mon, 18 May 2026 00:00:00 GMT", rule-id="week"')
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'tmp/a' }))
    expect(head.Expiration).toBe(put.Expiration)
    await s3.send(new PutObjectCommand({ Bucket, Key: 'keep/b', Body: 'x' }))

    clock.advance(days(7)) // 17 May 09:30: not yet
    await s3.send(new HeadObjectCommand({ Bucket, Key: 'tmp/a' }))
    clock.advance(days(1))
    const gone = await errorOf(s3.send(new HeadObjectCommand({ Bucket, Key: 'tmp/a' })))
    expect(gone.$metadata.httpStatusCode).toBe(404)
    await s3.send(new HeadObjectCommand({ Bucket, Key: 'keep/b' }))
  })

  it('adds a delete marker in a versioned bucket', async () => {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    )
    await configure([{ ID: 'all', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }])
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }))
    clock.advance(days(2))
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket }))
    expect(versions.DeleteMarkers?.map((m) => [m.Key, m.IsLatest, m.LastModified])).toEqual([
      ['k', true, new Date('2026-05-12T00:00:00.000Z')],
    ])
    expect(versions.Versions?.map((v) => [v.Key, v.IsLatest])).toEqual([['k', false]])
  })

  it('aborts stale multipart uploads', async () => {
    await configure([
      {
        ID: 'mpu',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
      },
    ])
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'big' }))
    // Initiated 10 May 09:30: three days later, rounded up to midnight UTC.
    const abortDate = new Date('2026-05-14T00:00:00.000Z')
    expect([created.AbortDate, created.AbortRuleId]).toEqual([abortDate, 'mpu'])
    const parts = await s3.send(
      new ListPartsCommand({ Bucket, Key: 'big', UploadId: created.UploadId }),
    )
    expect([parts.AbortDate, parts.AbortRuleId]).toEqual([abortDate, 'mpu'])
    clock.advance(days(4))
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }))
    expect(uploads.Uploads ?? []).toEqual([])
  })
})
