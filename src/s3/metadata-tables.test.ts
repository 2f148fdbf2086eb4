import { describe, expect, it } from 'vitest'
import { seededRandom } from '../core/random.js'
import { managedNamespace, newV1Configuration, validRecordExpiration } from './metadata-tables.js'

describe('S3 Metadata derivations', () => {
  it('names the V2 namespace b_<bucket>, dots as underscores, hyphens kept', () => {
    expect(managedNamespace('amzn-s3-demo-bucket')).toBe('b_amzn-s3-demo-bucket')
    expect(managedNamespace('logs.example.com')).toBe('b_logs_example_com')
  })

  it('accepts record expiration from 7 days to 2147483647, and Days with DISABLED', () => {
    expect(validRecordExpiration({ Expiration: 'ENABLED', Days: 7 })).toEqual({
      Expiration: 'ENABLED',
      Days: 7,
    })
    expect(validRecordExpiration({ Expiration: 'ENABLED', Days: 2147483647 }).Days).toBe(2147483647)
    expect(validRecordExpiration({ Expiration: 'DISABLED', Days: 30 })).toEqual({
      Expiration: 'DISABLED',
      Days: 30,
    })
  })

  it('puts the V1 table in the caller table bucket, with an ARN from the injected random', () => {
    const tableBucketArn = 'arn:aws-cn:s3tables:cn-north-1:123456789012:bucket/tables'
    const config = { S3TablesDestination: { TableBucketArn: tableBucketArn, TableName: 't' } }
    const a = newV1Configuration(config, { region: 'cn-north-1' }, '123456789012', seededRandom(1))
    const b = newV1Configuration(config, { region: 'cn-north-1' }, '123456789012', seededRandom(1))
    expect(a).toEqual(b)
    expect(a).toMatchObject({ version: 1, tableBucketArn, tableName: 't' })
    expect(a.version === 1 && a.tableArn.startsWith(`${tableBucketArn}/table/`)).toBe(true)
  })
})
