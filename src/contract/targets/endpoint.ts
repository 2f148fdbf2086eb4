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
  if (https) lacking.http = `${CONTRACT_ENV.endpoint} is https; plain http is not assumed`
  else lacking.https = `${CONTRACT_ENV.endpoint} is plain http`
  if (config.kmsEndpoint === undefined) {
    const reason = `no KMS endpoint (set ${CONTRACT_ENV.kmsEndpoint})`
    lacking.kms = reason
    lacking['kms-aliases'] = reason
    lacking['sse-kms'] = reason
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
        configuredKeyId: config.kmsKeyId,
      })
    },
  }
}
