import type { Capability } from '../define.js'
import type { ContractTarget } from '../target.js'
import { containerRuntimeProblem } from './containers.js'
import { CONTRACT_ENV, type Env, envValue, type Parsed } from './env.js'
import { remoteSession } from './remote.js'

export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:latest'

export interface LocalStackTargetConfig {
  readonly image: string
  /** Passed to the container as LOCALSTACK_AUTH_TOKEN; never printed. */
  readonly authToken: string | undefined
}

/**
 * Reads the `localstack` target's configuration. LocalStack's images need an auth token to start
 * since 2026 (LOCALSTACK_AUTH_TOKEN); without one the target is skipped, unless you name an image
 * of your own that starts without it (S3_KMS_MOCK_CONTRACT_LOCALSTACK_IMAGE, e.g. an older pinned
 * community tag or a mirror).
 */
export function parseLocalStackConfig(env: Env): Parsed<LocalStackTargetConfig> {
  const authToken = envValue(env, CONTRACT_ENV.localstackAuthToken)
  const image = envValue(env, CONTRACT_ENV.localstackImage)
  if (authToken === undefined && image === undefined) {
    return {
      ok: false,
      reason: `set ${CONTRACT_ENV.localstackAuthToken}: LocalStack's images need an auth token to start since 2026 (or name an image that starts without one in ${CONTRACT_ENV.localstackImage})`,
    }
  }
  return { ok: true, config: { image: image ?? DEFAULT_LOCALSTACK_IMAGE, authToken } }
}

/**
 * What LocalStack offers as the contract runs it (plain http, IAM not enforced). Sources (checked
 * 2026-11):
 * - KMS: keys, aliases, encrypt/decrypt, data keys
 *   (https://docs.localstack.cloud/aws/services/kms/).
 * - SSE-C: accepted and checked by the key's MD5 (a wrong key is refused on GET/HEAD/copy), but
 *   not encrypted at rest (localstack/localstack services/s3/provider.py: "we're not encrypting
 *   the object with the provided key for now"). Every SSE-C scenario also needs `https`, so they
 *   are skipped here anyway.
 * - Bucket policies are stored but enforced only with ENFORCE_IAM=1, off by default ("Per default,
 *   IAM enforcement is disabled, and all APIs can be accessed without authentication",
 *   https://docs.localstack.cloud/aws/capabilities/security-testing/iam-policy-enforcement/).
 * - Since 23 March 2026 LocalStack ships one image that requires authentication
 *   (docs.localstack.cloud): LOCALSTACK_AUTH_TOKEN is passed to the container.
 */
export const LOCALSTACK_CAPABILITIES: readonly Capability[] = [
  'kms',
  'kms-create-keys',
  'kms-aliases',
  'sse-kms',
  'sse-c',
  'http',
  'create-bucket',
  'bucket-encryption',
  'sse-c-block',
  'presign',
  'object-lock',
]

export const LOCALSTACK_LACKING: Partial<Record<Capability, string>> = {
  https: 'the LocalStack container is reached over plain http',
  'bucket-policy':
    'LocalStack stores bucket policies but enforces them only with ENFORCE_IAM=1 (off by default, not enabled here)',
  'bucket-configurations':
    "LocalStack's S3 provider has no metrics configuration operations (PutBucketMetricsConfiguration is not implemented)",
}

/** LocalStack in a container (testcontainers), started for the run and removed after it. */
export function localStackTarget(env: Env = process.env): ContractTarget {
  const parsed = parseLocalStackConfig(env)
  return {
    name: 'localstack',
    async unavailable() {
      const problems = [
        await containerRuntimeProblem('@testcontainers/localstack'),
        parsed.ok ? undefined : parsed.reason,
      ].filter((p) => p !== undefined)
      return problems.length === 0 ? undefined : problems.join('; ')
    },
    async start() {
      if (!parsed.ok) throw new Error(parsed.reason)
      const { LocalstackContainer } = await import('@testcontainers/localstack')
      const { authToken, image } = parsed.config
      const container = await new LocalstackContainer(image)
        .withEnvironment({
          SERVICES: 's3,kms',
          ...(authToken === undefined ? {} : { LOCALSTACK_AUTH_TOKEN: authToken }),
        })
        .start()
      const endpoint = container.getConnectionUri()
      return remoteSession({
        region: 'us-east-1',
        endpoint,
        kmsEndpoint: endpoint,
        // LocalStack accepts any credentials.
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        forcePathStyle: true,
        capabilities: LOCALSTACK_CAPABILITIES,
        lacking: LOCALSTACK_LACKING,
        sharedBucket: undefined,
        configuredKeyId: undefined,
        stop: async () => {
          await container.stop()
        },
      })
    },
  }
}
