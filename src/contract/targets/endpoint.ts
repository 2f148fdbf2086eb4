import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketEncryptionCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { ALL_CAPABILITIES, type Capability } from '../define.js'
import type { ContractTarget } from '../target.js'
import {
  bucketNameProblem,
  CONTRACT_ENV,
  type Env,
  envFlag,
  envUrl,
  envValue,
  isInvalid,
  type Parsed,
} from './env.js'
import { remoteSession } from './remote.js'

/** What the `endpoint` target reads from the environment. */
export interface EndpointTargetConfig {
  readonly endpoint: URL
  readonly kmsEndpoint: URL | undefined
  /** The same engine's plain-http URL (when `endpoint` is https). */
  readonly httpEndpoint: URL | undefined
  /** The engine and version, as declared. */
  readonly engine: string | undefined
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly region: string
  /** A bucket to share (objects only under the run's prefix); else buckets are created. */
  readonly bucket: string | undefined
  readonly kmsKeyId: string | undefined
  readonly createBuckets: boolean
  readonly createKmsKeys: boolean
  /** A PEM file of the certificate authority to trust. */
  readonly caFile: string | undefined
  readonly forcePathStyle: boolean
  /** Capabilities declared missing by the user. */
  readonly lacks: readonly Capability[]
}

/** Reads the `endpoint` target's configuration; a missing or invalid variable is the skip reason. */
export function parseEndpointConfig(env: Env): Parsed<EndpointTargetConfig> {
  const endpoint = envUrl(env, CONTRACT_ENV.endpoint)
  if (endpoint === undefined) {
    return { ok: false, reason: `set ${CONTRACT_ENV.endpoint} to the S3 endpoint URL` }
  }
  if (isInvalid(endpoint)) return { ok: false, reason: endpoint.invalid }
  const kmsEndpoint = envUrl(env, CONTRACT_ENV.kmsEndpoint)
  if (isInvalid(kmsEndpoint)) return { ok: false, reason: kmsEndpoint.invalid }
  const httpEndpoint = envUrl(env, CONTRACT_ENV.httpEndpoint)
  if (isInvalid(httpEndpoint)) return { ok: false, reason: httpEndpoint.invalid }
  if (httpEndpoint !== undefined && httpEndpoint.protocol !== 'http:') {
    return { ok: false, reason: `${CONTRACT_ENV.httpEndpoint} must be a plain http URL` }
  }
  const createBuckets = envFlag(env, CONTRACT_ENV.createBuckets)
  if (isInvalid(createBuckets)) return { ok: false, reason: createBuckets.invalid }
  const createKmsKeys = envFlag(env, CONTRACT_ENV.createKmsKeys)
  if (isInvalid(createKmsKeys)) return { ok: false, reason: createKmsKeys.invalid }
  const virtualHosted = envFlag(env, CONTRACT_ENV.virtualHosted)
  if (isInvalid(virtualHosted)) return { ok: false, reason: virtualHosted.invalid }
  const accessKeyId = envValue(env, CONTRACT_ENV.accessKeyId) ?? envValue(env, 'AWS_ACCESS_KEY_ID')
  const secretAccessKey =
    envValue(env, CONTRACT_ENV.secretAccessKey) ?? envValue(env, 'AWS_SECRET_ACCESS_KEY')
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    return {
      ok: false,
      reason: `set ${CONTRACT_ENV.accessKeyId} and ${CONTRACT_ENV.secretAccessKey} (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`,
    }
  }
  const bucket = envValue(env, CONTRACT_ENV.bucket)
  if (bucket === undefined && !createBuckets) {
    return {
      ok: false,
      reason: `set ${CONTRACT_ENV.bucket} (a bucket to write in) or ${CONTRACT_ENV.createBuckets}=1`,
    }
  }
  if (bucket !== undefined) {
    const problem = bucketNameProblem(bucket)
    if (problem !== undefined) {
      return { ok: false, reason: `${CONTRACT_ENV.bucket}=${JSON.stringify(bucket)}: ${problem}` }
    }
  }
  const lacks: Capability[] = []
  for (const name of (envValue(env, CONTRACT_ENV.lacks) ?? '').split(',')) {
    const capability = name.trim()
    if (capability === '') continue
    if (!(ALL_CAPABILITIES as readonly string[]).includes(capability)) {
      return {
        ok: false,
        reason: `${CONTRACT_ENV.lacks}: unknown capability ${JSON.stringify(capability)} (one of ${ALL_CAPABILITIES.join(', ')})`,
      }
    }
    lacks.push(capability as Capability)
  }
  return {
    ok: true,
    config: {
      endpoint,
      kmsEndpoint,
      httpEndpoint,
      engine: envValue(env, CONTRACT_ENV.engine),
      credentials: { accessKeyId, secretAccessKey },
      region: envValue(env, CONTRACT_ENV.region) ?? envValue(env, 'AWS_REGION') ?? 'us-east-1',
      bucket,
      kmsKeyId: envValue(env, CONTRACT_ENV.kmsKeyId),
      createBuckets,
      createKmsKeys,
      caFile: envValue(env, CONTRACT_ENV.caFile),
      forcePathStyle: !virtualHosted,
      lacks,
    },
  }
}

