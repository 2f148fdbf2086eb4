import {
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import type { ContractKey, ScenarioContext } from '../define.js'
import { defineScenario, type Scenario } from '../define.js'
import {
  aliasArnOf,
  base64Json,
  bodyText,
  createAlias,
  createKey,
  decodeContext,
  keyArnLike,
  otherRegion,
  uniqueAliasName,
  UNKNOWN_KEY_ID,
  withHeader,
} from './kms-support.js'

/**
 * SSE-KMS through S3 (SPEC §4.1, reference §2): which key S3 uses and reports, the encryption
 * context, bucket keys, and KMS failures as S3 reports them (`KMS.<exception>`, HTTP 400).
 * Everything here is observable through the public S3 API on any target.
 */

const BODY = 'sse-kms contract body'

/** The S3 ARN of an object, in the key's partition. */
const objectArn = (key: ContractKey, bucket: string, objectKey: string): string =>
  `arn:${key.arn.split(':')[1] ?? 'aws'}:s3:::${bucket}/${objectKey}`

/** PUT of BODY under `name` with SSE-KMS and the given extra members. */
async function putKms(
  t: ScenarioContext,
  name: string,
  extra: Partial<PutObjectCommandInput> = {},
) {
  return t.s3.send(
    new PutObjectCommand({
      Bucket: t.bucket,
      Key: t.key(name),
      Body: BODY,
      ServerSideEncryption: 'aws:kms',
      ...extra,
    }),
  )
}

/** HEAD and GET of an object: how S3 reports its encryption, and that the body reads back. */
async function checkStoredUnder(
  t: ScenarioContext,
  label: string,
  objectKey: string,
  keyArn: string,
): Promise<void> {
  const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: objectKey }))
  t.check(`${label}: HEAD ServerSideEncryption`, head.ServerSideEncryption, 'aws:kms')
  t.check(`${label}: HEAD SSEKMSKeyId`, head.SSEKMSKeyId, keyArn)
  const get = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: objectKey }))
  t.check(`${label}: GET ServerSideEncryption`, get.ServerSideEncryption, 'aws:kms')
  t.check(`${label}: GET SSEKMSKeyId`, get.SSEKMSKeyId, keyArn)
  t.check(`${label}: GET body`, await bodyText(get.Body), BODY)
}

const awsManagedKey = defineScenario({
  name: 'sse-kms-aws-managed-key',
  description:
    'aws:kms without a key id encrypts under the AWS managed key alias/aws/s3, and every response names that key by ARN.',
  requires: ['sse-kms', 'kms'],
  async run(t) {
    const put = await putKms(t, 'managed')
    t.check('PUT ServerSideEncryption', put.ServerSideEncryption, 'aws:kms')
    const { KeyMetadata } = await t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))
    t.check('PUT SSEKMSKeyId is the ARN of alias/aws/s3', put.SSEKMSKeyId, KeyMetadata?.Arn)
    await checkStoredUnder(t, 'managed key', t.key('managed'), KeyMetadata?.Arn ?? '')
  },
})

const customerKeyByIdAndArn = defineScenario({
  name: 'sse-kms-customer-key-by-id-and-arn',
  description:
    'A customer key named by key id or key ARN encrypts the object, and PUT, HEAD and GET report the key ARN.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    for (const [form, keyId] of [
      ['key id', key.keyId],
      ['key ARN', key.arn],
    ] as const) {
      const name = form.replace(' ', '-')
      const put = await putKms(t, name, { SSEKMSKeyId: keyId })
      t.check(`by ${form}: PUT ServerSideEncryption`, put.ServerSideEncryption, 'aws:kms')
      t.check(`by ${form}: PUT SSEKMSKeyId`, put.SSEKMSKeyId, key.arn)
      await checkStoredUnder(t, `by ${form}`, t.key(name), key.arn)
    }
  },
})

const customerKeyByAlias = defineScenario({
  name: 'sse-kms-customer-key-by-alias',
  description:
    'A customer key named by alias name or alias ARN encrypts under the key the alias points to, and S3 reports the key ARN.',
  requires: ['sse-kms', 'kms', 'kms-aliases'],
  async run(t) {
    const key = await t.customerKey()
    const alias = await createAlias(t, key, 'sse')
    for (const [form, keyId] of [
      ['alias name', alias.name],
      ['alias ARN', alias.arn],
    ] as const) {
      const name = form.replace(' ', '-')
      const put = await putKms(t, name, { SSEKMSKeyId: keyId })
      t.check(`by ${form}: PUT SSEKMSKeyId`, put.SSEKMSKeyId, key.arn)
      await checkStoredUnder(t, `by ${form}`, t.key(name), key.arn)
    }
  },
})

