/**
 * Every environment variable the contract targets read, in one place (docs/contract.md lists
 * the same). Parsing is pure: each target's `parse…Config(env)` turns these into a config or a
 * skip reason that names the variable to set.
 */
export const CONTRACT_ENV = {
  /** `aws`, `endpoint`: the bucket the run writes under its unique prefix (never emptied whole). */
  bucket: 'S3_KMS_MOCK_CONTRACT_BUCKET',
  /** `aws`, `endpoint`: a customer managed KMS key (id, ARN or alias ARN) scenarios may use. */
  kmsKeyId: 'S3_KMS_MOCK_CONTRACT_KMS_KEY_ID',
  /** `aws`, `endpoint`: `1` lets the run create (and then delete) buckets of its own. */
  createBuckets: 'S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS',
  /** `aws`, `endpoint`: `1` lets the run create KMS keys (scheduled for deletion in 7 days after). */
  createKmsKeys: 'S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS',
  /** `endpoint`: the S3 endpoint URL. */
  endpoint: 'S3_KMS_MOCK_CONTRACT_ENDPOINT',
  /** `endpoint`: the KMS endpoint URL (without it, KMS scenarios are skipped). */
  kmsEndpoint: 'S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT',
  /** `endpoint`: the same engine's plain-http URL, when the endpoint is https (`sse-c-over-http`). */
  httpEndpoint: 'S3_KMS_MOCK_CONTRACT_HTTP_ENDPOINT',
  /** `endpoint`: the engine and version that answers (recordings carry it). */
  engine: 'S3_KMS_MOCK_CONTRACT_ENGINE',
  /** `endpoint`: the access key (else `AWS_ACCESS_KEY_ID`). */
  accessKeyId: 'S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID',
  /** `endpoint`: the secret key (else `AWS_SECRET_ACCESS_KEY`). */
  secretAccessKey: 'S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY',
  /** `endpoint`: the region to sign for (else `AWS_REGION`, else us-east-1). */
  region: 'S3_KMS_MOCK_CONTRACT_REGION',
  /** `endpoint`: a PEM file of the certificate authority to trust for an https endpoint. */
  caFile: 'S3_KMS_MOCK_CONTRACT_CA_FILE',
  /** `endpoint`: `1` for virtual-hosted addressing (default path-style). */
  virtualHosted: 'S3_KMS_MOCK_CONTRACT_VIRTUAL_HOSTED',
  /** `endpoint`: comma-separated capabilities the endpoint lacks (e.g. `bucket-policy,sse-c`). */
  lacks: 'S3_KMS_MOCK_CONTRACT_LACKS',
  /** `localstack`: LocalStack's auth token; its images need one to start since 2026. */
  localstackAuthToken: 'LOCALSTACK_AUTH_TOKEN',
  /** `localstack`: the image (default `localstack/localstack:latest`). */
  localstackImage: 'S3_KMS_MOCK_CONTRACT_LOCALSTACK_IMAGE',
  /** `minio`: the image (default `minio/minio:latest`). */
  minioImage: 'S3_KMS_MOCK_CONTRACT_MINIO_IMAGE',
} as const

/** One environment variable a contract target reads, for docs and `--help`. */
export interface ContractEnvVariable {
  readonly name: string
  /** The targets that read it. */
  readonly targets: readonly string[]
  /** One line: what it means. */
  readonly meaning: string
}