/** The capabilities of an endpoint with this configuration, and why the others are off. */
export function endpointCapabilities(config: EndpointTargetConfig): {
  capabilities: Capability[]
  lacking: Partial<Record<Capability, string>>
} {
  const lacking: Partial<Record<Capability, string>> = {}
  const https = config.endpoint.protocol === 'https:'
  if (!https) lacking.https = `${CONTRACT_ENV.endpoint} is plain http`
  else if (config.httpEndpoint === undefined) {
    lacking.http = `${CONTRACT_ENV.endpoint} is https; set ${CONTRACT_ENV.httpEndpoint} to the same engine's plain-http URL`
  }
  if (config.kmsEndpoint === undefined) {
    const reason = `no KMS API (set ${CONTRACT_ENV.kmsEndpoint})`
    lacking.kms = reason
    lacking['kms-aliases'] = reason
    // An engine with its own KMS (Ceph RGW's backends, MinIO with KES) does SSE-KMS with a key
    // it knows by name: the S3 side runs with the configured key.
    if (config.kmsKeyId === undefined) {
      lacking['sse-kms'] =
        `no KMS endpoint (set ${CONTRACT_ENV.kmsEndpoint}), nor a key of the engine's own KMS (set ${CONTRACT_ENV.kmsKeyId})`
    }
  }
  if (!config.createBuckets) {
    lacking['create-bucket'] = `creating buckets is off (set ${CONTRACT_ENV.createBuckets}=1)`
  }
  if (!config.createKmsKeys || config.kmsEndpoint === undefined) {
    lacking['kms-create-keys'] =
      config.kmsEndpoint === undefined
        ? `no KMS endpoint (set ${CONTRACT_ENV.kmsEndpoint})`
        : `creating KMS keys is off (set ${CONTRACT_ENV.createKmsKeys}=1)`
  }
  for (const capability of config.lacks) {
    lacking[capability] ??= `declared missing in ${CONTRACT_ENV.lacks}`
  }
  const capabilities = ALL_CAPABILITIES.filter((c) => lacking[c] === undefined)
  return { capabilities, lacking }
}

/** Why the configured key will not be used, when it will not: said once at the start of the run. */
export function endpointNotes(config: EndpointTargetConfig): string[] {
  if (config.kmsKeyId === undefined) return []
  const unused = `${CONTRACT_ENV.kmsKeyId}=${config.kmsKeyId} is not used`
  if (config.lacks.includes('sse-kms')) {
    return [`${unused}: sse-kms is declared missing in ${CONTRACT_ENV.lacks}`]
  }
  if (config.kmsEndpoint !== undefined && config.createKmsKeys) {
    return [`${unused}: with ${CONTRACT_ENV.createKmsKeys}=1 the run creates its own keys`]
  }
  return []
}

