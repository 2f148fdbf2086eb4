import { CreateKeyCommand } from '@aws-sdk/client-kms'
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, kmsClient, useMockAws } from '../../support/kms.js'
import { bodyBytes, s3Client } from '../../support/s3.js'
import { customerKey, sseC, unblockSseC } from '../../support/sse-c.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws({ endpoints: ['http://localhost:4566'] })
const s3 = s3Client()
const BUCKET = 'vault'
const OBJECTS = `arn:aws:s3:::${BUCKET}/*`
const ROOT = 'arn:aws:iam::123456789012:root'
const SSE_C_ALGORITHM = 's3:x-amz-server-side-encryption-customer-algorithm'

let keyArn: string
let keyId: string

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }))
  // New buckets block public policies (since April 2023); these tests put public ones.
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: BUCKET }))
  const { KeyMetadata } = await kmsClient().send(new CreateKeyCommand({}))
  keyArn = KeyMetadata?.Arn ?? ''
  keyId = KeyMetadata?.KeyId ?? ''
})

async function setPolicy(...Statement: Record<string, unknown>[]): Promise<void> {
  const Policy = JSON.stringify({ Version: '2012-10-17', Statement })
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy }))
}

const deny = (Action: string | string[], Condition?: Record<string, unknown>) => ({
  Effect: 'Deny',
  Principal: '*',
  Action,
  Resource: OBJECTS,
  ...(Condition === undefined ? {} : { Condition }),
})

const put = (Key: string, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
  s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'payload', ...extra }))

/** A refused call: 403 with S3's explicit-deny text, and nothing in the world changed. */
async function explicitlyDenied(send: () => Promise<unknown>, action: string, resource: string) {
  const error = await expectUnchanged(aws, () => errorOf(send()))
  expect({
    name: error.name,
    status: error.$metadata.httpStatusCode,
    message: error.message,
  }).toEqual({
    name: 'AccessDenied',
    status: 403,
    message: `User: ${ROOT} is not authorized to perform: ${action} on resource: "${resource}" with an explicit deny in a resource-based policy`,
  })
}

