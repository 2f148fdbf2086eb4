import {
  CreateBucketCommand,
  DeleteBucketAnalyticsConfigurationCommand,
  DeleteBucketInventoryConfigurationCommand,
  DeleteBucketMetricsConfigurationCommand,
  GetBucketAnalyticsConfigurationCommand,
  GetBucketIntelligentTieringConfigurationCommand,
  GetBucketInventoryConfigurationCommand,
  GetBucketMetricsConfigurationCommand,
  ListBucketAnalyticsConfigurationsCommand,
  ListBucketIntelligentTieringConfigurationsCommand,
  ListBucketInventoryConfigurationsCommand,
  ListBucketMetricsConfigurationsCommand,
  PutBucketAnalyticsConfigurationCommand,
  PutBucketIntelligentTieringConfigurationCommand,
  PutBucketInventoryConfigurationCommand,
  PutBucketMetricsConfigurationCommand,
  type IntelligentTieringConfiguration,
  type InventoryConfiguration,
  type MetricsConfiguration,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../../support/kms.js'
import { s3Client } from '../../../support/s3.js'
import { expectUnchanged } from '../../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'configs-bucket'

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
})

const triple = (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => [
  e.name,
  e.message,
  e.$metadata.httpStatusCode,
]
const NO_SUCH = ['NoSuchConfiguration', 'The specified configuration does not exist.', 404]
const MALFORMED = [
  'MalformedXML',
  'The XML you provided was not well-formed or did not validate against our published schema',
  400,
]

const metrics = (Id: string, extra: Partial<MetricsConfiguration> = {}): MetricsConfiguration => ({
  Id,
  ...extra,
})
const putMetrics = (config: MetricsConfiguration, Id = config.Id) =>
  s3.send(new PutBucketMetricsConfigurationCommand({ Bucket, Id, MetricsConfiguration: config }))

describe('metrics configurations', () => {
  it('puts, gets, lists and deletes by Id; absent Ids are NoSuchConfiguration', async () => {
    const filtered = metrics('documents', {
      Filter: {
        And: {
          Prefix: 'docs/',
          Tags: [
            { Key: 'team', Value: 'a' },
            { Key: 'tier', Value: 'hot' },
          ],
        },
      },
    })
    await putMetrics(filtered)
    await putMetrics(metrics('all'))
    const got = await s3.send(new GetBucketMetricsConfigurationCommand({ Bucket, Id: 'documents' }))
    expect(got.MetricsConfiguration).toEqual(filtered)
    const listed = await s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket }))
    expect(listed.IsTruncated).toBe(false)
    expect(listed.MetricsConfigurationList?.map((c) => c.Id)).toEqual(['all', 'documents'])
    const deleted = await s3.send(
      new DeleteBucketMetricsConfigurationCommand({ Bucket, Id: 'all' }),
    )
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const missing = await errorOf(
      s3.send(new GetBucketMetricsConfigurationCommand({ Bucket, Id: 'all' })),
    )
    expect(triple(missing)).toEqual(NO_SUCH)
    const again = await expectUnchanged(aws, () =>
      errorOf(s3.send(new DeleteBucketMetricsConfigurationCommand({ Bucket, Id: 'all' }))),
    )
    expect(triple(again)).toEqual(NO_SUCH)
  })

  it('lists in pages of 100 with continuation tokens, in Id order', async () => {
    const ids = Array.from({ length: 201 }, (_, i) => `m-${String(i).padStart(3, '0')}`)
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(ids.slice(i, i + 50).map((id) => putMetrics(metrics(id))))
    }
    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await s3.send(
        new ListBucketMetricsConfigurationsCommand({ Bucket, ContinuationToken: token }),
      )
      pages += 1
      seen.push(...(page.MetricsConfigurationList ?? []).map((c) => c.Id ?? ''))
      expect(page.ContinuationToken).toBe(token)
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined
    } while (token !== undefined)
    expect(pages).toBe(3)
    expect(seen).toEqual(ids)
  })

  it('refuses a continuation token it did not issue (InvalidArgument)', async () => {
    const error = await errorOf(
      s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket, ContinuationToken: '%%%' })),
    )
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InvalidArgument', 400])
  })

  it('refuses a filter with two kinds of condition (MalformedXML: the filter is a union)', async () => {
    const error = await expectUnchanged(aws, () =>
      errorOf(
        putMetrics(
          metrics('two', { Filter: { Prefix: 'a/', Tag: { Key: 'k', Value: 'v' } } as never }),
        ),
      ),
    )
    expect(triple(error)).toEqual(MALFORMED)
  })
})

