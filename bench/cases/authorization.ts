import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { createMockAws, type MockAwsOptions } from '../../src/index.js'
import { client, credentials, env, median, report, rounds, variantArg } from './shared.js'

/**
 * What authorisation costs per request (issue #15): 4 KiB PutObject + GetObject, SSE-KMS with a
 * customer key, through the fast lane (no sockets, so the world's own work dominates), in a world
 *
 * - `off`: without credentials or principals (any signature, bucket policy only);
 * - `verified`: with `credentials` (every signature verified; still no IAM), the floor that
 *   isolates IAM evaluation from signature checking;
 * - `on`: with principals: signatures verified with the role's secret, its identity policy, the
 *   bucket policy and the key policy evaluated for the PUT, the GET and S3's two KMS calls.
 */
const variant = variantArg('on', 'off', 'verified')
const ops = env('BENCH_SMALL_OPS', 300)
const roundCount = env('BENCH_ROUNDS', 3)
const body = new Uint8Array(4096).fill(42)
const account = '123456789012'
const role = `arn:aws:iam::${account}:role/app`

const options: MockAwsOptions =
  variant === 'off'
    ? {}
    : variant === 'verified'
      ? { credentials }
      : {
          principals: [
            {
              arn: role,
              ...credentials,
              policy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: [
                      's3:PutObject',
                      's3:GetObject',
                      's3:CreateBucket',
                      's3:PutBucketPolicy',
                    ],
                    Resource: '*',
                  },
                  {
                    Effect: 'Allow',
                    Action: ['kms:CreateKey', 'kms:GenerateDataKey', 'kms:Decrypt'],
                    Resource: '*',
                  },
                  { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
                ],
              },
            },
          ],
        }

const aws = createMockAws(options)
const s3 = client({ requestHandler: aws.requestHandler })
const kms = new KMSClient({ region: 'us-east-1', credentials, requestHandler: aws.requestHandler })
await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
await s3.send(
  new PutBucketPolicyCommand({
    Bucket: 'bench',
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::bench/*',
          Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        },
        {
          Effect: 'Allow',
          Principal: { AWS: role },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::bench/*',
        },
      ],
    }),
  }),
)
const { KeyMetadata } = await kms.send(
  new CreateKeyCommand({
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Admins',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'ThroughS3',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:ViaService': 's3.us-east-1.amazonaws.com',
              'kms:CallerAccount': account,
            },
          },
        },
      ],
    }),
  }),
)
const extra = {
  ServerSideEncryption: 'aws:kms' as const,
  SSEKMSKeyId: KeyMetadata?.KeyId,
  SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ app: 'bench' })).toString('base64'),
}

/**
 * CPU microseconds per request (user + system of this process): on a shared machine wall-clock
 * rates swing with other processes' load, CPU time much less, so on/off stay comparable.
 */
async function pass(n: number): Promise<number> {
  const started = process.cpuUsage()
  for (let i = 0; i < n; i++) {
    await s3.send(
      new PutObjectCommand({ Bucket: 'bench', Key: `k${i % 50}`, Body: body, ...extra }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `k${i % 50}` }))
    await got.Body?.transformToByteArray()
  }
  const used = process.cpuUsage(started)
  return (used.user + used.system) / (n * 2)
}

const results = await rounds(
  roundCount,
  async () => {
    await pass(Math.min(100, ops))
  },
  () => pass(ops),
)
if (
  variant === 'on' &&
  aws.audit.events({ eventName: 'Decrypt' }).at(-1)?.authorization?.decision !== 'allow'
) {
  throw new Error('bench: the on variant did not authorise S3’s Decrypt')
}
report({
  case: `authorization-4KiB-${variant}`,
  metric: 'CPU µs per request',
  value: Math.round(median(results)),
  unit: 'CPU µs/request',
  rounds: results.map(Math.round),
  note:
    variant === 'on'
      ? 'principals: identity, bucket and key policies per request'
      : variant === 'verified'
        ? 'credentials: signatures verified, no IAM'
        : 'no credentials, no principals',
})
