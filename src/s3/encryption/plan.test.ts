import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isAwsError } from '../../core/aws-error.js'
import { defaultEncryptionRule } from '../bucket.js'
import { Secret } from '../../core/secret.js'
import type { EncryptionRequest, ServerSideEncryptionRule } from '../shapes.js'
import { decodeContext, encodeContext, planEncryption, type PlanTarget } from './plan.js'

const target: PlanTarget = {
  bucket: 'b1',
  key: 'dir/k.txt',
  region: 'us-east-1',
  signature: 'sigv4',
  secure: true,
}
const sseS3Default = defaultEncryptionRule(true)
const objectArn = 'arn:aws:s3:::b1/dir/k.txt'
const bucketArn = 'arn:aws:s3:::b1'
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64')

function plan(
  request: EncryptionRequest,
  rule: ServerSideEncryptionRule = sseS3Default,
  where: PlanTarget = target,
) {
  return planEncryption(request, rule, where)
}

function failure(
  request: EncryptionRequest,
  rule: ServerSideEncryptionRule = sseS3Default,
  where: PlanTarget = target,
) {
  try {
    plan(request, rule, where)
  } catch (error) {
    if (!isAwsError(error)) throw error
    return { code: error.code, status: error.status, message: error.message, fields: error.fields }
  }
  throw new Error('expected the plan to fail')
}

const REQUIRES_KMS =
  'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms'
const BAD_CONTEXT =
  "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map"

describe('planEncryption: choosing the envelope', () => {
  it('gives SSE-S3 to a request without SSE members on a default bucket, and to AES256', () => {
    expect(plan({})).toEqual({ kind: 'SSE-S3' })
    expect(plan({ ServerSideEncryption: 'AES256' })).toEqual({ kind: 'SSE-S3' })
    // Empty values count as absent; a bucket-key flag means nothing to SSE-S3.
    expect(plan({ ServerSideEncryption: '', SSEKMSKeyId: '', BucketKeyEnabled: true })).toEqual({
      kind: 'SSE-S3',
    })
  })

  it('uses aws/s3 and the object ARN for aws:kms without a key id', () => {
    expect(plan({ ServerSideEncryption: 'aws:kms' })).toEqual({
      kind: 'SSE-KMS',
      algorithm: 'aws:kms',
      keyId: 'alias/aws/s3',
      encryptionContext: { 'aws:s3:arn': objectArn },
      contextFromRequest: false,
      bucketKeyEnabled: false,
    })
  })

  it('keeps the key id as named and adds the user context', () => {
    const p = plan({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/mine',
      SSEKMSEncryptionContext: b64(JSON.stringify({ project: 'anchor', 'tenant id': 'é' })),
    })
    expect(p).toMatchObject({
      keyId: 'alias/mine',
      encryptionContext: { project: 'anchor', 'tenant id': 'é', 'aws:s3:arn': objectArn },
      contextFromRequest: true,
    })
  })

  it('accepts a user aws:s3:arn equal to the object ARN and rejects any other', () => {
    const same = b64(JSON.stringify({ 'aws:s3:arn': objectArn }))
    expect(plan({ ServerSideEncryption: 'aws:kms', SSEKMSEncryptionContext: same })).toMatchObject({
      encryptionContext: { 'aws:s3:arn': objectArn },
    })
    const other = b64(JSON.stringify({ 'aws:s3:arn': 'arn:aws:s3:::b1/other' }))
    expect(failure({ ServerSideEncryption: 'aws:kms', SSEKMSEncryptionContext: other })).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: `The encryption context key aws:s3:arn must be ${objectArn} for this request`,
      fields: { ArgumentName: 'x-amz-server-side-encryption-context' },
    })
  })

  it('names the bucket in the context with a bucket key, and refuses the object ARN then', () => {
    expect(plan({ ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true })).toMatchObject({
      bucketKeyEnabled: true,
      encryptionContext: { 'aws:s3:arn': bucketArn },
    })
    const objectContext = b64(JSON.stringify({ 'aws:s3:arn': objectArn }))
    expect(
      failure({
        ServerSideEncryption: 'aws:kms',
        BucketKeyEnabled: true,
        SSEKMSEncryptionContext: objectContext,
      }).code,
    ).toBe('InvalidArgument')
  })

  it('never uses a bucket key for DSSE-KMS', () => {
    expect(plan({ ServerSideEncryption: 'aws:kms:dsse', BucketKeyEnabled: true })).toMatchObject({
      algorithm: 'aws:kms:dsse',
      bucketKeyEnabled: false,
      encryptionContext: { 'aws:s3:arn': objectArn },
    })
  })

  it('applies the bucket default to requests without SSE members', () => {
    const kmsDefault: ServerSideEncryptionRule = {
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-arn' },
      BucketKeyEnabled: true,
    }
    expect(plan({}, kmsDefault)).toEqual({
      kind: 'SSE-KMS',
      algorithm: 'aws:kms',
      keyId: 'key-arn',
      encryptionContext: { 'aws:s3:arn': bucketArn },
      contextFromRequest: false,
      bucketKeyEnabled: true,
    })
    expect(
      plan({}, { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }),
    ).toMatchObject({ keyId: 'alias/aws/s3', bucketKeyEnabled: false })
    expect(plan({}, {})).toEqual({ kind: 'SSE-S3' })
    // A request naming aws:kms without a key gets aws/s3, not the bucket's key, but the bucket's
    // bucket-key setting applies unless the request says otherwise.
    expect(plan({ ServerSideEncryption: 'aws:kms' }, kmsDefault)).toMatchObject({
      keyId: 'alias/aws/s3',
      bucketKeyEnabled: true,
    })
    expect(
      plan({ ServerSideEncryption: 'aws:kms', BucketKeyEnabled: false }, kmsDefault),
    ).toMatchObject({ bucketKeyEnabled: false })
    // An explicit AES256 wins over a KMS default.
    expect(plan({ ServerSideEncryption: 'AES256' }, kmsDefault)).toEqual({ kind: 'SSE-S3' })
  })

  it('uses the partition of the bucket region in ARNs', () => {
    expect(
      plan({ ServerSideEncryption: 'aws:kms' }, sseS3Default, { ...target, region: 'cn-north-1' }),
    ).toMatchObject({ encryptionContext: { 'aws:s3:arn': 'arn:aws-cn:s3:::b1/dir/k.txt' } })
  })
})