const encryptionContext = defineScenario({
  name: 'sse-kms-encryption-context',
  description:
    'A base64 JSON encryption context is accepted with aws:kms, echoed with aws:s3:arn added, and passed back to KMS so GET works.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    const put = await putKms(t, 'context', {
      SSEKMSKeyId: key.keyId,
      SSEKMSEncryptionContext: base64Json({ tenant: 'acme' }),
    })
    t.check(
      'PUT SSEKMSEncryptionContext',
      decodeContext(put.SSEKMSEncryptionContext),
      { tenant: 'acme', 'aws:s3:arn': objectArn(key, t.bucket, t.key('context')) },
      { openQuestion: 'uncaptured: whether the echoed context includes the aws:s3:arn S3 adds' },
    )
    await checkStoredUnder(t, 'with a context', t.key('context'), key.arn)
    const explicit = await putKms(t, 'explicit-arn', {
      SSEKMSKeyId: key.keyId,
      SSEKMSEncryptionContext: base64Json({
        'aws:s3:arn': objectArn(key, t.bucket, t.key('explicit-arn')),
      }),
    })
    t.check(
      'PUT naming its own object ARN as aws:s3:arn is accepted',
      explicit.SSEKMSKeyId,
      key.arn,
    )
  },
})

const contextNamingAnotherObject = defineScenario({
  name: 'sse-kms-context-names-another-object',
  description:
    'A user-supplied aws:s3:arn that is not the object being written is refused with 400.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await t.expectError(
      'PUT with aws:s3:arn of another object',
      putKms(t, 'mismatch', {
        SSEKMSKeyId: key.keyId,
        SSEKMSEncryptionContext: base64Json({
          'aws:s3:arn': objectArn(key, t.bucket, t.key('someone-else')),
        }),
      }),
      { status: 400, code: 'InvalidArgument' },
      { openQuestion: 'reference §6.5: code and text for a mismatched aws:s3:arn' },
    )
  },
})

const malformedContext = defineScenario({
  name: 'sse-kms-malformed-context',
  description:
    'An encryption context header that is not base64 of a JSON string-to-string map is refused with 400 InvalidArgument.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    const refusal = {
      status: 400,
      code: 'InvalidArgument',
      message:
        "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map",
    }
    const openQuestion = 'reference §6.5: the code of the malformed-context error (text quoted)'
    for (const [label, value] of [
      ['not base64 JSON', 'not base64 json'],
      ['a JSON array', Buffer.from('[1,2]').toString('base64')],
      ['a non-string value', base64Json({ count: 1 })],
    ] as const) {
      await t.expectError(
        `PUT with a context that is ${label}`,
        putKms(t, 'malformed', { SSEKMSKeyId: key.keyId, SSEKMSEncryptionContext: value }),
        refusal,
        { openQuestion },
      )
    }
  },
})

const bucketKeyEnabled = defineScenario({
  name: 'sse-kms-bucket-key-enabled',
  description:
    'BucketKeyEnabled on an SSE-KMS PUT is reported back by PUT, HEAD and GET; without it S3 reports no bucket key.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    const put = await putKms(t, 'bucket-key', { SSEKMSKeyId: key.keyId, BucketKeyEnabled: true })
    t.check('PUT BucketKeyEnabled', put.BucketKeyEnabled, true)
    const head = await t.s3.send(
      new HeadObjectCommand({ Bucket: t.bucket, Key: t.key('bucket-key') }),
    )
    t.check('HEAD BucketKeyEnabled', head.BucketKeyEnabled, true)
    const get = await t.s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key: t.key('bucket-key') }),
    )
    t.check('GET BucketKeyEnabled', get.BucketKeyEnabled, true)
    t.check('GET body', await bodyText(get.Body), BODY)
    const plain = await putKms(t, 'no-bucket-key', { SSEKMSKeyId: key.keyId })
    t.check('PUT without a bucket key: BucketKeyEnabled', plain.BucketKeyEnabled, undefined, {
      openQuestion: 'uncaptured: whether S3 sends bucket-key-enabled: false or omits it',
    })
  },
})