describe('inventory configurations', () => {
  const inventory: InventoryConfiguration = {
    Destination: {
      S3BucketDestination: {
        AccountId: '123456789012',
        Bucket: 'arn:aws:s3:::inventory-reports',
        Format: 'CSV',
        Prefix: 'inv',
        Encryption: { SSES3: {} },
      },
    },
    IsEnabled: true,
    Filter: { Prefix: 'data/' },
    Id: 'weekly',
    IncludedObjectVersions: 'Current',
    OptionalFields: ['Size', 'ETag', 'StorageClass'],
    Schedule: { Frequency: 'Weekly' },
  }
  const put = (InventoryConfiguration: InventoryConfiguration, Id = 'weekly') =>
    s3.send(new PutBucketInventoryConfigurationCommand({ Bucket, Id, InventoryConfiguration }))

  it('stores, returns, lists and deletes a configuration', async () => {
    await put(inventory)
    const got = await s3.send(new GetBucketInventoryConfigurationCommand({ Bucket, Id: 'weekly' }))
    expect(got.InventoryConfiguration).toEqual(inventory)
    const listed = await s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket }))
    expect(listed.InventoryConfigurationList).toEqual([inventory])
    await s3.send(new DeleteBucketInventoryConfigurationCommand({ Bucket, Id: 'weekly' }))
    const empty = await s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket }))
    expect([empty.IsTruncated, empty.InventoryConfigurationList]).toEqual([false, undefined])
  })

  it.each<[string, InventoryConfiguration, string, (string | number)[]]>([
    [
      'a document Id that differs',
      inventory,
      'other',
      ['IdMismatch', 'Document ID does not match the specified configuration ID.', 400],
    ],
    [
      'a destination that is not a bucket ARN',
      {
        ...inventory,
        Destination: { S3BucketDestination: { Bucket: 'inventory-reports', Format: 'CSV' } },
      },
      'weekly',
      ['InvalidS3DestinationBucket', 'Invalid bucket ARN.', 400],
    ],
    [
      'an unknown format',
      {
        ...inventory,
        Destination: { S3BucketDestination: { Bucket: 'arn:aws:s3:::r', Format: 'JSON' as 'CSV' } },
      },
      'weekly',
      MALFORMED,
    ],
    [
      'an unknown optional field',
      { ...inventory, OptionalFields: ['Colour' as 'Size'] },
      'weekly',
      MALFORMED,
    ],
  ])('refuses %s, changing nothing', async (_, config, id, expected) => {
    const error = await expectUnchanged(aws, () => errorOf(put(config, id)))
    expect(triple(error)).toEqual(expected)
  })
})

describe('analytics configurations', () => {
  it('stores a storage class analysis with its export, and refuses an Id mismatch', async () => {
    const AnalyticsConfiguration = {
      Id: 'ia',
      Filter: { Tag: { Key: 'class', Value: 'cold' } },
      StorageClassAnalysis: {
        DataExport: {
          OutputSchemaVersion: 'V_1' as const,
          Destination: {
            S3BucketDestination: { Format: 'CSV' as const, Bucket: 'arn:aws:s3:::exports' },
          },
        },
      },
    }
    await s3.send(
      new PutBucketAnalyticsConfigurationCommand({ Bucket, Id: 'ia', AnalyticsConfiguration }),
    )
    const got = await s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket, Id: 'ia' }))
    expect(got.AnalyticsConfiguration).toEqual(AnalyticsConfiguration)
    const listed = await s3.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket }))
    expect(listed.AnalyticsConfigurationList?.map((c) => c.Id)).toEqual(['ia'])
    const mismatch = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new PutBucketAnalyticsConfigurationCommand({
            Bucket,
            Id: 'other',
            AnalyticsConfiguration,
          }),
        ),
      ),
    )
    expect(triple(mismatch)).toEqual(MALFORMED)
    await s3.send(new DeleteBucketAnalyticsConfigurationCommand({ Bucket, Id: 'ia' }))
    const gone = await errorOf(
      s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket, Id: 'ia' })),
    )
    expect(triple(gone)).toEqual(NO_SUCH)
  })
})

describe('intelligent-tiering configurations', () => {
  const tiering: IntelligentTieringConfiguration = {
    Id: 'archive',
    Filter: { Prefix: 'logs/' },
    Status: 'Enabled',
    Tierings: [
      { Days: 90, AccessTier: 'ARCHIVE_ACCESS' },
      { Days: 180, AccessTier: 'DEEP_ARCHIVE_ACCESS' },
    ],
  }
  const put = (IntelligentTieringConfiguration: IntelligentTieringConfiguration) =>
    s3.send(
      new PutBucketIntelligentTieringConfigurationCommand({
        Bucket,
        Id: IntelligentTieringConfiguration.Id,
        IntelligentTieringConfiguration,
      }),
    )

  it('stores and lists a configuration with its tierings', async () => {
    await put(tiering)
    const got = await s3.send(
      new GetBucketIntelligentTieringConfigurationCommand({ Bucket, Id: 'archive' }),
    )
    expect(got.IntelligentTieringConfiguration).toEqual(tiering)
    const listed = await s3.send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket }))
    expect(listed.IntelligentTieringConfigurationList).toEqual([tiering])
  })

  it('refuses days outside the tier range (InvalidArgument) and unknown tiers (MalformedXML)', async () => {
    const short = await expectUnchanged(aws, () =>
      errorOf(put({ ...tiering, Tierings: [{ Days: 30, AccessTier: 'ARCHIVE_ACCESS' }] })),
    )
    expect([short.name, short.$metadata.httpStatusCode]).toEqual(['InvalidArgument', 400])
    const unknown = await expectUnchanged(aws, () =>
      errorOf(
        put({ ...tiering, Tierings: [{ Days: 100, AccessTier: 'COLD' as 'ARCHIVE_ACCESS' }] }),
      ),
    )
    expect(triple(unknown)).toEqual(MALFORMED)
  })
})
