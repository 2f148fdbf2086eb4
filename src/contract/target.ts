import type { KMSClient } from '@aws-sdk/client-kms'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Capability, ContractKey } from './define.js'

/**
 * A place the contract scenarios run against (SPEC §8): the in-process mock, the server, a
 * container, any S3-compatible endpoint, or AWS itself.
 */
export interface ContractTarget {
  /** `in-process`, `server`, `localstack`, `minio`, `endpoint`, `aws`. */
  readonly name: string
  /**
   * Why the target cannot run here (no Docker engine, no credentials in the environment), or
   * undefined when it can. Every scenario is then reported skipped with this reason.
   */
  unavailable(): Promise<string | undefined>
  /** Starts (or connects to) the target for one run. */
  start(): Promise<TargetSession>
}

/** A started target: the clients and resources scenarios get. */
export interface TargetSession {
  readonly region: string
  /** What the target offers; a scenario requiring anything else is skipped. */
  readonly capabilities: ReadonlySet<Capability>
  /** Why a capability is missing, for the skip reason (e.g. "MinIO has no KMS API"). */
  missing(capability: Capability): string
  readonly s3: S3Client
  /** Undefined on targets without the `kms` capability. */
  readonly kms: KMSClient | undefined
  /** `fetch` that reaches the target and trusts its certificate. */
  readonly fetch: typeof fetch
  /**
   * The bucket scenarios share when the target cannot create buckets (`aws`, `endpoint`):
   * the run writes only under its unique prefix there. Undefined when every scenario gets its own.
   */
  readonly sharedBucket: string | undefined
  /** A customer managed key configured for the target (`aws` without `kms-create-keys`). */
  readonly configuredKey: ContractKey | undefined
  /**
   * Where the target answers plain http when that is another URL than its https one (an
   * endpoint's second listener); with it the target has the `http` capability.
   */
  readonly httpEndpoint?: URL
  /**
   * The engine and version that answers (`ceph-rgw 16.2.15`, `s3-kms-mock 0.1.0`): recordings
   * carry it, and a replay names it in its differences.
   */
  readonly engine?: string
  /**
   * What the run should know once, before the results (a configured key that is not used, a KMS
   * side that failed to start and whose scenarios are therefore skipped).
   */
  readonly notes?: readonly string[]
  /** Stops what `start()` started. */
  close(): Promise<void>
}