const etagIsNotMd5 = defineScenario({
  name: 'sse-kms-etag-is-not-md5',
  description:
    'SSE-KMS ETags are not the MD5 of the body and differ between two PUTs of the same body; SSE-S3 ETags are the MD5.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    const md5 = `"${createHash('md5').update(BODY).digest('hex')}"`
    const first = await putKms(t, 'etag-1', { SSEKMSKeyId: key.keyId })
    const second = await putKms(t, 'etag-2', { SSEKMSKeyId: key.keyId })
    t.check('SSE-KMS ETag is not the MD5', first.ETag === md5, false)
    t.check('two SSE-KMS ETags of the same body differ', first.ETag === second.ETag, false)
    const sseS3 = await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('etag-s3'),
        Body: BODY,
        ServerSideEncryption: 'AES256',
      }),
    )
    t.check('SSE-S3 ETag is the MD5', sseS3.ETag, md5)
  },
})

const copyChangesEncryption = defineScenario({
  name: 'sse-kms-copy-sets-destination-encryption',
  description:
    'CopyObject encrypts the copy as its own headers say: SSE-S3 to SSE-KMS and back; the source context is not carried over.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('source-s3'),
        Body: BODY,
        ServerSideEncryption: 'AES256',
      }),
    )
    const toKms = await t.s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key: t.key('copy-kms'),
        CopySource: `${t.bucket}/${t.key('source-s3')}`,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.keyId,
      }),
    )
    t.check('copy to SSE-KMS: ServerSideEncryption', toKms.ServerSideEncryption, 'aws:kms')
    t.check('copy to SSE-KMS: SSEKMSKeyId', toKms.SSEKMSKeyId, key.arn)
    await checkStoredUnder(t, 'the SSE-KMS copy', t.key('copy-kms'), key.arn)

    await putKms(t, 'source-kms', {
      SSEKMSKeyId: key.keyId,
      SSEKMSEncryptionContext: base64Json({ tenant: 'acme' }),
    })
    const toS3 = await t.s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key: t.key('copy-s3'),
        CopySource: `${t.bucket}/${t.key('source-kms')}`,
        ServerSideEncryption: 'AES256',
      }),
    )
    t.check('copy to SSE-S3: ServerSideEncryption', toS3.ServerSideEncryption, 'AES256')
    t.check('copy to SSE-S3: SSEKMSKeyId', toS3.SSEKMSKeyId, undefined)
    const copied = await t.s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key: t.key('copy-s3') }),
    )
    t.check('copy to SSE-S3: GET body', await bodyText(copied.Body), BODY)

    const recopied = await t.s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key: t.key('copy-kms-again'),
        CopySource: `${t.bucket}/${t.key('source-kms')}`,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.keyId,
      }),
    )
    t.check(
      'SSE-KMS copy sending no context: the source context is not echoed',
      recopied.SSEKMSEncryptionContext,
      undefined,
      { openQuestion: 'uncaptured: whether S3 echoes a context the request did not send' },
    )
    const again = await t.s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key: t.key('copy-kms-again') }),
    )
    t.check('SSE-KMS copy sending no context: GET body', await bodyText(again.Body), BODY)
  },
})

const multipart = defineScenario({
  name: 'sse-kms-multipart-upload',
  description:
    'A multipart upload created with SSE-KMS reports aws:kms and the key ARN on create, every part and complete.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    const objectKey = t.key('multipart')
    const created = await t.s3.send(
      new CreateMultipartUploadCommand({
        Bucket: t.bucket,
        Key: objectKey,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.keyId,
      }),
    )
    t.check('Create: ServerSideEncryption', created.ServerSideEncryption, 'aws:kms')
    t.check('Create: SSEKMSKeyId', created.SSEKMSKeyId, key.arn)
    const part = await t.s3.send(
      new UploadPartCommand({
        Bucket: t.bucket,
        Key: objectKey,
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: BODY,
      }),
    )
    t.check('UploadPart: ServerSideEncryption', part.ServerSideEncryption, 'aws:kms')
    t.check('UploadPart: SSEKMSKeyId', part.SSEKMSKeyId, key.arn)
    const completed = await t.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: t.bucket,
        Key: objectKey,
        UploadId: created.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    )
    t.check('Complete: ServerSideEncryption', completed.ServerSideEncryption, 'aws:kms')
    t.check('Complete: SSEKMSKeyId', completed.SSEKMSKeyId, key.arn)
    await checkStoredUnder(t, 'the completed object', objectKey, key.arn)
  },
})

