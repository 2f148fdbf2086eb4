import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { errorOf, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'
import { expectUnchanged } from '../../support/unchanged.js'

const aws = useMockAws()
const s3 = s3Client()
const BUCKET = 'policies'

const publicRead = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject'],
      Resource: [`arn:aws:s3:::${BUCKET}/*`],
    },
  ],
}

/** A policy with one statement changed (a member set to undefined is left out by JSON.stringify). */
function withStatement(changes: Record<string, unknown>): string {
  const statement: Record<string, unknown> = { ...publicRead.Statement[0], ...changes }
  return JSON.stringify({ ...publicRead, Statement: [statement] })
}

const put = (Policy: string, Bucket = BUCKET) =>
  s3.send(new PutBucketPolicyCommand({ Bucket, Policy }))

beforeEach(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }))
  // New buckets block public policies (since April 2023); these tests put public ones.
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: BUCKET }))
})

describe('PutBucketPolicy / GetBucketPolicy / DeleteBucketPolicy', () => {
  it('round-trips a policy: put (204), get back the document as sent, delete (204)', async () => {
    const text = JSON.stringify(publicRead, null, 2)
    const putResult = await put(text)
    expect(putResult.$metadata.httpStatusCode).toBe(204)
    const got = await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))
    expect(got.Policy).toBe(text)
    expect(JSON.parse(got.Policy ?? '')).toEqual(publicRead)

    const replaced = withStatement({ Action: 's3:GetObjectVersion' })
    await put(replaced)
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy).toBe(replaced)

    const deleted = await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    const missing = await errorOf(s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET })))
    expect(missing.name).toBe('NoSuchBucketPolicy')
    expect(missing.message).toBe('The bucket policy does not exist')
    expect(missing.$metadata.httpStatusCode).toBe(404)
    expect((missing as unknown as { BucketName?: string }).BucketName).toBe(BUCKET)
    // Deleting again is still 204.
    const again = await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }))
    expect(again.$metadata.httpStatusCode).toBe(204)
  })

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    for (const send of [
      () => put(JSON.stringify(publicRead), 'nowhere'),
      () => s3.send(new GetBucketPolicyCommand({ Bucket: 'nowhere' })),
      () => s3.send(new DeleteBucketPolicyCommand({ Bucket: 'nowhere' })),
    ]) {
      const error = await errorOf(send())
      expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404])
    }
  })

  it.each([
    ['an empty document', '', "Policies must be valid JSON and the first byte must be '{'"],
    [
      'text that is not JSON',
      'invalid json',
      "Policies must be valid JSON and the first byte must be '{'",
    ],
    ['an array', '[]', "Policies must be valid JSON and the first byte must be '{'"],
    ['broken JSON', '{"Version": ', 'This policy contains invalid Json'],
    ['no Statement', '{}', 'Missing required field Statement'],
    ['an empty Statement', '{"Statement": []}', 'Could not parse the policy: Statement is empty!'],
    [
      'a bad Version',
      JSON.stringify({ ...publicRead, Version: '2020-01-01' }),
      'The policy must contain a valid version string',
    ],
    ['no Effect', withStatement({ Effect: undefined }), 'Missing required field Effect'],
    ['a bad Effect', withStatement({ Effect: 'Maybe' }), 'Invalid effect: Maybe'],
    ['no Principal', withStatement({ Principal: undefined }), 'Missing required field Principal'],
    [
      'a bad Principal',
      withStatement({ Principal: { AWS: 'not-an-account' } }),
      'Invalid principal in policy',
    ],
    ['no Action', withStatement({ Action: undefined }), 'Missing required field Action'],
    [
      'an unknown action',
      withStatement({ Action: 's3:PutObjectLockConfiguration' }),
      'Policy has invalid action',
    ],
    ['no Resource', withStatement({ Resource: undefined }), 'Missing required field Resource'],
    [
      'another bucket',
      withStatement({ Resource: 'arn:aws:s3:::elsewhere/*' }),
      'Policy has invalid resource',
    ],
    ['Resource *', withStatement({ Resource: ['*'] }), 'Policy has invalid resource'],
    [
      'an object action on the bucket',
      withStatement({ Resource: `arn:aws:s3:::${BUCKET}` }),
      'Action does not apply to any resource(s) in statement',
    ],
    [
      'an unknown condition operator',
      withStatement({ Condition: { StringEqualsAny: { 's3:x-amz-acl': 'private' } } }),
      'Invalid Condition type : StringEqualsAny',
    ],
    [
      'an unknown condition key',
      withStatement({ Condition: { StringEquals: { 's3:VersionStatus': 'Enabled' } } }),
      'Policy has an invalid condition key',
    ],
  ])('refuses %s with MalformedPolicy and keeps the old policy', async (_, policy, message) => {
    await put(JSON.stringify(publicRead))
    const error = await expectUnchanged(aws, () => errorOf(put(policy)))
    expect({
      name: error.name,
      status: error.$metadata.httpStatusCode,
      message: error.message,
    }).toEqual({ name: 'MalformedPolicy', status: 400, message })
    const kept = await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))
    expect(kept.Policy).toBe(JSON.stringify(publicRead))
  })

  it('lets the account root manage the policy even when the policy denies it', async () => {
    const denyAll = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        },
      ],
    })
    await put(denyAll)
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy).toBe(denyAll)
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }))
    await put(denyAll)
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }))
  })

  it('audits the calls, read-only for GetBucketPolicy, with the refusal code', async () => {
    await put(JSON.stringify(publicRead))
    await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))
    await errorOf(put('{}'))
    const puts = aws.audit.events({ eventName: 'PutBucketPolicy' })
    expect(puts.map((e) => e.errorCode)).toEqual([undefined, 'MalformedPolicy'])
    expect(puts[0]?.requestParameters).toMatchObject({ bucketName: BUCKET })
    expect(aws.audit.events({ eventName: 'GetBucketPolicy' })[0]?.readOnly).toBe(true)
  })
})