describe('bucket policies on encryption headers', () => {
  it('deny unencrypted uploads: only aws:kms in the request passes; the refusal is audited', async () => {
    await setPolicy(
      deny('s3:PutObject', {
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      }),
      deny('s3:PutObject', { Null: { 's3:x-amz-server-side-encryption': 'true' } }),
    )
    await explicitlyDenied(
      () => put('plain.txt'),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/plain.txt`,
    )
    const event = aws.audit.events({ eventName: 'PutObject' }).at(-1)
    expect(event?.errorCode).toBe('AccessDenied')
    expect(event?.errorMessage).toContain('with an explicit deny in a resource-based policy')
    expect(event?.requestParameters).toEqual({ bucketName: BUCKET, key: 'plain.txt' })

    await explicitlyDenied(
      () => put('aes.txt', { ServerSideEncryption: 'AES256' }),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/aes.txt`,
    )
    const ok = await put('kms.txt', { ServerSideEncryption: 'aws:kms' })
    expect(ok.ServerSideEncryption).toBe('aws:kms')
  })

  it('judges the request, not the bucket default: a default of SSE-KMS does not satisfy it', async () => {
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: BUCKET,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
        },
      }),
    )
    await setPolicy(deny('s3:PutObject', { Null: { 's3:x-amz-server-side-encryption': 'true' } }))
    await explicitlyDenied(() => put('x'), 's3:PutObject', `arn:aws:s3:::${BUCKET}/x`)
  })

  it('treats every multipart step as s3:PutObject: parts carry no SSE header (botocore#471)', async () => {
    await setPolicy(
      deny('s3:PutObject', {
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      }),
    )
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'big',
        ServerSideEncryption: 'aws:kms',
      }),
    )
    const part = { Bucket: BUCKET, Key: 'big', UploadId, PartNumber: 1, Body: 'part' }
    await explicitlyDenied(
      () => s3.send(new UploadPartCommand(part)),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/big`,
    )

    // IfExists alone would not help (an absent key makes it true, so the Deny still applies);
    // adding Null false confines the Deny to requests that send the header (aws/copilot-cli#5329).
    await setPolicy(
      deny('s3:PutObject', {
        StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        Null: { 's3:x-amz-server-side-encryption': 'false' },
      }),
    )
    const { ETag } = await s3.send(new UploadPartCommand(part))
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'big',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] },
      }),
    )
    await explicitlyDenied(
      () =>
        s3.send(
          new CreateMultipartUploadCommand({
            Bucket: BUCKET,
            Key: 'b2',
            ServerSideEncryption: 'AES256',
          }),
        ),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/b2`,
    )
  })

  it('requires a specific KMS key: the condition sees the key id exactly as the header sends it', async () => {
    await setPolicy(
      deny('s3:PutObject', {
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn },
      }),
    )
    const ok = await put('right', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })
    expect(ok.SSEKMSKeyId).toBe(keyArn)
    // The same key by its bare id is another string: refused.
    await explicitlyDenied(
      () => put('bare', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId }),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/bare`,
    )
    // No key id header at all (the AWS managed key) is absent, which StringNotEquals denies.
    await explicitlyDenied(
      () => put('managed', { ServerSideEncryption: 'aws:kms' }),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/managed`,
    )
  })

  it('denies plain http with aws:SecureTransport false; https passes; root still reads the policy', async () => {
    await put('doc')
    await setPolicy({
      ...deny('s3:*', { Bool: { 'aws:SecureTransport': 'false' } }),
      Resource: [`arn:aws:s3:::${BUCKET}`, OBJECTS],
    })
    const http = s3Client('us-east-1', { endpoint: 'http://localhost:4566', forcePathStyle: true })
    await explicitlyDenied(
      () => http.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' })),
      's3:GetObject',
      `arn:aws:s3:::${BUCKET}/doc`,
    )
    await explicitlyDenied(
      () => http.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'new', Body: 'x' })),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/new`,
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' }))
    expect((await bodyBytes(got.Body)).toString()).toBe('payload')
    expect((await http.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy).toContain(
      'aws:SecureTransport',
    )
  })
})

describe('the two policies of the SSE-C user guide page', () => {
  const key = customerKey(7)

  // The policy is evaluated before the operation: a refusal is the policy's explicit deny, never
  // the 2026 SSE-C block (whose AccessDenied text differs) nor an SSE-C header error.
  it('requiring SSE-C denies a PUT without the algorithm header and lets an SSE-C PUT through', async () => {
    await setPolicy(deny('s3:PutObject', { Null: { [SSE_C_ALGORITHM]: 'true' } }))
    await explicitlyDenied(() => put('plain'), 's3:PutObject', `arn:aws:s3:::${BUCKET}/plain`)
    await explicitlyDenied(
      () => put('kms', { ServerSideEncryption: 'aws:kms' }),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/kms`,
    )
    await unblockSseC(s3, BUCKET)
    const ok = await put('sse-c', sseC(key))
    expect(ok.SSECustomerAlgorithm).toBe('AES256')
  })

  it('forbidding SSE-C denies a PUT with the algorithm header, before the SSE-C block is consulted', async () => {
    await setPolicy(deny('s3:PutObject', { Null: { [SSE_C_ALGORITHM]: 'false' } }))
    await explicitlyDenied(
      () => put('sse-c', sseC(key)),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/sse-c`,
    )
    await unblockSseC(s3, BUCKET)
    await explicitlyDenied(
      () => put('sse-c', sseC(key)),
      's3:PutObject',
      `arn:aws:s3:::${BUCKET}/sse-c`,
    )
    await put('plain')
  })
})

describe('evaluation', () => {
  const publicRead = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS }
  const url = (key: string) => `https://${BUCKET}.s3.us-east-1.amazonaws.com/${key}`

  it('lets anonymous fetch read what a public-read policy allows, and nothing else', async () => {
    await put('cat.txt')
    const before = await fetch(url('cat.txt'))
    expect(before.status).toBe(403)
    await setPolicy(publicRead)
    const got = await fetch(url('cat.txt'))
    expect([got.status, await got.text()]).toEqual([200, 'payload'])
    expect((await fetch(url('cat.txt'), { method: 'HEAD' })).status).toBe(200)

    const write = await expectUnchanged(aws, () =>
      fetch(url('dog.txt'), { method: 'PUT', body: 'x' }),
    )
    expect(write.status).toBe(403)
    expect(await write.text()).toContain('<Message>Access Denied</Message>')
    expect((await fetch(`https://${BUCKET}.s3.us-east-1.amazonaws.com/`)).status).toBe(403)
  })

  it('answers a missing key 403 to those who may not list the bucket, 404 to those who may', async () => {
    await setPolicy(publicRead)
    const hidden = await fetch(url('missing'))
    expect([hidden.status, await hidden.text()]).toEqual([
      403,
      expect.stringContaining('AccessDenied'),
    ])
    await setPolicy(publicRead, {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:ListBucket',
      Resource: `arn:aws:s3:::${BUCKET}`,
    })
    const shown = await fetch(url('missing'))
    expect([shown.status, await shown.text()]).toEqual([404, expect.stringContaining('NoSuchKey')])
  })

  it('explicit Deny beats Allow, for anonymous and signed callers alike', async () => {
    await put('public/a')
    await put('secret/b')
    await setPolicy(publicRead, {
      ...deny('s3:GetObject'),
      Resource: `arn:aws:s3:::${BUCKET}/secret/*`,
    })
    expect((await fetch(url('public/a'))).status).toBe(200)
    expect((await fetch(url('secret/b'))).status).toBe(403)
    await explicitlyDenied(
      () => s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'secret/b' })),
      's3:GetObject',
      `arn:aws:s3:::${BUCKET}/secret/b`,
    )
  })

  it('CopyObject needs s3:GetObject on the source as well as s3:PutObject on the destination', async () => {
    await put('secret/b')
    await setPolicy({ ...deny('s3:GetObject'), Resource: `arn:aws:s3:::${BUCKET}/secret/*` })
    await explicitlyDenied(
      () =>
        s3.send(
          new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/secret/b` }),
        ),
      's3:GetObject',
      `arn:aws:s3:::${BUCKET}/secret/b`,
    )
  })

  it('DeleteObjects decides key by key: a denied key is an AccessDenied entry', async () => {
    await put('keep/a')
    await put('tmp/b')
    await setPolicy({ ...deny('s3:DeleteObject'), Resource: `arn:aws:s3:::${BUCKET}/keep/*` })
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: 'keep/a' }, { Key: 'tmp/b' }] },
      }),
    )
    expect(result.Deleted?.map((d) => d.Key)).toEqual(['tmp/b'])
    expect(result.Errors).toEqual([
      {
        Key: 'keep/a',
        Code: 'AccessDenied',
        Message: `User: ${ROOT} is not authorized to perform: s3:DeleteObject on resource: "arn:aws:s3:::${BUCKET}/keep/a" with an explicit deny in a resource-based policy`,
      },
    ])
    const kept = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'keep/a' }))
    expect((await bodyBytes(kept.Body)).toString()).toBe('payload')
  })

  it('POST Object is s3:PutObject with the form fields as condition keys; unsigned forms are anonymous', async () => {
    await setPolicy(deny('s3:PutObject', { Null: { 's3:x-amz-server-side-encryption': 'true' } }))
    const post = async (Key: string, Fields: Record<string, string> = {}, signed = true) => {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- s3-presigned-post bundles its own client-s3
      const presigned = await createPresignedPost(s3, { Bucket: BUCKET, Key, Fields })
      const form = new FormData()
      const fields = signed ? presigned.fields : { key: Key, ...Fields }
      for (const [name, value] of Object.entries(fields)) form.append(name, value)
      form.append('file', new Blob(['form body']), 'upload.txt')
      return fetch(presigned.url, { method: 'POST', body: form })
    }
    const plain = await expectUnchanged(aws, () => post('plain'))
    expect(plain.status).toBe(403)
    expect(await plain.text()).toContain('with an explicit deny in a resource-based policy')
    expect((await post('kms', { 'x-amz-server-side-encryption': 'aws:kms' })).status).toBe(204)

    const anonymous = await post('anon', { 'x-amz-server-side-encryption': 'AES256' }, false)
    expect(anonymous.status).toBe(403)
    await setPolicy({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: OBJECTS })
    expect((await post('anon', {}, false)).status).toBe(204)
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'anon' }))
    expect((await bodyBytes(got.Body)).toString()).toBe('form body')
  })
})