describe('planEncryption: error rows of reference §2.1', () => {
  it('refuses an unknown algorithm', () => {
    for (const value of ['aes256', 'true', 'aws:fsx', 'AES-256']) {
      expect(failure({ ServerSideEncryption: value })).toEqual({
        code: 'InvalidArgument',
        status: 400,
        message: 'The encryption method specified is not supported',
        fields: { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: value },
      })
    }
  })

  it('refuses a KMS key id or context without aws:kms', () => {
    const expected = {
      code: 'InvalidArgument',
      status: 400,
      message: REQUIRES_KMS,
      fields: { ArgumentName: 'x-amz-server-side-encryption' },
    }
    expect(failure({ SSEKMSKeyId: 'alias/x' })).toEqual(expected)
    expect(failure({ ServerSideEncryption: 'AES256', SSEKMSKeyId: 'alias/x' })).toEqual(expected)
    expect(failure({ SSEKMSEncryptionContext: b64('{}') })).toEqual(expected)
    // Even when the bucket default is KMS: the rule is about the request's own members.
    expect(
      failure(
        { SSEKMSKeyId: 'alias/x' },
        { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
      ),
    ).toEqual(expected)
  })

  it('refuses a context that is not base64 of a UTF-8 JSON string map', () => {
    const bad = [
      '{"a":"b"}', // raw JSON, as the SDK sends it when not encoded by the caller
      b64('not json'),
      b64('["a"]'),
      b64('"a"'),
      b64('null'),
      b64('{"a":1}'),
      b64('{"a":{"b":"c"}}'),
      Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x22, 0x22, 0x7d]).toString('base64'),
      '',
      'e30', // base64 without padding
    ]
    for (const header of bad) {
      expect(failure({ ServerSideEncryption: 'aws:kms', SSEKMSEncryptionContext: header })).toEqual(
        {
          code: 'InvalidArgument',
          status: 400,
          message: BAD_CONTEXT,
          fields: { ArgumentName: 'x-amz-server-side-encryption-context' },
        },
      )
    }
  })

  it('refuses SSE-KMS without SigV4', () => {
    for (const signature of ['sigv2', 'anonymous'] as const) {
      expect(
        failure({ ServerSideEncryption: 'aws:kms' }, sseS3Default, { ...target, signature }),
      ).toEqual({
        code: 'InvalidArgument',
        status: 400,
        message:
          'Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.',
        fields: { ArgumentName: 'Authorization', ArgumentValue: 'null' },
      })
      // Also when the KMS comes from the bucket default; SSE-S3 does not care.
      expect(
        failure(
          {},
          { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          {
            ...target,
            signature,
          },
        ).code,
      ).toBe('InvalidArgument')
      expect(plan({}, sseS3Default, { ...target, signature })).toEqual({ kind: 'SSE-S3' })
    }
  })

  it('blocks SSE-C on blocked buckets first, then refuses SSE-C mixed with another method', () => {
    const key = Buffer.alloc(32, 9)
    const keyMd5 = createHash('md5').update(key).digest('base64')
    const ssec = {
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKey: new Secret(new TextEncoder().encode(key.toString('base64'))),
      SSECustomerKeyMD5: keyMd5,
    }
    expect(failure({ ...ssec, ServerSideEncryption: 'aws:kms' })).toMatchObject({
      code: 'AccessDenied',
      status: 403,
    })
    const unblocked = defaultEncryptionRule(false)
    expect(failure({ ...ssec, ServerSideEncryption: 'AES256' }, unblocked)).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message:
        'Server Side Encryption with Customer provided key is incompatible with the encryption method specified',
      fields: { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: 'AES256' },
    })
    expect(plan(ssec, unblocked)).toMatchObject({ kind: 'SSE-C', customerKey: { keyMd5 } })
    expect(failure(ssec, unblocked, { ...target, secure: false })).toMatchObject({
      code: 'InvalidRequest',
      status: 400,
    })
  })
})

describe('encryption context codec', () => {
  it('round-trips a map and decodes what other SDKs send', () => {
    const context = { 'aws:s3:arn': objectArn, a: 'b' }
    expect(decodeContext(encodeContext(context))).toEqual(context)
    expect(decodeContext(b64('{}'))).toEqual({})
  })
})