/**
 * Whether the engine has the bucket default-encryption API and the April 2026 SSE-C block, from
 * one fresh bucket (created and deleted here): AWS answers GetBucketEncryption on it with an
 * SSE-S3 rule that blocks SSE-C. An engine without the API answers an error, or (Ceph RGW 16
 * routes `?encryption` to the bucket itself) a 200 without a configuration.
 */
export async function detectBucketEncryption(
  s3: S3Client,
  region: string,
): Promise<Partial<Record<Capability, string>>> {
  const bucket = `s3kms-probe-${randomBytes(6).toString('hex')}`
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === 'us-east-1'
        ? {}
        : {
            CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
          }),
    }),
  )
  try {
    const answer = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })).then(
      (output) => ({ output }),
      (error: unknown) => ({ error }),
    )
    const detected = (why: string): Partial<Record<Capability, string>> => ({
      'bucket-encryption': `no bucket default-encryption API: ${why} (detected at start)`,
      'sse-c-block': `no bucket default-encryption API, so no SSE-C block: ${why} (detected at start)`,
    })
    if ('error' in answer) {
      const e = answer.error as { name?: string; $metadata?: { httpStatusCode?: number } }
      if (e.name === 'ServerSideEncryptionConfigurationNotFoundError') {
        return {
          'sse-c-block':
            'a new bucket has no default encryption, so no SSE-C block (detected at start)',
        }
      }
      return detected(
        `GetBucketEncryption of a new bucket answered ${e.name ?? 'an error'} (HTTP ${e.$metadata?.httpStatusCode ?? '?'})`,
      )
    }
    const rules = answer.output.ServerSideEncryptionConfiguration?.Rules
    if (rules === undefined) {
      return detected('GetBucketEncryption of a new bucket answered 200 without a configuration')
    }
    const blocked = rules.some((r) => r.BlockedEncryptionTypes?.EncryptionType?.includes('SSE-C'))
    return blocked ? {} : { 'sse-c-block': 'a new bucket does not block SSE-C (detected at start)' }
  } finally {
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  }
}

/** Any S3-compatible endpoint (with an optional KMS endpoint), configured from the environment. */
export function endpointTarget(env: Env = process.env): ContractTarget {
  const parsed = parseEndpointConfig(env)
  return {
    name: 'endpoint',
    unavailable: () => Promise.resolve(parsed.ok ? undefined : parsed.reason),
    async start() {
      if (!parsed.ok) throw new Error(parsed.reason)
      const { config } = parsed
      const ca = config.caFile === undefined ? undefined : await readFile(config.caFile, 'utf8')
      return remoteSession({
        region: config.region,
        endpoint: config.endpoint.href,
        ...(config.kmsEndpoint === undefined ? {} : { kmsEndpoint: config.kmsEndpoint.href }),
        credentials: config.credentials,
        forcePathStyle: config.forcePathStyle,
        ...(ca === undefined ? {} : { ca }),
        ...endpointCapabilities(config),
        sharedBucket: config.bucket,
        configuredKeyId: config.lacks.includes('sse-kms') ? undefined : config.kmsKeyId,
        ...(config.httpEndpoint === undefined ? {} : { httpEndpoint: config.httpEndpoint }),
        ...(config.engine === undefined ? {} : { engine: config.engine }),
        notes: endpointNotes(config),
        // The probe needs a bucket of its own; what the user declared missing is not probed.
        ...(config.createBuckets &&
        !config.lacks.includes('bucket-encryption') &&
        !config.lacks.includes('sse-c-block')
          ? { detect: (s3: S3Client) => detectBucketEncryption(s3, config.region) }
          : {}),
      })
    },
  }
}
