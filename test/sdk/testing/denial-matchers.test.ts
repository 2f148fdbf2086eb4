import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe } from 'vitest'
import type { MockAws } from '../../../src/index.js'
import { expect, test as base } from '../../../src/vitest.js'
import { failureOf } from '../../support/matchers.js'
import {
  ADMIN_ARN,
  enableIam,
  keyPolicy,
  principals,
  REPORTING_ARN,
} from '../../support/principals.js'

/**
 * toHaveDeniedKmsCall and toHaveDeniedS3Call over the audit log of a world with principals,
 * through the vitest fixture: `awsOptions` declares them, `aws.as()` builds each client.
 */
const test = base.extend({ awsOptions: { seed: 'denials', principals: principals() } })

const kmsAs = (aws: MockAws, name: string): KMSClient =>
  new KMSClient({ ...aws.as(name).config, maxAttempts: 1 })
const s3As = (aws: MockAws, name: string): S3Client =>
  new S3Client({ ...aws.as(name).config, maxAttempts: 1 })

/** The reporting role tries a direct Decrypt under a key whose policy names only the admin. */
async function deniedDecrypt(aws: MockAws): Promise<void> {
  const admin = kmsAs(aws, 'user/admin')
  const key = await admin.send(
    new CreateKeyCommand({
      Policy: keyPolicy(
        { ...enableIam, Sid: 'AdminOnly', Principal: { AWS: ADMIN_ARN } },
        {
          Sid: 'NoReporting',
          Effect: 'Deny',
          Principal: { AWS: REPORTING_ARN },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
      ),
    }),
  )
  const blob = await admin.send(
    new EncryptCommand({ KeyId: key.KeyMetadata!.KeyId, Plaintext: Buffer.from('x') }),
  )
  await expect(
    kmsAs(aws, 'role/reporting').send(new DecryptCommand({ CiphertextBlob: blob.CiphertextBlob })),
  ).rejects.toThrow(/explicit deny in a resource-based policy/)
}

describe('toHaveDeniedKmsCall', () => {
  test('passes by principal short name or ARN, by reason and by explicitness', async ({ aws }) => {
    await deniedDecrypt(aws)
    expect(aws).toHaveDeniedKmsCall('Decrypt')
    expect(aws).toHaveDeniedKmsCall('Decrypt', {
      principal: 'role/reporting',
      reason: 'key policy',
    })
    expect(aws).toHaveDeniedKmsCall('Decrypt', { principal: REPORTING_ARN, explicit: true })
    expect(aws).not.toHaveDeniedKmsCall('Decrypt', { principal: 'user/admin' })
    expect(aws).not.toHaveDeniedKmsCall('Encrypt')
  })

  test('fails naming the statement that decided each call', async ({ aws }) => {
    await deniedDecrypt(aws)
    expect(
      failureOf(() => {
        expect(aws).toHaveDeniedKmsCall('Decrypt', {
          principal: 'role/reporting',
          reason: 'identity policy',
        })
      }),
    ).toMatchInlineSnapshot(`
      "expect(world).toHaveDeniedKmsCall("Decrypt", { principal: "role/reporting", reason: "identity policy" })

      Expected: a KMS Decrypt call denied to role/reporting by the identity policy
      Received: 1 Decrypt call:
        1. Decrypt (AccessDeniedException) — explicitly denied by key policy statement 1 (Sid "NoReporting"), for arn:aws:sts::123456789012:assumed-role/reporting/s3-kms-mock"
    `)
    expect(
      failureOf(() => {
        expect(aws).not.toHaveDeniedKmsCall('Decrypt', { principal: 'role/reporting' })
      }),
    ).toMatchInlineSnapshot(`
      "expect(world).not.toHaveDeniedKmsCall("Decrypt", { principal: "role/reporting" })

      Expected: not a KMS Decrypt call denied to role/reporting
      Received: 1 Decrypt call matching:
        1. Decrypt (AccessDeniedException) — explicitly denied by key policy statement 1 (Sid "NoReporting"), for arn:aws:sts::123456789012:assumed-role/reporting/s3-kms-mock"
    `)
    expect(
      failureOf(() => {
        expect(aws).toHaveDeniedKmsCall('Encrypt', { principal: 'role/reporting' })
      }),
    ).toMatchInlineSnapshot(`
      "expect(world).toHaveDeniedKmsCall("Encrypt", { principal: "role/reporting" })

      Expected: a KMS Encrypt call denied to role/reporting
      Received: 1 Encrypt call:
        1. Encrypt — allowed by key policy statement 0 (Sid "AdminOnly"), for arn:aws:iam::123456789012:user/admin"
    `)
  })
})

describe('toHaveDeniedS3Call', () => {
  test('passes and fails on S3 refusals, naming the missing Allow', async ({ aws }) => {
    await s3As(aws, 'user/admin').send(new CreateBucketCommand({ Bucket: 'reports' }))
    await expect(
      s3As(aws, 'role/reporting').send(
        new PutObjectCommand({ Bucket: 'reports', Key: 'a.txt', Body: 'x' }),
      ),
    ).rejects.toThrow(/because no identity-based policy allows the s3:PutObject action/)
    expect(aws).toHaveDeniedS3Call('PutObject', {
      principal: 'role/reporting',
      reason: 'identity policy',
    })
    expect(
      failureOf(() => {
        expect(aws).toHaveDeniedS3Call('PutObject', {
          principal: 'role/reporting',
          reason: 'bucket policy',
        })
      }),
    ).toMatchInlineSnapshot(`
      "expect(world).toHaveDeniedS3Call("PutObject", { principal: "role/reporting", reason: "bucket policy" })

      Expected: an S3 PutObject call denied to role/reporting by the bucket policy
      Received: 1 PutObject call:
        1. PutObject (AccessDenied) — denied: no identity policy statement allows s3:PutObject, for arn:aws:sts::123456789012:assumed-role/reporting/s3-kms-mock"
    `)
  })

  test('refuses a subject that is not a world', ({ aws }) => {
    expect(
      failureOf(() => {
        expect(aws.s3.object('reports', 'a.txt')).toHaveDeniedS3Call('PutObject')
      }),
    ).toMatchInlineSnapshot(`
      "expect(s3://reports/a.txt).toHaveDeniedS3Call("PutObject")

      Expected: a world (its audit log holds the denials)
      Received: the object reference s3://reports/a.txt"
    `)
  })
})
