import { DescribeKeyCommand } from '@aws-sdk/client-kms'
import {
  CopyObjectCommand,
  DeleteBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  type ServerSideEncryptionByDefault,
} from '@aws-sdk/client-s3'
import type { ScenarioContext } from '../define.js'
import { defineScenario, type Scenario } from '../define.js'
import { bodyText, createAlias } from './kms-support.js'

/**
 * Bucket default encryption (SPEC §4, §4.1; reference §2): what PutBucketEncryption stores, what
 * GetBucketEncryption shows, and how objects written without SSE headers inherit it. Each
 * scenario configures a fresh bucket of its own (`create-bucket`).
 */

const BODY = 'default encryption contract body'

async function setDefault(
  t: ScenarioContext,
  byDefault: ServerSideEncryptionByDefault,
  bucketKeyEnabled?: boolean,
): Promise<void> {
  await t.s3.send(
    new PutBucketEncryptionCommand({
      Bucket: t.bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: byDefault,
            ...(bucketKeyEnabled === undefined ? {} : { BucketKeyEnabled: bucketKeyEnabled }),
          },
        ],
      },
    }),
  )
}

/** The bucket's one default-encryption rule, without the 2026 SSE-C block (the SSE-C scenarios cover it). */
async function defaultRule(t: ScenarioContext) {
  const { ServerSideEncryptionConfiguration } = await t.s3.send(
    new GetBucketEncryptionCommand({ Bucket: t.bucket }),
  )
  const rules = ServerSideEncryptionConfiguration?.Rules ?? []
  return {
    rules: rules.length,
    ApplyServerSideEncryptionByDefault: rules[0]?.ApplyServerSideEncryptionByDefault,
    BucketKeyEnabled: rules[0]?.BucketKeyEnabled,
  }
}

/** PUT of BODY without any SSE header. */
const putPlain = (t: ScenarioContext, name: string) =>
  t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: t.key(name), Body: BODY }))

/** HEAD's view of an object's encryption. */
async function encryptionOf(t: ScenarioContext, name: string) {
  const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: t.key(name) }))
  return { ServerSideEncryption: head.ServerSideEncryption, SSEKMSKeyId: head.SSEKMSKeyId }
}

const freshBucket = defineScenario({
  name: 'default-encryption-fresh-bucket-is-sse-s3',
  description:
    'A new bucket reports an SSE-S3 (AES256) default, and objects written without SSE headers are SSE-S3.',
  requires: ['create-bucket', 'bucket-encryption'],
  async run(t) {
    t.check(
      'GetBucketEncryption of a new bucket',
      await defaultRule(t),
      {
        rules: 1,
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
        BucketKeyEnabled: false,
      },
      { openQuestion: 'reference §6.7: GetBucketEncryption shape on a fresh bucket' },
    )
    const put = await putPlain(t, 'plain')
    t.check('PUT without SSE headers: ServerSideEncryption', put.ServerSideEncryption, 'AES256')
    t.check('HEAD', await encryptionOf(t, 'plain'), {
      ServerSideEncryption: 'AES256',
      SSEKMSKeyId: undefined,
    })
  },
})

const kmsCustomerKeyDefault = defineScenario({
  name: 'default-encryption-kms-customer-key',
  description:
    'A default of aws:kms with a customer key ARN is stored as given and applied to objects written without SSE headers.',
  requires: ['create-bucket', 'bucket-encryption', 'sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await setDefault(t, { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn })
    t.check('GetBucketEncryption', await defaultRule(t), {
      rules: 1,
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn },
      BucketKeyEnabled: false,
    })
    const put = await putPlain(t, 'inherits')
    t.check('PUT: ServerSideEncryption', put.ServerSideEncryption, 'aws:kms')
    t.check('PUT: SSEKMSKeyId', put.SSEKMSKeyId, key.arn)
    t.check('HEAD', await encryptionOf(t, 'inherits'), {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: key.arn,
    })
    const get = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key('inherits') }))
    t.check('GET body', await bodyText(get.Body), BODY)
  },
})

const kmsManagedKeyDefault = defineScenario({
  name: 'default-encryption-kms-managed-key',
  description:
    'A default of aws:kms without a key encrypts new objects under the AWS managed key alias/aws/s3.',
  requires: ['create-bucket', 'bucket-encryption', 'sse-kms', 'kms'],
  async run(t) {
    await setDefault(t, { SSEAlgorithm: 'aws:kms' })
    t.check('GetBucketEncryption', await defaultRule(t), {
      rules: 1,
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' },
      BucketKeyEnabled: false,
    })
    const put = await putPlain(t, 'managed')
    const { KeyMetadata } = await t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    t.check('PUT: ServerSideEncryption', put.ServerSideEncryption, 'aws:kms')
    t.check('PUT: SSEKMSKeyId is the ARN of alias/aws/s3', put.SSEKMSKeyId, KeyMetadata?.Arn)
  },
})

const kmsAliasDefault = defineScenario({
  name: 'default-encryption-kms-key-by-alias',
  description:
    'A default naming its KMS key by alias is shown as given, and objects report the ARN of the key the alias points to.',
  requires: ['create-bucket', 'bucket-encryption', 'sse-kms', 'kms', 'kms-aliases'],
  async run(t) {
    const key = await t.customerKey()
    const alias = await createAlias(t, key, 'default')
    await setDefault(t, { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: alias.name })
    t.check(
      'GetBucketEncryption shows the alias as given',
      (await defaultRule(t)).ApplyServerSideEncryptionByDefault,
      { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: alias.name },
      { openQuestion: 'uncaptured: whether S3 stores KMSMasterKeyID as given or resolved' },
    )
    const put = await putPlain(t, 'via-alias')
    t.check('PUT: SSEKMSKeyId is the key ARN', put.SSEKMSKeyId, key.arn)
  },
})

