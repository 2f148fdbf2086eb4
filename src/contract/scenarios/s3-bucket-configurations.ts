import {
  DeleteBucketMetricsConfigurationCommand,
  DeleteBucketWebsiteCommand,
  GetBucketMetricsConfigurationCommand,
  GetBucketWebsiteCommand,
  ListBucketMetricsConfigurationsCommand,
  PutBucketMetricsConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketWebsiteCommand,
} from '@aws-sdk/client-s3'
import { defineScenario, type Scenario } from '../define.js'

/** Configuration-only bucket features (issue #16 item 6): stored, read back, S3's errors. */

const website = defineScenario({
  name: 'website-configuration',
  description:
    'PutBucketWebsite stores an index document, error document and routing rule that GetBucketWebsite returns; without an index document it is 400 InvalidArgument; after DeleteBucketWebsite, Get is 404 NoSuchWebsiteConfiguration.',
  requires: ['create-bucket', 'bucket-configurations'],
  async run(t) {
    const Bucket = t.bucket
    await t.expectError(
      'no index document',
      t.s3.send(
        new PutBucketWebsiteCommand({
          Bucket,
          WebsiteConfiguration: { ErrorDocument: { Key: 'error.html' } },
        }),
      ),
      {
        status: 400,
        code: 'InvalidArgument',
        message:
          'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty',
      },
    )
    await t.s3.send(
      new PutBucketWebsiteCommand({
        Bucket,
        WebsiteConfiguration: {
          IndexDocument: { Suffix: 'index.html' },
          ErrorDocument: { Key: 'error.html' },
          RoutingRules: [
            {
              Condition: { KeyPrefixEquals: 'docs/' },
              Redirect: { ReplaceKeyPrefixWith: 'documents/' },
            },
          ],
        },
      }),
    )
    const got = await t.s3.send(new GetBucketWebsiteCommand({ Bucket }))
    t.check('index document', got.IndexDocument, { Suffix: 'index.html' })
    t.check('error document', got.ErrorDocument, { Key: 'error.html' })
    t.check('routing rules', got.RoutingRules, [
      { Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/' } },
    ])
    const deleted = await t.s3.send(new DeleteBucketWebsiteCommand({ Bucket }))
    t.check('delete status', deleted.$metadata.httpStatusCode, 204)
    await t.expectError('after delete', t.s3.send(new GetBucketWebsiteCommand({ Bucket })), {
      status: 404,
      code: 'NoSuchWebsiteConfiguration',
      message: 'The specified bucket does not have a website configuration',
    })
  },
})

const replicationNeedsVersioning = defineScenario({
  name: 'replication-requires-versioning',
  description:
    'PutBucketReplication on a bucket whose versioning was never enabled is 400 InvalidRequest.',
  requires: ['create-bucket', 'bucket-configurations'],
  async run(t) {
    await t.expectError(
      'unversioned source',
      t.s3.send(
        new PutBucketReplicationCommand({
          Bucket: t.bucket,
          ReplicationConfiguration: {
            Role: 'arn:aws:iam::123456789012:role/replication',
            Rules: [
              {
                ID: 'all',
                Priority: 1,
                Filter: { Prefix: '' },
                Status: 'Enabled',
                DeleteMarkerReplication: { Status: 'Disabled' },
                Destination: { Bucket: 'arn:aws:s3:::s3-kms-mock-contract-replica' },
              },
            ],
          },
        }),
      ),
      {
        status: 400,
        code: 'InvalidRequest',
        message: "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
      },
    )
  },
})

const metricsList = defineScenario({
  name: 'metrics-configurations-list',
  description:
    'Metrics configurations put by Id are listed in Id order, untruncated; an Id not set is 404 NoSuchConfiguration.',
  requires: ['create-bucket', 'bucket-configurations'],
  async run(t) {
    const Bucket = t.bucket
    for (const Id of ['documents', 'all', 'images']) {
      await t.s3.send(
        new PutBucketMetricsConfigurationCommand({
          Bucket,
          Id,
          MetricsConfiguration: { Id, ...(Id === 'all' ? {} : { Filter: { Prefix: `${Id}/` } }) },
        }),
      )
    }
    const listed = await t.s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket }))
    t.check('truncated', listed.IsTruncated, false)
    t.check(
      'ids',
      listed.MetricsConfigurationList?.map((c) => c.Id),
      ['all', 'documents', 'images'],
    )
    const got = await t.s3.send(new GetBucketMetricsConfigurationCommand({ Bucket, Id: 'images' }))
    t.check('filter', got.MetricsConfiguration?.Filter, { Prefix: 'images/' })
    await t.s3.send(new DeleteBucketMetricsConfigurationCommand({ Bucket, Id: 'images' }))
    await t.expectError(
      'deleted id',
      t.s3.send(new GetBucketMetricsConfigurationCommand({ Bucket, Id: 'images' })),
      {
        status: 404,
        code: 'NoSuchConfiguration',
        message: 'The specified configuration does not exist.',
      },
    )
  },
})

export const bucketConfigurationScenarios: readonly Scenario[] = [
  website,
  replicationNeedsVersioning,
  metricsList,
]
