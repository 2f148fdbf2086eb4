import type { KMSClient } from '@aws-sdk/client-kms'
import type { S3Client } from '@aws-sdk/client-s3'
import { expect } from 'vitest'
import type { MockAws, MockPrincipal } from '../../src/index.js'
import { errorOf, kmsClient } from './kms.js'
import { s3Client } from './s3.js'
import { expectUnchanged } from './unchanged.js'

/** The world's account and another one, for cross-account cases. */
export const ACCOUNT = '123456789012'
export const OTHER_ACCOUNT = '210987654321'

export const ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:user/admin`
export const REPORTING_ARN = `arn:aws:iam::${ACCOUNT}:role/reporting`
export const REPORTING_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/reporting/s3-kms-mock`
export const WORKER_ARN = `arn:aws:iam::${ACCOUNT}:role/worker`
export const WORKER_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/worker/s3-kms-mock`
export const PARTNER_ARN = `arn:aws:iam::${OTHER_ACCOUNT}:role/partner`
export const PARTNER_SESSION = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/partner/s3-kms-mock`

/** An identity policy allowing `actions` on everything. */
export const allowing = (...actions: string[]): object => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
})

/**
 * The principals most authorisation tests declare: an admin without an identity policy (allowed
 * everything IAM could allow), a reporting role and a worker role of the account with narrow
 * identity policies, and a partner role of another account.
 */
export function principals(
  overrides: Partial<Record<'reporting' | 'worker' | 'partner', object>> = {},
): MockPrincipal[] {
  return [
    { arn: ADMIN_ARN, accessKeyId: 'AKIAADMIN00000000001', secretAccessKey: 'admin-secret' },
    {
      arn: REPORTING_ARN,
      accessKeyId: 'AKIAREPORTING0000001',
      secretAccessKey: 'reporting-secret',
      policy: overrides.reporting ?? allowing('s3:GetObject', 's3:ListBucket', 'kms:DescribeKey'),
    },
    {
      arn: WORKER_ARN,
      accessKeyId: 'AKIAWORKER0000000001',
      secretAccessKey: 'worker-secret',
      policy: overrides.worker ?? allowing('s3:*'),
    },
    {
      arn: PARTNER_ARN,
      accessKeyId: 'AKIAPARTNER000000001',
      secretAccessKey: 'partner-secret',
      policy: overrides.partner ?? allowing('kms:*', 's3:*'),
    },
  ]
}

/** A key policy document from statements. */
export const keyPolicy = (...statements: object[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })

/** The statement of the default key policy: the account's IAM decides. */
export const enableIam = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
}

/** Clients signed as a declared principal of `aws`, by name (`user/admin`, `role/reporting`). */
export function clientsAs(aws: Pick<MockAws, 'as'>): {
  kms: (name: string) => KMSClient
  s3: (name: string) => S3Client
} {
  return {
    kms: (name) => kmsClient('us-east-1', { credentials: aws.as(name).credentials }),
    s3: (name) => s3Client('us-east-1', { credentials: aws.as(name).credentials }),
  }
}

/** The error of a call that must be refused with this error name and status; nothing changed. */
export async function refusedWith(
  aws: MockAws,
  expected: { readonly name: string; readonly status: number },
  call: () => Promise<unknown>,
): Promise<Awaited<ReturnType<typeof errorOf>>> {
  const error = await expectUnchanged(aws, () => errorOf(call()))
  expect(error.name).toBe(expected.name)
  expect(error.$metadata.httpStatusCode).toBe(expected.status)
  return error
}