const bucketKeyDefault = defineScenario({
  name: 'default-encryption-bucket-key',
  description: 'A default with BucketKeyEnabled makes new SSE-KMS objects report a bucket key.',
  requires: ['create-bucket', 'bucket-encryption', 'sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await setDefault(t, { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn }, true)
    t.check('GetBucketEncryption: BucketKeyEnabled', (await defaultRule(t)).BucketKeyEnabled, true)
    const put = await putPlain(t, 'bucket-key')
    t.check('PUT: BucketKeyEnabled', put.BucketKeyEnabled, true)
    const head = await t.s3.send(
      new HeadObjectCommand({ Bucket: t.bucket, Key: t.key('bucket-key') }),
    )
    t.check('HEAD: BucketKeyEnabled', head.BucketKeyEnabled, true)
  },
})

const explicitHeadersWin = defineScenario({
  name: 'default-encryption-explicit-headers-override',
  description:
    'SSE headers on the request override the bucket default: AES256 on a KMS-default bucket, aws:kms on an SSE-S3-default bucket.',
  requires: ['create-bucket', 'bucket-encryption', 'sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await setDefault(t, { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn })
    const sseS3 = await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('explicit-s3'),
        Body: BODY,
        ServerSideEncryption: 'AES256',
      }),
    )
    t.check('AES256 on a KMS-default bucket: PUT', sseS3.ServerSideEncryption, 'AES256')
    t.check('AES256 on a KMS-default bucket: HEAD', await encryptionOf(t, 'explicit-s3'), {
      ServerSideEncryption: 'AES256',
      SSEKMSKeyId: undefined,
    })
    await setDefault(t, { SSEAlgorithm: 'AES256' })
    const sseKms = await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('explicit-kms'),
        Body: BODY,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.keyId,
      }),
    )
    t.check('aws:kms on an SSE-S3-default bucket: PUT', sseKms.SSEKMSKeyId, key.arn)
    t.check('aws:kms on an SSE-S3-default bucket: HEAD', await encryptionOf(t, 'explicit-kms'), {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: key.arn,
    })
  },
})

const newObjectsOnly = defineScenario({
  name: 'default-encryption-applies-to-new-objects-only',
  description:
    'Changing the default does not re-encrypt existing objects; only objects written afterwards inherit it.',
  requires: ['create-bucket', 'bucket-encryption', 'sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await putPlain(t, 'before')
    await setDefault(t, { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn })
    await putPlain(t, 'after')
    t.check('object written before the change', await encryptionOf(t, 'before'), {
      ServerSideEncryption: 'AES256',
      SSEKMSKeyId: undefined,
    })
    t.check('object written after the change', await encryptionOf(t, 'after'), {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: key.arn,
    })
  },
})

const copyGetsDefault = defineScenario({
  name: 'default-encryption-applies-to-copies',
  description:
    'A CopyObject without SSE headers encrypts the copy with the destination bucket default.',
  requires: ['create-bucket', 'bucket-encryption', 'sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await putPlain(t, 'source')
    await setDefault(t, { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn })
    const copy = await t.s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key: t.key('copy'),
        CopySource: `${t.bucket}/${t.key('source')}`,
      }),
    )
    t.check('CopyObject: ServerSideEncryption', copy.ServerSideEncryption, 'aws:kms')
    t.check('CopyObject: SSEKMSKeyId', copy.SSEKMSKeyId, key.arn)
    const get = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key('copy') }))
    t.check('GET of the copy', await bodyText(get.Body), BODY)
  },
})

const kmsKeyWithAes256 = defineScenario({
  name: 'default-encryption-refuses-kms-key-with-aes256',
  description:
    'A default naming a KMS key with SSEAlgorithm AES256 is refused with 400 InvalidArgument.',
  requires: ['create-bucket', 'bucket-encryption'],
  async run(t) {
    await t.expectError(
      'PutBucketEncryption AES256 with KMSMasterKeyID',
      setDefault(t, {
        SSEAlgorithm: 'AES256',
        KMSMasterKeyID:
          'arn:aws:kms:us-east-1:123456789012:key/0badc0de-0000-4000-8000-00000000c0de',
      }),
      {
        status: 400,
        code: 'InvalidArgument',
        message:
          'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
      },
    )
    t.check('the default is unchanged', (await defaultRule(t)).ApplyServerSideEncryptionByDefault, {
      SSEAlgorithm: 'AES256',
    })
  },
})

const deleteRevertsToSseS3 = defineScenario({
  name: 'default-encryption-delete-reverts-to-sse-s3',
  description: 'DeleteBucketEncryption puts the bucket back to the SSE-S3 default for new objects.',
  requires: ['create-bucket', 'bucket-encryption', 'sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await setDefault(t, { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn })
    await t.s3.send(new DeleteBucketEncryptionCommand({ Bucket: t.bucket }))
    t.check(
      'GetBucketEncryption after the delete',
      (await defaultRule(t)).ApplyServerSideEncryptionByDefault,
      { SSEAlgorithm: 'AES256' },
      { openQuestion: 'reference §6.7: GetBucketEncryption once the configuration is deleted' },
    )
    const put = await putPlain(t, 'after-delete')
    t.check('PUT after the delete: ServerSideEncryption', put.ServerSideEncryption, 'AES256')
  },
})

export const s3DefaultEncryptionScenarios: readonly Scenario[] = [
  freshBucket,
  kmsCustomerKeyDefault,
  kmsManagedKeyDefault,
  kmsAliasDefault,
  bucketKeyDefault,
  explicitHeadersWin,
  newObjectsOnly,
  copyGetsDefault,
  kmsKeyWithAes256,
  deleteRevertsToSseS3,
]
