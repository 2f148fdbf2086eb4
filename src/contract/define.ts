import type { KMSClient } from '@aws-sdk/client-kms'
import type { S3Client } from '@aws-sdk/client-s3'

/**
 * The contract suite's vocabulary (SPEC §8): a scenario is written once against a
 * `ScenarioContext`; a target (the in-process mock, the server, LocalStack, MinIO, any endpoint,
 * real AWS) provides that context. A scenario states what it `requires`; a target lacking one of
 * those capabilities reports the scenario as skipped, with the reason, instead of failing it.
 */

/** What a scenario may need from a target. */
export type Capability =
  /** The KMS API itself (MinIO has none). */
  | 'kms'
  /** Creating, disabling and scheduling deletion of KMS keys (real AWS only when asked: keys cannot be deleted at once). */
  | 'kms-create-keys'
  /** Creating and deleting KMS aliases. */
  | 'kms-aliases'
  /** S3 encrypting with KMS keys (`aws:kms`). */
  | 'sse-kms'
  /** S3 with customer-provided keys (SSE-C). */
  | 'sse-c'
  /** Requests over https (SSE-C is refused over http). */
  | 'https'
  /**
   * The same target also answers plain http when a request's scheme is switched from https (AWS
   * and the in-process mock do; a server listening on https only does not): to see SSE-C refused.
   */
  | 'http'
  /** A bucket of the scenario's own, created fresh, which it may configure (default encryption, policy). */
  | 'create-bucket'
  /** Bucket policies that are enforced, not only stored. */
  | 'bucket-policy'
  /** The bucket default-encryption API (PutBucketEncryption, GetBucketEncryption, DeleteBucketEncryption). */
  | 'bucket-encryption'
  /**
   * The April 2026 SSE-C block: a new bucket refuses SSE-C writes until its default encryption
   * says `BlockedEncryptionTypes: NONE`. Without it, SSE-C scenarios write without that unblock call.
   */
  | 'sse-c-block'
  /** Presigned URLs fetched with plain `fetch`. */
  | 'presign'
  /**
   * The configuration-only bucket APIs, stored and read back with S3's errors: website,
   * replication, metrics configurations (MinIO and LocalStack lack some of them).
   */
  | 'bucket-configurations'
  /**
   * S3 Object Lock enabled on an existing versioned bucket (S3 allows it since November 2023),
   * with retention, legal holds and governance bypass.
   */
  | 'object-lock'

/** Every capability, for targets that have them all (the mock). */
export const ALL_CAPABILITIES: readonly Capability[] = [
  'kms',
  'kms-create-keys',
  'kms-aliases',
  'sse-kms',
  'sse-c',
  'https',
  'http',
  'create-bucket',
  'bucket-policy',
  'bucket-encryption',
  'sse-c-block',
  'presign',
  'bucket-configurations',
  'object-lock',
]

/** A customer managed KMS key the scenario may use, in the forms S3 and KMS accept. */
export interface ContractKey {
  readonly keyId: string
  readonly arn: string
}

/** An AWS error as a scenario expects it, or as a target answered it. */
export interface ExpectedError {
  /** HTTP status. */
  readonly status: number
  /** The error code (`err.name` in the SDK: `NoSuchKey`, `DisabledException`, …). */
  readonly code: string
  /** The exact message; leave it out where no one has captured it (then say so in `openQuestion`). */
  readonly message?: string
  /** Response headers that must be present with these values (lower-case names). */
  readonly headers?: Readonly<Record<string, string>>
}

/** Options of a check. */
export interface CheckOptions {
  /**
   * The open question this check settles (reference §6): the expectation is our best knowledge,
   * not yet captured against AWS. A difference on an `aws` run answers it.
   */
  readonly openQuestion?: string
}

/** What a scenario's `run` receives: clients for the target and soft assertions. */
export interface ScenarioContext {
  /** The target's name (`in-process`, `server`, `localstack`, `minio`, `endpoint`, `aws`). */
  readonly target: string
  readonly region: string
  /** An S3 client for the target, as an application would build one (default checksums). */
  readonly s3: S3Client
  /** A KMS client for the target (throws when used on a target without the `kms` capability). */
  readonly kms: KMSClient
  /** `fetch` that reaches the target (trusts its certificate), for presigned URLs. */
  readonly fetch: typeof fetch
  /**
   * Where the target answers plain http when that is another URL than its https one (an
   * endpoint with two listeners); undefined when switching the scheme reaches it (`http`).
   */
  readonly httpEndpoint: URL | undefined
  /** Whether the target has a capability (for steps that exist only on some engines: the SSE-C unblock). */
  has(capability: Capability): boolean
  /** A bucket the scenario may put objects in: its own fresh one with `create-bucket`, else the target's shared one. */
  readonly bucket: string
  /** An object key unique to this run and scenario, under the run's prefix (cleaned up after). */
  key(name: string): string
  /** A customer managed key: created for the scenario with `kms-create-keys`, else the target's configured one. */
  customerKey(): Promise<ContractKey>
  /** Creates another bucket (needs `create-bucket`), deleted with its objects after the scenario. */
  createBucket(options?: { name?: string }): Promise<string>
  /** Registers a clean-up step; they run in reverse order after the scenario, pass or fail. */
  defer(cleanup: () => Promise<unknown>): void
  /** Soft assertion: records a difference when `actual` does not deep-equal `expected`, and goes on. */
  check(label: string, actual: unknown, expected: unknown, options?: CheckOptions): void
  /**
   * Awaits a call that must fail with `expected`, records any difference in status, code, message
   * or headers, and returns what the target answered (undefined when the call succeeded).
   */
  expectError(
    label: string,
    call: Promise<unknown>,
    expected: ExpectedError,
    options?: CheckOptions,
  ): Promise<ObservedError | undefined>
}

/** An error as the target answered it. */
export interface ObservedError {
  readonly status: number | undefined
  readonly code: string
  readonly message: string
  readonly headers: Readonly<Record<string, string>>
}

/** One contract scenario. */
export interface Scenario {
  /** Unique, kebab-case: it names the recording file (`fixtures/recordings/<target>/<name>.json`). */
  readonly name: string
  /** One sentence: the behaviour a user relies on. */
  readonly description: string
  readonly requires: readonly Capability[]
  run(t: ScenarioContext): Promise<void>
}

/** Declares a scenario (typed; validates the name). */
export function defineScenario(scenario: Scenario): Scenario {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(scenario.name)) {
    throw new TypeError(
      `Failed to define scenario ${JSON.stringify(scenario.name)}: the name must be kebab-case`,
    )
  }
  return scenario
}

/** One difference between what a scenario expected and what a target answered. */
export interface Difference {
  readonly check: string
  readonly expected: unknown
  readonly actual: unknown
  readonly openQuestion?: string
  /**
   * Where in the scenario it showed: the step (the n-th request the scenario sent), the request
   * (operation, method, path) and what the target answered (status, error code, message or the
   * start of the body). Set by the runner for differences that follow a request.
   */
  readonly at?: string
}

/** How one scenario went on one target. */
export type ScenarioOutcome =
  | { readonly status: 'pass'; readonly openQuestions: readonly string[] }
  | {
      readonly status: 'differs'
      readonly differences: readonly Difference[]
      readonly openQuestions: readonly string[]
    }
  | { readonly status: 'skipped'; readonly reason: string }

export interface ScenarioResult {
  readonly scenario: string
  readonly target: string
  readonly outcome: ScenarioOutcome
  readonly durationMs: number
}
