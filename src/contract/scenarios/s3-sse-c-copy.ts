import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { defineScenario, type Scenario, type ScenarioContext } from '../define.js'
import {
  allowSseC,
  copySourceSseC,
  type CustomerKey,
  encryptionOf,
  md5Hex,
  newCustomerKey,
  OPEN,
  SSE_C,
  sseC,
  sseCOutput,
  textOf,
} from './s3-sse-c.js'

/**
 * SSE-C and CopyObject (SPEC §4.2, reference §1.1–§1.2): the source's key comes in the
 * `x-amz-copy-source-…-customer-*` trio, the destination's in the usual one; they are independent.
 */

const BODY = 'copied under another key'

const REQUIRES = ['sse-c', 'https', 'create-bucket'] as const

/** Puts an SSE-C source object and returns its key name. */
async function sseCSource(t: ScenarioContext, key: CustomerKey): Promise<string> {
  const Key = t.key('source.txt')
  await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(key) }))
  return Key
}

const copySource = (t: ScenarioContext, Key: string): string => `${t.bucket}/${Key}`

/** The encryption members of an output, with the KMS key. */
const withKmsKey = (
  out: Parameters<typeof encryptionOf>[0] & { SSEKMSKeyId?: string | undefined },
) => ({
  ...encryptionOf(out),
  SSEKMSKeyId: out.SSEKMSKeyId,
})

const betweenKeys = defineScenario({
  name: 'sse-c-copy-between-keys',
  description:
    'CopyObject reads the source with its customer key and writes the copy under another one; each object opens only with its own key.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const sourceKey = newCustomerKey()
    const targetKey = newCustomerKey()
    const source = await sseCSource(t, sourceKey)
    const Key = t.key('target.txt')
    const copied = await t.s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key,
        CopySource: copySource(t, source),
        ...copySourceSseC(sourceKey),
        ...sseC(targetKey),
      }),
    )
    t.check(
      'CopyObject: encryption reported (the target key)',
      encryptionOf(copied),
      sseCOutput(targetKey),
    )

    const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(targetKey) }))
    t.check('GET copy with the target key', await textOf(got.Body), BODY)
    await t.expectError(
      'GET copy with the source key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(sourceKey) })),
      { status: 403, code: 'AccessDenied', message: SSE_C.wrongKey },
    )
    const original = await t.s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key: source, ...sseC(sourceKey) }),
    )
    t.check('GET source with the source key (unchanged)', await textOf(original.Body), BODY)
  },
})

const sourceWithoutKey = defineScenario({
  name: 'sse-c-copy-source-without-key',
  description:
    'CopyObject of an SSE-C source without the copy-source SSE-C headers is refused with 400 InvalidRequest.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const source = await sseCSource(t, newCustomerKey())
    await t.expectError(
      'CopyObject without the source key',
      t.s3.send(
        new CopyObjectCommand({
          Bucket: t.bucket,
          Key: t.key('target.txt'),
          CopySource: copySource(t, source),
        }),
      ),
      { status: 400, code: 'InvalidRequest', message: SSE_C.keyRequired },
    )
  },
})

const sourceWrongKey = defineScenario({
  name: 'sse-c-copy-source-wrong-key',
  description:
    'CopyObject naming the wrong customer key for an SSE-C source is refused with 403 AccessDenied.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const source = await sseCSource(t, newCustomerKey())
    await t.expectError(
      'CopyObject with another source key',
      t.s3.send(
        new CopyObjectCommand({
          Bucket: t.bucket,
          Key: t.key('target.txt'),
          CopySource: copySource(t, source),
          ...copySourceSseC(newCustomerKey()),
        }),
      ),
      { status: 403, code: 'AccessDenied', message: 'Access Denied' },
      { openQuestion: OPEN.copyWrongKey },
    )
  },
})

const toSseKms = defineScenario({
  name: 'sse-c-copy-to-sse-kms',
  description:
    'CopyObject of an SSE-C source with aws:kms for the target re-encrypts the copy under the KMS key; it then reads without a customer key.',
  requires: [...REQUIRES, 'sse-kms'],
  async run(t) {
    await allowSseC(t)
    const kmsKey = await t.customerKey()
    const sourceKey = newCustomerKey()
    const source = await sseCSource(t, sourceKey)
    const Key = t.key('target.txt')
    const copied = await t.s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key,
        CopySource: copySource(t, source),
        ...copySourceSseC(sourceKey),
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: kmsKey.arn,
      }),
    )
    const expected = {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKey.arn,
      SSECustomerAlgorithm: undefined,
      SSECustomerKeyMD5: undefined,
    }
    t.check('CopyObject: encryption reported', withKmsKey(copied), expected)
    const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key }))
    t.check('GET copy without a customer key', await textOf(got.Body), BODY)
    t.check('GET copy: encryption reported', withKmsKey(got), expected)
  },
})

const plainToSseC = defineScenario({
  name: 'sse-c-copy-plain-to-sse-c',
  description:
    'CopyObject of an object stored without SSE-C, with a customer key for the target, gives an SSE-C copy that needs that key.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const source = t.key('plain.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: source, Body: BODY }))
    const key = newCustomerKey()
    const Key = t.key('target.txt')
    const copied = await t.s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key,
        CopySource: copySource(t, source),
        ...sseC(key),
      }),
    )
    t.check('CopyObject: encryption reported', encryptionOf(copied), sseCOutput(key))
    const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }))
    t.check('GET copy with the key', await textOf(got.Body), BODY)
    await t.expectError(
      'GET copy without the key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key })),
      { status: 400, code: 'InvalidRequest', message: SSE_C.keyRequired },
    )
  },
})

const sseCToPlain = defineScenario({
  name: 'sse-c-copy-to-plain',
  description:
    'CopyObject of an SSE-C source with no encryption for the target gives an SSE-S3 copy whose ETag is the MD5 of the body again.',
  requires: REQUIRES,
  async run(t) {
    await allowSseC(t)
    const sourceKey = newCustomerKey()
    const source = await sseCSource(t, sourceKey)
    const Key = t.key('target.txt')
    const copied = await t.s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key,
        CopySource: copySource(t, source),
        ...copySourceSseC(sourceKey),
      }),
    )
    t.check('CopyObject: encryption reported', encryptionOf(copied), {
      ServerSideEncryption: 'AES256',
      SSECustomerAlgorithm: undefined,
      SSECustomerKeyMD5: undefined,
    })
    t.check(
      'CopyObject: ETag is the MD5 of the body',
      copied.CopyObjectResult?.ETag,
      `"${md5Hex(BODY)}"`,
    )
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key }))
    t.check('HEAD copy without a key: SSE', head.ServerSideEncryption, 'AES256')
  },
})

export const sseCCopyScenarios: readonly Scenario[] = [
  betweenKeys,
  sourceWithoutKey,
  sourceWrongKey,
  toSseKms,
  plainToSseC,
  sseCToPlain,
]
