import {
  CreateBucketCommand,
  CreateBucketMetadataConfigurationCommand,
  CreateBucketMetadataTableConfigurationCommand,
  DeleteBucketMetadataConfigurationCommand,
  DeleteBucketMetadataTableConfigurationCommand,
  GetBucketMetadataConfigurationCommand,
  GetBucketMetadataTableConfigurationCommand,
  type MetadataConfiguration,
  type MetadataTableConfiguration,
  UpdateBucketMetadataAnnotationTableConfigurationCommand,
  UpdateBucketMetadataInventoryTableConfigurationCommand,
  UpdateBucketMetadataJournalTableConfigurationCommand,
} from '@aws-sdk/client-s3'
import { CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../../support/kms.js'
import { s3Client } from '../../../support/s3.js'
import { expectUnchanged } from '../../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const Bucket = 'photos.metadata-demo'
const ACCOUNT = '123456789012'
const MANAGED = `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/aws-s3`
const TABLE_BUCKET = `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/my-tables`
/** A well-formed key ARN with no key behind it; tests that need a key create one. */
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/annotation-table-role`
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'
const tableArn = (tableBucket: string) => new RegExp(`^${tableBucket}/table/${uuid}$`)

const kms = kmsClient()
let keyArn: string

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }))
  keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn ?? ''
})

const triple = (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => [
  e.name,
  e.message,
  e.$metadata.httpStatusCode,
]

const createV2 = (MetadataConfiguration: MetadataConfiguration, bucket = Bucket) =>
  s3.send(new CreateBucketMetadataConfigurationCommand({ Bucket: bucket, MetadataConfiguration }))
const createV1 = (MetadataTableConfiguration: MetadataTableConfiguration) =>
  s3.send(new CreateBucketMetadataTableConfigurationCommand({ Bucket, MetadataTableConfiguration }))
const getV2 = async () =>
  (await s3.send(new GetBucketMetadataConfigurationCommand({ Bucket })))
    .GetBucketMetadataConfigurationResult?.MetadataConfigurationResult
const journalOnly: MetadataConfiguration = {
  JournalTableConfiguration: { RecordExpiration: { Expiration: 'DISABLED' } },
}
const v1: MetadataTableConfiguration = {
  S3TablesDestination: { TableBucketArn: TABLE_BUCKET, TableName: 'photo_journal' },
}

describe('CreateBucketMetadataConfiguration / Get / Delete (V2)', () => {
  it('stores the configuration; Get reports the AWS managed tables as S3 derives them', async () => {
    const created = await createV2({
      JournalTableConfiguration: {
        RecordExpiration: { Expiration: 'ENABLED', Days: 30 },
        EncryptionConfiguration: { SseAlgorithm: 'aws:kms', KmsKeyArn: keyArn },
      },
      InventoryTableConfiguration: {
        ConfigurationState: 'ENABLED',
        EncryptionConfiguration: { SseAlgorithm: 'AES256' },
      },
      AnnotationTableConfiguration: { ConfigurationState: 'ENABLED', Role: ROLE },
    })
    expect(created.$metadata.httpStatusCode).toBe(200)
    const result = await getV2()
    expect(result).toEqual({
      DestinationResult: {
        TableBucketType: 'aws',
        TableBucketArn: MANAGED,
        // `b_` and the bucket's name, dots as underscores.
        TableNamespace: 'b_photos_metadata-demo',
      },
      JournalTableConfigurationResult: {
        TableStatus: 'ACTIVE',
        TableName: 'journal',
        TableArn: expect.stringMatching(tableArn(MANAGED)) as string,
        RecordExpiration: { Expiration: 'ENABLED', Days: 30 },
      },
      InventoryTableConfigurationResult: {
        ConfigurationState: 'ENABLED',
        TableStatus: 'ACTIVE',
        TableName: 'inventory',
        TableArn: expect.stringMatching(tableArn(MANAGED)) as string,
      },
      AnnotationTableConfigurationResult: {
        ConfigurationState: 'ENABLED',
        TableStatus: 'ACTIVE',
        TableName: 'annotation',
        TableArn: expect.stringMatching(tableArn(MANAGED)) as string,
        Role: ROLE,
      },
    })
    const arns = [
      result?.JournalTableConfigurationResult?.TableArn,
      result?.InventoryTableConfigurationResult?.TableArn,
      result?.AnnotationTableConfigurationResult?.TableArn,
    ]
    expect(new Set(arns).size).toBe(3)
  })

  it("looks the SSE-KMS key up with KMS DescribeKey, as S3 on the caller's behalf", async () => {
    await createV2({
      JournalTableConfiguration: {
        RecordExpiration: { Expiration: 'DISABLED' },
        EncryptionConfiguration: { SseAlgorithm: 'aws:kms', KmsKeyArn: keyArn },
      },
    })
    const [call] = aws.audit.events({
      eventName: 'DescribeKey',
      userIdentity: { invokedBy: 's3.amazonaws.com' },
    })
    expect(call?.requestParameters).toEqual({ keyId: keyArn })
  })

  it('refuses a key KMS does not find (KMS.NotFoundException), changing nothing', async () => {
    const error = await expectUnchanged(aws, () =>
      errorOf(
        createV2({
          JournalTableConfiguration: {
            RecordExpiration: { Expiration: 'DISABLED' },
            EncryptionConfiguration: { SseAlgorithm: 'aws:kms', KmsKeyArn: KEY },
          },
        }),
      ),
    )
    expect(triple(error)).toEqual(['KMS.NotFoundException', `Key '${KEY}' does not exist`, 400])
  })

  it('refuses an AWS managed key (InvalidArgument), changing nothing', async () => {
    const managed = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    const error = await expectUnchanged(aws, () =>
      errorOf(
        createV2({
          ...journalOnly,
          InventoryTableConfiguration: {
            ConfigurationState: 'ENABLED',
            EncryptionConfiguration: {
              SseAlgorithm: 'aws:kms',
              KmsKeyArn: managed.KeyMetadata?.Arn ?? '',
            },
          },
        }),
      ),
    )
    expect(triple(error)).toEqual([
      'InvalidArgument',
      'KmsKeyArn must be the ARN of a customer managed key.',
      400,
    ])
  })

  it('reports a disabled inventory table without a table, and no annotation table unless asked', async () => {
    await createV2(journalOnly)
    const result = await getV2()
    expect(result?.InventoryTableConfigurationResult).toEqual({ ConfigurationState: 'DISABLED' })
    expect(result?.AnnotationTableConfigurationResult).toBeUndefined()
    expect(result?.JournalTableConfigurationResult?.RecordExpiration).toEqual({
      Expiration: 'DISABLED',
    })
  })

  it('answers MetadataConfigurationNotFound (404) for Get and Delete when none is set', async () => {
    const got = await errorOf(s3.send(new GetBucketMetadataConfigurationCommand({ Bucket })))
    expect(triple(got)).toEqual([
      'MetadataConfigurationNotFound',
      'The metadata configuration was not found',
      404,
    ])
    const deleted = await expectUnchanged(aws, () =>
      errorOf(s3.send(new DeleteBucketMetadataConfigurationCommand({ Bucket }))),
    )
    expect(triple(deleted)).toEqual(triple(got))
  })

  it('deletes (204), after which Get answers 404 and Create works again', async () => {
    await createV2(journalOnly)
    const deleted = await s3.send(new DeleteBucketMetadataConfigurationCommand({ Bucket }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const gone = await errorOf(s3.send(new GetBucketMetadataConfigurationCommand({ Bucket })))
    expect(gone.name).toBe('MetadataConfigurationNotFound')
    expect((await createV2(journalOnly)).$metadata.httpStatusCode).toBe(200)
  })

  it('refuses a second configuration (409 MetadataConfigurationAlreadyExists), V1 or V2', async () => {
    await createV2(journalOnly)
    const again = await expectUnchanged(aws, () => errorOf(createV2(journalOnly)))
    expect(triple(again)).toEqual([
      'MetadataConfigurationAlreadyExists',
      'The metadata table configuration already exists.',
      409,
    ])
    const v1Again = await expectUnchanged(aws, () => errorOf(createV1(v1)))
    expect(v1Again.name).toBe('MetadataConfigurationAlreadyExists')
  })

  it('answers NoSuchBucket for every operation on a bucket that does not exist', async () => {
    const missing = 'no-such-metadata-bucket'
    const calls = [
      createV2(journalOnly, missing),
      s3.send(new GetBucketMetadataConfigurationCommand({ Bucket: missing })),
      s3.send(new DeleteBucketMetadataConfigurationCommand({ Bucket: missing })),
      s3.send(
        new CreateBucketMetadataTableConfigurationCommand({
          Bucket: missing,
          MetadataTableConfiguration: v1,
        }),
      ),
      s3.send(new GetBucketMetadataTableConfigurationCommand({ Bucket: missing })),
      s3.send(new DeleteBucketMetadataTableConfigurationCommand({ Bucket: missing })),
      s3.send(
        new UpdateBucketMetadataJournalTableConfigurationCommand({
          Bucket: missing,
          JournalTableConfiguration: { RecordExpiration: { Expiration: 'DISABLED' } },
        }),
      ),
      s3.send(
        new UpdateBucketMetadataInventoryTableConfigurationCommand({
          Bucket: missing,
          InventoryTableConfiguration: { ConfigurationState: 'ENABLED' },
        }),
      ),
      s3.send(
        new UpdateBucketMetadataAnnotationTableConfigurationCommand({
          Bucket: missing,
          AnnotationTableConfiguration: { ConfigurationState: 'ENABLED' },
        }),
      ),
    ]
    for (const call of calls) {
      const error = await errorOf(call)
      expect(triple(error)).toEqual(['NoSuchBucket', 'The specified bucket does not exist', 404])
    }
  })

  it.each<[string, MetadataConfiguration, string, string]>([
    [
      'record expiration enabled without Days',
      { JournalTableConfiguration: { RecordExpiration: { Expiration: 'ENABLED' } } },
      'InvalidArgument',
      'Days must be specified when journal table record expiration is ENABLED.',
    ],
    [
      'fewer than 7 days',
      { JournalTableConfiguration: { RecordExpiration: { Expiration: 'ENABLED', Days: 6 } } },
      'InvalidArgument',
      'Days must be a whole number from 7 to 2147483647.',
    ],
    [
      'more than 2147483647 days',
      {
        JournalTableConfiguration: {
          RecordExpiration: { Expiration: 'ENABLED', Days: 2147483648 },
        },
      },
      'InvalidArgument',
      'Days must be a whole number from 7 to 2147483647.',
    ],
    [
      'SSE-KMS without a key',
      {
        JournalTableConfiguration: {
          RecordExpiration: { Expiration: 'DISABLED' },
          EncryptionConfiguration: { SseAlgorithm: 'aws:kms' },
        },
      },
      'InvalidArgument',
      'KmsKeyArn must be specified when SseAlgorithm is aws:kms.',
    ],
    [
      'a key with SSE-S3',
      {
        JournalTableConfiguration: {
          RecordExpiration: { Expiration: 'DISABLED' },
          EncryptionConfiguration: { SseAlgorithm: 'AES256', KmsKeyArn: KEY },
        },
      },
      'InvalidArgument',
      'KmsKeyArn can only be specified when SseAlgorithm is aws:kms.',
    ],
    [
      'a key in another Region',
      {
        JournalTableConfiguration: { RecordExpiration: { Expiration: 'DISABLED' } },
        InventoryTableConfiguration: {
          ConfigurationState: 'ENABLED',
          EncryptionConfiguration: {
            SseAlgorithm: 'aws:kms',
            KmsKeyArn: KEY.replace('us-east-1', 'eu-west-1'),
          },
        },
      },
      'InvalidArgument',
      'KmsKeyArn must be the ARN of a KMS key in the same Region as the bucket.',
    ],
    [
      'an alias instead of a key ARN',
      {
        JournalTableConfiguration: {
          RecordExpiration: { Expiration: 'DISABLED' },
          EncryptionConfiguration: { SseAlgorithm: 'aws:kms', KmsKeyArn: 'alias/metadata' },
        },
      },
      'InvalidArgument',
      'KmsKeyArn must be the ARN of a KMS key in the same Region as the bucket.',
    ],
    [
      'an annotation role that is not an IAM role ARN',
      {
        JournalTableConfiguration: { RecordExpiration: { Expiration: 'DISABLED' } },
        AnnotationTableConfiguration: { ConfigurationState: 'ENABLED', Role: 'annotator' },
      },
      'InvalidArgument',
      'Role must be the ARN of an IAM role.',
    ],
  ])('refuses %s (400), changing nothing', async (_, config, code, message) => {
    const error = await expectUnchanged(aws, () => errorOf(createV2(config)))
    expect(triple(error)).toEqual([code, message, 400])
  })

  it.each<[string, MetadataConfiguration]>([
    [
      'an Expiration outside ENABLED/DISABLED',
      { JournalTableConfiguration: { RecordExpiration: { Expiration: 'ON' as 'ENABLED' } } },
    ],
    [
      'a ConfigurationState outside ENABLED/DISABLED',
      {
        ...journalOnly,
        InventoryTableConfiguration: { ConfigurationState: 'YES' as 'ENABLED' },
      },
    ],
    [
      'an unknown SseAlgorithm',
      {
        JournalTableConfiguration: {
          RecordExpiration: { Expiration: 'DISABLED' },
          EncryptionConfiguration: { SseAlgorithm: 'aws:kms:dsse' as 'AES256' },
        },
      },
    ],
    ['no journal table configuration', {} as MetadataConfiguration],
    [
      'a journal table without RecordExpiration',
      { JournalTableConfiguration: {} } as unknown as MetadataConfiguration,
    ],
  ])('refuses %s (MalformedXML), changing nothing', async (_, config) => {
    const error = await expectUnchanged(aws, () => errorOf(createV2(config)))
    expect(triple(error)).toEqual([
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    ])
  })
})

describe('UpdateBucketMetadata{Journal,Inventory,Annotation}TableConfiguration', () => {
  const updateJournal = (Expiration: 'ENABLED' | 'DISABLED', Days?: number) =>
    s3.send(
      new UpdateBucketMetadataJournalTableConfigurationCommand({
        Bucket,
        JournalTableConfiguration: {
          RecordExpiration: Days === undefined ? { Expiration } : { Expiration, Days },
        },
      }),
    )
  const updateInventory = (ConfigurationState: 'ENABLED' | 'DISABLED') =>
    s3.send(
      new UpdateBucketMetadataInventoryTableConfigurationCommand({
        Bucket,
        InventoryTableConfiguration: { ConfigurationState },
      }),
    )
  const updateAnnotation = (ConfigurationState: 'ENABLED' | 'DISABLED', Role?: string) =>
    s3.send(
      new UpdateBucketMetadataAnnotationTableConfigurationCommand({
        Bucket,
        AnnotationTableConfiguration: { ConfigurationState, ...(Role ? { Role } : {}) },
      }),
    )

  it('turns journal record expiration on and off', async () => {
    await createV2(journalOnly)
    const journalArn = (await getV2())?.JournalTableConfigurationResult?.TableArn
    expect((await updateJournal('ENABLED', 365)).$metadata.httpStatusCode).toBe(200)
    const on = (await getV2())?.JournalTableConfigurationResult
    expect(on?.RecordExpiration).toEqual({ Expiration: 'ENABLED', Days: 365 })
    expect(on?.TableArn).toBe(journalArn)
    await updateJournal('DISABLED')
    expect((await getV2())?.JournalTableConfigurationResult?.RecordExpiration).toEqual({
      Expiration: 'DISABLED',
    })
  })

  it('creates the inventory table when enabled, drops it when disabled, a new one when re-enabled', async () => {
    await createV2(journalOnly)
    await updateInventory('ENABLED')
    const first = (await getV2())?.InventoryTableConfigurationResult
    expect(first).toMatchObject({ ConfigurationState: 'ENABLED', TableName: 'inventory' })
    await updateInventory('ENABLED')
    expect((await getV2())?.InventoryTableConfigurationResult?.TableArn).toBe(first?.TableArn)
    await updateInventory('DISABLED')
    expect((await getV2())?.InventoryTableConfigurationResult).toEqual({
      ConfigurationState: 'DISABLED',
    })
    await updateInventory('ENABLED')
    const again = (await getV2())?.InventoryTableConfigurationResult
    expect(again?.TableArn).toMatch(tableArn(MANAGED))
    expect(again?.TableArn).not.toBe(first?.TableArn)
  })

  it('adds an annotation table and keeps its role across updates', async () => {
    await createV2(journalOnly)
    await updateAnnotation('ENABLED', ROLE)
    expect((await getV2())?.AnnotationTableConfigurationResult).toMatchObject({
      ConfigurationState: 'ENABLED',
      TableName: 'annotation',
      Role: ROLE,
    })
    await updateAnnotation('DISABLED')
    expect((await getV2())?.AnnotationTableConfigurationResult).toEqual({
      ConfigurationState: 'DISABLED',
      Role: ROLE,
    })
  })

  it('answers MetadataConfigurationNotFound (404) without a configuration, changing nothing', async () => {
    for (const update of [
      () => updateJournal('ENABLED', 7),
      () => updateInventory('ENABLED'),
      () => updateAnnotation('ENABLED'),
    ]) {
      const error = await expectUnchanged(aws, () => errorOf(update()))
      expect(triple(error)).toEqual([
        'MetadataConfigurationNotFound',
        'The metadata configuration was not found',
        404,
      ])
    }
  })

  it('refuses to update a V1 configuration (InvalidRequest), changing nothing', async () => {
    await createV1(v1)
    const error = await expectUnchanged(aws, () => errorOf(updateInventory('ENABLED')))
    expect(triple(error)).toEqual([
      'InvalidRequest',
      'This operation requires a V2 metadata configuration. Delete the V1 configuration and create one with CreateBucketMetadataConfiguration.',
      400,
    ])
  })

  it('validates the update: Days out of range, a bad role, an unknown state; changing nothing', async () => {
    await createV2(journalOnly)
    const days = await expectUnchanged(aws, () => errorOf(updateJournal('ENABLED', 3)))
    expect(triple(days)).toEqual([
      'InvalidArgument',
      'Days must be a whole number from 7 to 2147483647.',
      400,
    ])
    const role = await expectUnchanged(aws, () => errorOf(updateAnnotation('ENABLED', 'x')))
    expect(triple(role)).toEqual(['InvalidArgument', 'Role must be the ARN of an IAM role.', 400])
    const state = await expectUnchanged(aws, () => errorOf(updateInventory('MAYBE' as 'ENABLED')))
    expect(state.name).toBe('MalformedXML')
    const key = await expectUnchanged(aws, () =>
      errorOf(
        s3.send(
          new UpdateBucketMetadataInventoryTableConfigurationCommand({
            Bucket,
            InventoryTableConfiguration: {
              ConfigurationState: 'ENABLED',
              EncryptionConfiguration: { SseAlgorithm: 'aws:kms', KmsKeyArn: KEY },
            },
          }),
        ),
      ),
    )
    expect(triple(key)).toEqual(['KMS.NotFoundException', `Key '${KEY}' does not exist`, 400])
  })
})

describe('CreateBucketMetadataTableConfiguration / Get / Delete (V1)', () => {
  it('stores a journal table in the customer table bucket, namespace aws_s3_metadata', async () => {
    expect((await createV1(v1)).$metadata.httpStatusCode).toBe(200)
    const got = await s3.send(new GetBucketMetadataTableConfigurationCommand({ Bucket }))
    const result = got.GetBucketMetadataTableConfigurationResult
    expect(result).toEqual({
      MetadataTableConfigurationResult: {
        S3TablesDestinationResult: {
          TableBucketArn: TABLE_BUCKET,
          TableName: 'photo_journal',
          TableArn: expect.stringMatching(tableArn(TABLE_BUCKET)) as string,
          TableNamespace: 'aws_s3_metadata',
        },
      },
      Status: 'ACTIVE',
    })
    // The V2 Get serves a V1 configuration too.
    expect(await getV2()).toEqual({
      DestinationResult: {
        TableBucketType: 'customer',
        TableBucketArn: TABLE_BUCKET,
        TableNamespace: 'aws_s3_metadata',
      },
      JournalTableConfigurationResult: {
        TableStatus: 'ACTIVE',
        TableName: 'photo_journal',
        TableArn: result?.MetadataTableConfigurationResult?.S3TablesDestinationResult?.TableArn,
        RecordExpiration: { Expiration: 'DISABLED' },
      },
    })
  })

  it('deletes with the V1 Delete (204) or the V2 Delete', async () => {
    await createV1(v1)
    const deleted = await s3.send(new DeleteBucketMetadataTableConfigurationCommand({ Bucket }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const gone = await errorOf(s3.send(new GetBucketMetadataTableConfigurationCommand({ Bucket })))
    expect(triple(gone)).toEqual([
      'MetadataConfigurationNotFound',
      'The metadata configuration was not found',
      404,
    ])
    await createV1(v1)
    await s3.send(new DeleteBucketMetadataConfigurationCommand({ Bucket }))
    const goneToo = await errorOf(s3.send(new GetBucketMetadataConfigurationCommand({ Bucket })))
    expect(goneToo.name).toBe('MetadataConfigurationNotFound')
  })

  it('answers 405 V1APIsNotAllowed to the V1 Get and Delete of a V2 configuration', async () => {
    await createV2(journalOnly)
    const got = await errorOf(s3.send(new GetBucketMetadataTableConfigurationCommand({ Bucket })))
    expect(triple(got)).toEqual([
      'V1APIsNotAllowed',
      "The V1 GetBucketMetadataTableConfiguration API operation isn't available for this account. Use the corresponding V2 GetBucketMetadataConfiguration API operation instead.",
      405,
    ])
    const deleted = await expectUnchanged(aws, () =>
      errorOf(s3.send(new DeleteBucketMetadataTableConfigurationCommand({ Bucket }))),
    )
    expect(triple(deleted)).toEqual([
      'V1APIsNotAllowed',
      "The V1 DeleteBucketMetadataTableConfiguration API operation isn't available for this account. Use the corresponding V2 DeleteBucketMetadataConfiguration API operation instead.",
      405,
    ])
  })

  it.each<[string, MetadataTableConfiguration, string]>([
    [
      'a table bucket ARN of another service',
      { S3TablesDestination: { TableBucketArn: 'arn:aws:s3:::my-tables', TableName: 'journal' } },
      'TableBucketArn must be the ARN of a table bucket in the same Region and account as the bucket.',
    ],
    [
      'a table bucket in another Region',
      {
        S3TablesDestination: {
          TableBucketArn: TABLE_BUCKET.replace('us-east-1', 'eu-west-1'),
          TableName: 'journal',
        },
      },
      'TableBucketArn must be the ARN of a table bucket in the same Region and account as the bucket.',
    ],
    [
      'a table bucket of another account',
      {
        S3TablesDestination: {
          TableBucketArn: TABLE_BUCKET.replace(ACCOUNT, '210987654321'),
          TableName: 'journal',
        },
      },
      'TableBucketArn must be the ARN of a table bucket in the same Region and account as the bucket.',
    ],
    [
      'a table name with a hyphen',
      { S3TablesDestination: { TableBucketArn: TABLE_BUCKET, TableName: 'photo-journal' } },
      'TableName must be 1 to 255 lower-case letters, numbers and underscores, beginning and ending with a letter or number.',
    ],
    [
      'a table name ending in an underscore',
      { S3TablesDestination: { TableBucketArn: TABLE_BUCKET, TableName: 'journal_' } },
      'TableName must be 1 to 255 lower-case letters, numbers and underscores, beginning and ending with a letter or number.',
    ],
    [
      'a table name of 256 characters',
      { S3TablesDestination: { TableBucketArn: TABLE_BUCKET, TableName: 'j'.repeat(256) } },
      'TableName must be 1 to 255 lower-case letters, numbers and underscores, beginning and ending with a letter or number.',
    ],
  ])('refuses %s (InvalidArgument), changing nothing', async (_, config, message) => {
    const error = await expectUnchanged(aws, () => errorOf(createV1(config)))
    expect(triple(error)).toEqual(['InvalidArgument', message, 400])
  })

  it('accepts a table name of 255 characters', async () => {
    const TableName = 'j'.repeat(255)
    await createV1({ S3TablesDestination: { TableBucketArn: TABLE_BUCKET, TableName } })
    const got = await s3.send(new GetBucketMetadataTableConfigurationCommand({ Bucket }))
    expect(
      got.GetBucketMetadataTableConfigurationResult?.MetadataTableConfigurationResult
        ?.S3TablesDestinationResult?.TableName,
    ).toBe(TableName)
  })
})