const disabledKey = defineScenario({
  name: 'sse-kms-disabled-key',
  description:
    'With its key disabled, PUT and GET of SSE-KMS objects fail with KMS.DisabledException (400); enabling the key restores GET.',
  requires: ['sse-kms', 'kms', 'kms-create-keys'],
  async run(t) {
    const key = await createKey(t)
    await putKms(t, 'before', { SSEKMSKeyId: key.keyId })
    await t.kms.send(new DisableKeyCommand({ KeyId: key.keyId }))
    const disabled = {
      status: 400,
      code: 'KMS.DisabledException',
      message: `${key.arn} is disabled.`,
    }
    await t.expectError(
      'GET of an object under the disabled key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key('before') })),
      disabled,
    )
    await t.expectError(
      'PUT under the disabled key',
      putKms(t, 'after', { SSEKMSKeyId: key.keyId }),
      disabled,
    )
    await t.kms.send(new EnableKeyCommand({ KeyId: key.keyId }))
    const get = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key('before') }))
    t.check('GET after EnableKey', await bodyText(get.Body), BODY)
  },
})

const pendingDeletionKey = defineScenario({
  name: 'sse-kms-pending-deletion-key',
  description:
    'With its key pending deletion, GET and PUT of SSE-KMS objects fail with KMS.KMSInvalidStateException (400).',
  requires: ['sse-kms', 'kms', 'kms-create-keys'],
  async run(t) {
    const key = await createKey(t)
    await putKms(t, 'before', { SSEKMSKeyId: key.keyId })
    await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }))
    const pending = {
      status: 400,
      code: 'KMS.KMSInvalidStateException',
      message: `${key.arn} is pending deletion.`,
    }
    await t.expectError(
      'GET of an object under the key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key('before') })),
      pending,
    )
    await t.expectError(
      'PUT under the key',
      putKms(t, 'after', { SSEKMSKeyId: key.keyId }),
      pending,
      {
        openQuestion: 'reference §6.6: PUT with a pending-deletion key through S3',
      },
    )
  },
})

const unknownKey = defineScenario({
  name: 'sse-kms-unknown-key',
  description:
    'A key id S3 cannot find fails the PUT with KMS.NotFoundException (400), worded by the form used.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    const missingArn = keyArnLike(key, UNKNOWN_KEY_ID)
    const elsewhere = otherRegion(t.region)
    const cases: [string, string, string][] = [
      ['fake-key-id', 'fake-key-id', "Invalid keyId 'fake-key-id'"],
      ['an unknown key id', UNKNOWN_KEY_ID, `Key '${missingArn}' does not exist`],
      ['an unknown key ARN', missingArn, `Key '${missingArn}' does not exist`],
      [
        'a key ARN of another region',
        key.arn.replace(`:${t.region}:`, `:${elsewhere}:`),
        `Invalid arn ${elsewhere}`,
      ],
    ]
    for (const [label, keyId, message] of cases) {
      await t.expectError(`PUT with ${label}`, putKms(t, 'unknown', { SSEKMSKeyId: keyId }), {
        status: 400,
        code: 'KMS.NotFoundException',
        message,
      })
    }
  },
})

const aliasNotFound = defineScenario({
  name: 'sse-kms-alias-not-found',
  description:
    'An alias name or alias ARN that names no alias fails the PUT with KMS.NotFoundException (400).',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    const missing = uniqueAliasName(t, 'missing')
    const expected = {
      status: 400,
      code: 'KMS.NotFoundException',
      message: `Alias ${aliasArnOf(key, missing)} is not found.`,
    }
    const openQuestion = 'reference §6.6: alias not found through S3'
    await t.expectError(
      'PUT with an unknown alias name',
      putKms(t, 'alias-name', { SSEKMSKeyId: missing }),
      expected,
      { openQuestion },
    )
    await t.expectError(
      'PUT with an unknown alias ARN',
      putKms(t, 'alias-arn', { SSEKMSKeyId: aliasArnOf(key, missing) }),
      expected,
      { openQuestion },
    )
  },
})

