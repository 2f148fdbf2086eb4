import { S3Client } from '@aws-sdk/client-s3'
import type { Capability } from '../define.js'
import type { ContractTarget } from '../target.js'
import {
  bucketNameProblem,
  CONTRACT_ENV,
  type Env,
  envFlag,
  envValue,
  isInvalid,
  type Parsed,
} from './env.js'
import { remoteSession } from './remote.js'

/** What the `aws` target needs from the environment (credentials come from the SDK's chain). */
export interface AwsTargetConfig {
  readonly region: string
  /** An existing bucket: the run writes only under its unique prefix and deletes what it wrote. */
  readonly bucket: string
  /** A customer managed key the scenarios may use; needed unless `createKmsKeys`. */
  readonly kmsKeyId: string | undefined
  /** Off unless asked: a bucket per scenario that needs one, emptied and deleted after. */
  readonly createBuckets: boolean
  /** Off unless asked: KMS keys cannot be deleted at once (7 days at least, billed meanwhile). */
  readonly createKmsKeys: boolean
}

/** Reads the `aws` target's configuration; a missing or invalid variable is the skip reason. */
export function parseAwsConfig(env: Env): Parsed<AwsTargetConfig> {
  const region = envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION')
  const bucket = envValue(env, CONTRACT_ENV.bucket)
  const missing: string[] = []
  if (bucket === undefined) missing.push(`${CONTRACT_ENV.bucket} (an existing bucket to write in)`)
  if (region === undefined) missing.push('AWS_REGION (the region of that bucket)')
  const createBuckets = envFlag(env, CONTRACT_ENV.createBuckets)
  const createKmsKeys = envFlag(env, CONTRACT_ENV.createKmsKeys)
  if (isInvalid(createBuckets)) return { ok: false, reason: createBuckets.invalid }
  if (isInvalid(createKmsKeys)) return { ok: false, reason: createKmsKeys.invalid }
  const kmsKeyId = envValue(env, CONTRACT_ENV.kmsKeyId)
  if (kmsKeyId === undefined && !createKmsKeys) {
    missing.push(
      `${CONTRACT_ENV.kmsKeyId} (a customer managed key; or ${CONTRACT_ENV.createKmsKeys}=1 to create one)`,
    )
  }
  if (missing.length > 0 || bucket === undefined || region === undefined) {
    return { ok: false, reason: `set ${missing.join(', ')}` }
  }
  const problem = bucketNameProblem(bucket)
  if (problem !== undefined) {
    return { ok: false, reason: `${CONTRACT_ENV.bucket}=${JSON.stringify(bucket)}: ${problem}` }
  }
  return { ok: true, config: { region, bucket, kmsKeyId, createBuckets, createKmsKeys } }
}

/** The capabilities of a run against AWS with this configuration, and why the others are off. */
export function awsCapabilities(config: AwsTargetConfig): {
  capabilities: Capability[]
  lacking: Partial<Record<Capability, string>>
} {
  const capabilities: Capability[] = [
    'kms',
    'kms-aliases',
    'sse-kms',
    'sse-c',
    'https',
    'http',
    'bucket-policy',
    'bucket-encryption',
    'sse-c-block',
    'presign',
    'bucket-configurations',
    'object-lock',
  ]
  const lacking: Partial<Record<Capability, string>> = {}
  if (config.createBuckets) capabilities.push('create-bucket')
  else {
    lacking['create-bucket'] =
      `creating buckets in your account is off (set ${CONTRACT_ENV.createBuckets}=1: each is emptied and deleted after its scenario)`
  }
  if (config.createKmsKeys) capabilities.push('kms-create-keys')
  else {
    lacking['kms-create-keys'] =
      `creating KMS keys is off: a key cannot be deleted at once (7-day wait at least, billed meanwhile); set ${CONTRACT_ENV.createKmsKeys}=1 to allow it`
  }
  return { capabilities, lacking }
}

/**
 * Real AWS. Credentials come from the SDK's default chain (environment, profile, SSO, role).
 * The run writes only under a unique prefix of the configured bucket and deletes everything it
 * wrote there after each scenario; it creates buckets and KMS keys only when asked to.
 */
export function awsTarget(env: Env = process.env): ContractTarget {
  const parsed = parseAwsConfig(env)
  return {
    name: 'aws',
    async unavailable() {
      if (!parsed.ok) return parsed.reason
      const probe = new S3Client({ region: parsed.config.region })
      try {
        await probe.config.credentials()
        return undefined
      } catch (error) {
        return `no AWS credentials found (environment, profile, SSO or role): ${(error as Error).message}`
      } finally {
        probe.destroy()
      }
    },
    start() {
      if (!parsed.ok) return Promise.reject(new Error(parsed.reason))
      const { config } = parsed
      return remoteSession({
        region: config.region,
        forcePathStyle: false,
        ...awsCapabilities(config),
        sharedBucket: config.bucket,
        configuredKeyId: config.kmsKeyId,
      })
    },
  }
}