/** Every environment variable the contract targets read, with its meaning (docs/contract.md lists the same). */
export const CONTRACT_ENV_VARIABLES: readonly ContractEnvVariable[] = [
  {
    name: CONTRACT_ENV.endpoint,
    targets: ['endpoint'],
    meaning: 'the S3 endpoint URL (http or https); required',
  },
  {
    name: CONTRACT_ENV.accessKeyId,
    targets: ['endpoint'],
    meaning: 'the access key to sign with (else AWS_ACCESS_KEY_ID)',
  },
  {
    name: CONTRACT_ENV.secretAccessKey,
    targets: ['endpoint'],
    meaning: 'the secret key to sign with (else AWS_SECRET_ACCESS_KEY)',
  },
  {
    name: CONTRACT_ENV.region,
    targets: ['endpoint'],
    meaning: 'the region to sign for (else AWS_REGION, else us-east-1)',
  },
  {
    name: CONTRACT_ENV.kmsEndpoint,
    targets: ['endpoint'],
    meaning:
      'a KMS endpoint URL; without it the KMS scenarios are skipped, and SSE-KMS runs only with an engine-side key (S3_KMS_MOCK_CONTRACT_KMS_KEY_ID)',
  },
  {
    name: CONTRACT_ENV.httpEndpoint,
    targets: ['endpoint'],
    meaning:
      "the same engine's plain-http URL when the endpoint is https (to see SSE-C refused over http)",
  },
  {
    name: CONTRACT_ENV.engine,
    targets: ['endpoint'],
    meaning:
      'the engine and version that answers (e.g. "ceph-rgw 16.2.15"), written into recordings',
  },
  {
    name: CONTRACT_ENV.caFile,
    targets: ['endpoint'],
    meaning: 'a PEM file of the certificate authority to trust for an https endpoint',
  },
  {
    name: CONTRACT_ENV.virtualHosted,
    targets: ['endpoint'],
    meaning: '1 for virtual-hosted bucket addressing (default: path-style)',
  },
  {
    name: CONTRACT_ENV.lacks,
    targets: ['endpoint'],
    meaning: 'comma-separated capabilities the endpoint lacks (e.g. bucket-policy,sse-c)',
  },
  {
    name: CONTRACT_ENV.bucket,
    targets: ['aws', 'endpoint'],
    meaning: 'an existing bucket; the run writes only under its unique prefix and deletes that',
  },
  {
    name: CONTRACT_ENV.kmsKeyId,
    targets: ['aws', 'endpoint'],
    meaning:
      'a customer managed KMS key (id, ARN or alias) the scenarios may use; on an endpoint without a KMS endpoint, a key of the engine-side KMS',
  },
  {
    name: CONTRACT_ENV.createBuckets,
    targets: ['aws', 'endpoint'],
    meaning: '1 lets the run create buckets of its own (emptied and deleted after each scenario)',
  },
  {
    name: CONTRACT_ENV.createKmsKeys,
    targets: ['aws', 'endpoint'],
    meaning: '1 lets the run create KMS keys (each scheduled for deletion: 7 days at the least)',
  },
  {
    name: 'AWS_REGION',
    targets: ['aws', 'endpoint'],
    meaning:
      "aws: the bucket's region (required; else AWS_DEFAULT_REGION); endpoint: the fallback region",
  },
  {
    name: 'AWS_DEFAULT_REGION',
    targets: ['aws'],
    meaning: 'the region when AWS_REGION is unset',
  },
  {
    name: 'AWS_ACCESS_KEY_ID',
    targets: ['endpoint'],
    meaning: `the access key when ${CONTRACT_ENV.accessKeyId} is unset (aws: the SDK's own chain reads it)`,
  },
  {
    name: 'AWS_SECRET_ACCESS_KEY',
    targets: ['endpoint'],
    meaning: `the secret key when ${CONTRACT_ENV.secretAccessKey} is unset (aws: the SDK's own chain reads it)`,
  },
  {
    name: CONTRACT_ENV.localstackAuthToken,
    targets: ['localstack'],
    meaning:
      "LocalStack's auth token, passed to the container (its image needs one since March 2026)",
  },
  {
    name: CONTRACT_ENV.localstackImage,
    targets: ['localstack'],
    meaning: 'the LocalStack image (default localstack/localstack:latest)',
  },
  {
    name: CONTRACT_ENV.minioImage,
    targets: ['minio'],
    meaning: 'the MinIO image (default minio/minio:latest)',
  },
]

/** The variables as `--help` prints them: one per line, name, targets, meaning. */
export function formatContractEnvHelp(): string {
  const width = Math.max(...CONTRACT_ENV_VARIABLES.map((v) => v.name.length))
  return CONTRACT_ENV_VARIABLES.map(
    (v) => `  ${v.name.padEnd(width)}  [${v.targets.join(', ')}] ${v.meaning}`,
  ).join('\n')
}

/** The environment as the parsers read it (process.env, or a literal in tests). */
export type Env = Readonly<Record<string, string | undefined>>

/** A target's configuration, or why the target cannot run (naming what to set). */
export type Parsed<T> =
  { readonly ok: true; readonly config: T } | { readonly ok: false; readonly reason: string }

/** A variable's value, trimmed; undefined when unset or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

/** `1`/`true`/`yes` → true, unset/`0`/`false`/`no` → false, anything else → an error naming the variable. */
export function envFlag(env: Env, name: string): boolean | { readonly invalid: string } {
  const value = envValue(env, name)?.toLowerCase()
  if (value === undefined || value === '0' || value === 'false' || value === 'no') return false
  if (value === '1' || value === 'true' || value === 'yes') return true
  return { invalid: `${name} must be 1 or 0, not ${JSON.stringify(env[name])}` }
}

/** An http(s) URL, or an error naming the variable. */
export function envUrl(env: Env, name: string): URL | undefined | { readonly invalid: string } {
  const value = envValue(env, name)
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { invalid: `${name} is not a URL: ${JSON.stringify(value)}` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { invalid: `${name} must be an http or https URL, not ${JSON.stringify(value)}` }
  }
  return url
}

export function isInvalid(value: unknown): value is { readonly invalid: string } {
  return typeof value === 'object' && value !== null && 'invalid' in value
}

/** The same checks AWS applies to a bucket name (general purpose buckets). */
export function bucketNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
    return 'a bucket name is 3-63 lower-case letters, digits, dots and hyphens'
  }
  return undefined
}