const nonSymmetricKey = defineScenario({
  name: 'sse-kms-needs-a-symmetric-key',
  description:
    'S3 encrypts only with symmetric ENCRYPT_DECRYPT keys: a signing, HMAC or RSA key fails the PUT with KMS.InvalidKeyUsageException.',
  requires: ['sse-kms', 'kms', 'kms-create-keys'],
  async run(t) {
    const openQuestion = 'reference §6.4: an asymmetric or HMAC key named for SSE-KMS'
    const signing = await createKey(t, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    await t.expectError(
      'PUT with a SIGN_VERIFY key',
      putKms(t, 'signing', { SSEKMSKeyId: signing.keyId }),
      {
        status: 400,
        code: 'KMS.InvalidKeyUsageException',
        message: `${signing.arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKey.`,
      },
      { openQuestion },
    )
    const mac = await createKey(t, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await t.expectError(
      'PUT with an HMAC key',
      putKms(t, 'hmac', { SSEKMSKeyId: mac.keyId }),
      {
        status: 400,
        code: 'KMS.InvalidKeyUsageException',
        message: `${mac.arn} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.`,
      },
      { openQuestion },
    )
    const rsa = await createKey(t, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
    await t.expectError(
      'PUT with an RSA ENCRYPT_DECRYPT key',
      putKms(t, 'rsa', { SSEKMSKeyId: rsa.keyId }),
      { status: 400, code: 'KMS.InvalidKeyUsageException' },
      { openQuestion },
    )
  },
})

const sseHeadersOnRead = defineScenario({
  name: 'sse-kms-headers-refused-on-get-and-head',
  description:
    'GET and HEAD of an SSE-KMS object that send x-amz-server-side-encryption request headers get 400.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await putKms(t, 'read-me', { SSEKMSKeyId: key.keyId })
    const openQuestion = 'reference §6.3: code and message for SSE-KMS headers on GET/HEAD'
    const read = { Bucket: t.bucket, Key: t.key('read-me') }
    await t.expectError(
      'GET with x-amz-server-side-encryption: aws:kms',
      t.s3.send(withHeader(new GetObjectCommand(read), 'x-amz-server-side-encryption', 'aws:kms')),
      {
        status: 400,
        code: 'InvalidArgument',
        message: 'x-amz-server-side-encryption header is not supported for this operation.',
      },
      { openQuestion },
    )
    await t.expectError(
      'GET with x-amz-server-side-encryption-aws-kms-key-id',
      t.s3.send(
        withHeader(
          new GetObjectCommand(read),
          'x-amz-server-side-encryption-aws-kms-key-id',
          key.arn,
        ),
      ),
      {
        status: 400,
        code: 'InvalidArgument',
        message:
          'x-amz-server-side-encryption-aws-kms-key-id header is not supported for this operation.',
      },
      { openQuestion },
    )
    // HEAD answers have no body, so only the status is observable: the SDK names a bodyless
    // 400 `Unknown`.
    await t.expectError(
      'HEAD with x-amz-server-side-encryption: aws:kms',
      t.s3.send(withHeader(new HeadObjectCommand(read), 'x-amz-server-side-encryption', 'aws:kms')),
      { status: 400, code: 'Unknown' },
      { openQuestion },
    )
  },
})

const keyIdWithoutAwsKms = defineScenario({
  name: 'sse-kms-key-id-without-aws-kms',
  description:
    'A KMS key id header without x-amz-server-side-encryption: aws:kms is refused with 400 InvalidArgument.',
  requires: ['sse-kms'],
  async run(t) {
    const key = await t.customerKey()
    await t.expectError(
      'PUT with SSEKMSKeyId only',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: t.key('key-only'),
          Body: BODY,
          SSEKMSKeyId: key.keyId,
        }),
      ),
      {
        status: 400,
        code: 'InvalidArgument',
        message:
          'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
      },
      {
        openQuestion: 'uncaptured: text for a key id without aws:kms (MinIO text, reference §2.1)',
      },
    )
  },
})

const unknownMethod = defineScenario({
  name: 'sse-unknown-encryption-method',
  description:
    'An x-amz-server-side-encryption value S3 does not know (e.g. lower-case aes256) is refused with 400.',
  requires: [],
  async run(t) {
    await t.expectError(
      'PUT with x-amz-server-side-encryption: aes256',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: t.key('unknown-method'),
          Body: BODY,
          ServerSideEncryption: 'aes256' as PutObjectCommandInput['ServerSideEncryption'],
        }),
      ),
      {
        status: 400,
        code: 'InvalidArgument',
        message: 'The encryption method specified is not supported',
      },
    )
  },
})

export const s3SseKmsScenarios: readonly Scenario[] = [
  awsManagedKey,
  customerKeyByIdAndArn,
  customerKeyByAlias,
  encryptionContext,
  contextNamingAnotherObject,
  malformedContext,
  bucketKeyEnabled,
  etagIsNotMd5,
  copyChangesEncryption,
  multipart,
  disabledKey,
  pendingDeletionKey,
  unknownKey,
  aliasNotFound,
  nonSymmetricKey,
  sseHeadersOnRead,
  keyIdWithoutAwsKms,
  unknownMethod,
]
