import type { RequestHandler } from 'msw'
import type { AuditEvent, AuditFilter } from '../core/audit.js'
import type { FaultHandle, FaultRule } from '../core/faults.js'
import type { SdkRequestHandler } from '../transport/sdk-request-handler.js'
import type { KmsView } from './facades.js'
import type { InspectOptions } from './inspect.js'
import type { PrincipalAccess } from './principals.js'
import type { S3View } from './s3-view.js'
import type { WorldFile } from './world-file.js'

/**
 * A world: one isolated in-memory AWS account with its KMS keystore, S3 store, audit log and
 * faults (SPEC §2).
 * @public
 */
export interface MockAws {
  /** MSW request handlers to spread into your own `setupServer(...)`. */
  readonly handlers: RequestHandler[]
  /**
   * The fast lane: an AWS SDK v3 `requestHandler` that answers from this world in-process, with no
   * socket and no interception, through the same protocol and domain code as `handlers`. For
   * clients you build yourself: `new S3Client({ requestHandler: world.requestHandler })`. It needs
   * no `listen()`; requests for hosts the world does not own are rejected, never sent out.
   * `fetch` to presigned URLs still needs the MSW lane (`handlers` or `setupMockAws`).
   * @example
   * ```ts
   * const aws = createMockAws()
   * const s3 = new S3Client({ region: 'us-east-1', requestHandler: aws.requestHandler })
   * ```
   */
  readonly requestHandler: SdkRequestHandler
  /** Read-only view of the keystore. */
  readonly kms: KmsView
  /** Read-only view of the S3 store: objects, their encryption, their bytes at rest. */
  readonly s3: S3View
  /**
   * Every call, CloudTrail-shaped (SPEC §6). With `maxAuditEvents`, the oldest are dropped and
   * counted in `dropped`.
   */
  readonly audit: { events(filter?: AuditFilter): AuditEvent[]; readonly dropped: number }
  /** Inject throttling, outages and latency (SPEC §6). */
  readonly faults: { inject(rule: FaultRule): FaultHandle; clear(): void }
  /** The region and account the world answers for. */
  readonly region: string
  readonly accountId: string
  /** Answers one Fetch request as AWS would; what the handlers call. Useful for custom transports. */
  handle(request: Request): Promise<Response>
  /** True when the mock answers requests to this URL. */
  owns(url: string | URL): boolean
  /** Empties the world: keys, objects, audit log and faults. Options and the seed stay. */
  reset(): void
  /**
   * Loads a world file (a path, a file URL or the parsed object; SPEC §6): keys (optionally with
   * pinned material), aliases, buckets with default encryption, objects. Everything is created
   * through the world's own S3 and KMS APIs, so every AWS rule applies; these calls are left out
   * of the audit log. Invalid files throw a `UsageError` naming the JSON path and the problem,
   * before anything is created; when AWS refuses a step, what the steps before it created stays.
   */
  load(file: string | URL | WorldFile): Promise<void>
  /**
   * A readable tree of the world: keys with their aliases and state, buckets, objects and their
   * encryption (which key, which context). Secrets never appear.
   */
  inspect(options?: InspectOptions): string
  /**
   * A declared principal's credentials and client config (SPEC §5.7), by full ARN, by the part
   * after the account (`'role/reporting'`) or by name. Throws a `UsageError` for an unknown name.
   * @example
   * ```ts
   * const reporting = new S3Client({ ...aws.as('role/reporting').config })
   * ```
   */
  as(principal: string): PrincipalAccess
}
