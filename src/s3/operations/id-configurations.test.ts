import { describe, expect, it } from 'vitest'
import { createBucket } from './buckets.js'
import {
  getIdConfiguration,
  listIdConfigurations,
  putIdConfiguration,
} from './id-configurations.js'
import type { IdConfiguration } from '../id-configurations.js'
import { errorOf, s3TestWorld } from '../../../test/support/s3-world.js'

describe('Id-keyed configurations: the 1,000 limit', () => {
  it('refuses a new Id past 1,000 (TooManyConfigurations), state unchanged; replaces existing Ids', async () => {
    const world = s3TestWorld()
    createBucket({ Bucket: 'inv-bucket' }, world.ctx())
    const put = putIdConfiguration<IdConfiguration & Record<string, unknown>>('inventory')
    const inventory = (Id: string): IdConfiguration & Record<string, unknown> => ({
      Id,
      Destination: { S3BucketDestination: { Bucket: 'arn:aws:s3:::r', Format: 'CSV' } },
      IncludedObjectVersions: 'All',
      IsEnabled: true,
      Schedule: { Frequency: 'Daily' },
    })
    for (let i = 0; i < 1000; i++) {
      put(
        { Bucket: 'inv-bucket', Id: `i${String(i)}`, Configuration: inventory(`i${String(i)}`) },
        world.ctx(),
      )
    }
    const before = world.snapshot()
    const error = await errorOf(() =>
      put({ Bucket: 'inv-bucket', Id: 'more', Configuration: inventory('more') }, world.ctx()),
    )
    expect([error.code, error.status]).toEqual(['TooManyConfigurations', 400])
    expect(world.snapshot()).toBe(before)
    put(
      { Bucket: 'inv-bucket', Id: 'i5', Configuration: { ...inventory('i5'), IsEnabled: false } },
      world.ctx(),
    )
    const replaced = getIdConfiguration('inventory')(
      { Bucket: 'inv-bucket', Id: 'i5' },
      world.ctx(),
    )
    expect(replaced).toMatchObject({ Id: 'i5', IsEnabled: false })
    const page = listIdConfigurations('inventory')({ Bucket: 'inv-bucket' }, world.ctx())
    expect([page.Configurations.length, page.IsTruncated]).toEqual([100, true])
  })
})
