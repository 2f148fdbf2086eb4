import type { Capability } from '../define.js'
import type { ContractTarget } from '../target.js'
import { containerRuntimeProblem } from './containers.js'
import { CONTRACT_ENV, type Env, envValue } from './env.js'
import { remoteSession } from './remote.js'

export const DEFAULT_MINIO_IMAGE = 'minio/minio:latest'

/** The `minio` target's configuration: only the image can be chosen. */
export function parseMinioConfig(env: Env): { readonly image: string } {
  return { image: envValue(env, CONTRACT_ENV.minioImage) ?? DEFAULT_MINIO_IMAGE }
}

/**
 * What MinIO offers as the contract runs it: S3 over plain http, signed as the root user, no KMS.
 * Sources (checked 2026-11):
 * - No KMS API; SSE-KMS and SSE-S3 need a KES server and an external KMS
 *   (https://min.io/docs/minio/linux/reference/minio-server/settings/kes.html). Without one, the
 *   scenarios that only need a bucket but write SSE-S3 (bucket default, `AES256` uploads) run and
 *   report MinIO's own answers as differences: that is MinIO differing from S3, not the mock.
 * - SSE-C only over TLS: "the minio server will reject any SSE-C request made over an insecure
 *   (non-TLS) connection" (MinIO's SSE guide, "how to use minio server side encryption with aws
 *   cli"; https://docs.min.io/minio/baremetal/security/security-overview.html: "MinIO SSE requires
 *   enabling Network Encryption (TLS)").
 * - Bucket policies are stored, but the container's credentials are the root user's, and MinIO
 *   skips every policy for the owner (minio/minio cmd/iam.go, `IAMSys.IsAllowed`: "Policies don't
 *   apply to the owner"), so a Deny never applies to the scenario's own requests.
 */
export const MINIO_CAPABILITIES: readonly Capability[] = [
  'http',
  'create-bucket',
  'bucket-encryption',
  'presign',
]

const NO_KMS = 'MinIO has no KMS API (its SSE-KMS goes through a separate KES server)'
export const MINIO_LACKING: Partial<Record<Capability, string>> = {
  kms: NO_KMS,
  'kms-create-keys': NO_KMS,
  'kms-aliases': NO_KMS,
  'sse-kms': 'MinIO needs a KES server for SSE-KMS; the container runs without one',
  'sse-c': 'MinIO accepts SSE-C only over TLS, and the container serves plain http',
  https: 'the MinIO container serves plain http',
  'sse-c-block': 'MinIO has no SSE-C block on new buckets (an AWS change of April 2026)',
  'bucket-policy':
    "MinIO does not apply bucket policies to the root user, and the container's credentials are the root user's",
  'bucket-configurations':
    'MinIO has no bucket website or metrics configuration API, and its replication needs remote targets',
  'object-lock':
    'MinIO enables Object Lock only when a bucket is created ("Object Lock configuration cannot be enabled on existing buckets")',
}

/** MinIO in a container (testcontainers), started for the run and removed after it. */
export function minioTarget(env: Env = process.env): ContractTarget {
  const { image } = parseMinioConfig(env)
  return {
    name: 'minio',
    unavailable: () => containerRuntimeProblem('@testcontainers/minio'),
    async start() {
      const { MinioContainer } = await import('@testcontainers/minio')
      const container = await new MinioContainer(image).start()
      return remoteSession({
        region: 'us-east-1',
        endpoint: container.getConnectionUrl(),
        credentials: {
          accessKeyId: container.getUsername(),
          secretAccessKey: container.getPassword(),
        },
        forcePathStyle: true,
        capabilities: MINIO_CAPABILITIES,
        lacking: MINIO_LACKING,
        sharedBucket: undefined,
        configuredKeyId: undefined,
        stop: async () => {
          await container.stop()
        },
      })
    },
  }
}
