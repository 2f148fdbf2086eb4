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

/** What MinIO offers as the contract runs it: S3 over plain http, no KMS. */
export const MINIO_CAPABILITIES: readonly Capability[] = [
  'http',
  'create-bucket',
  'bucket-policy',
  'presign',
]

const NO_KMS = 'MinIO has no KMS API (its SSE-KMS goes through a separate KES server)'
const MINIO_LACKING: Partial<Record<Capability, string>> = {
  kms: NO_KMS,
  'kms-create-keys': NO_KMS,
  'kms-aliases': NO_KMS,
  'sse-kms': 'MinIO needs a KES server for SSE-KMS; the container runs without one',
  'sse-c': 'MinIO accepts SSE-C only over TLS, and the container serves plain http',
  https: 'the MinIO container serves plain http',
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
