import type { Clock } from '../core/clock.js'
import {
  type DeclaredPrincipal,
  type MockPrincipal,
  resolvePrincipals,
} from '../core/iam/principal.js'
import { UsageError } from '../core/usage-error.js'

/**
 * Options of `createMockAws()` and `setupMockAws()` (SPEC §2).
 * @public
 */
export interface MockAwsOptions {
  /** Default region for requests that do not name one (custom endpoints without a signature). Default `us-east-1`. */
  region?: string
  /** The account every resource belongs to. Default `123456789012`. */
  accountId?: string
  /** Makes key ids, key material, data keys, IVs, salts and ids identical on every run (SPEC §5.4). */
  seed?: string | number
  /** Extra hosts or URLs to answer besides AWS's own, e.g. `http://localhost:4566`. */
  endpoints?: readonly (string | URL)[]
  /** Injected time, e.g. a `ManualClock` to test expiry. */
  clock?: Clock
  /**
   * New buckets block SSE-C writes until `PutBucketEncryption` unblocks them, as AWS does since
   * April 2026 (SPEC §4.2). `false` models buckets created before the change. Default `true`.
   */
  blockSseCOnNewBuckets?: boolean
  /**
   * Verify SigV4 signatures in full (headers, presigned URLs, signed chunks) against these
   * credentials, answering AWS's errors for bad ones (SPEC §5.5). Without it any well-formed
   * signature is accepted, but presigned expiry and missing signed headers are still checked.
   */
  credentials?: MockCredentials | readonly MockCredentials[]
  /**
   * IAM identities (users, roles, account roots; of this account or another) whose access keys
   * sign requests (SPEC §5.7). With any declared, signatures are verified with each principal's
   * secret, and every KMS call and S3 request is authorised for the principal that signed it:
   * its identity policy, bucket policies, key policies and grants, in AWS's evaluation order.
   * Keys of `credentials` act as the account root. `world.as(name)` gives a principal's keys.
   */
  principals?: readonly MockPrincipal[]
  /**
   * Keep at most this many audit events; older ones are dropped and counted (`world.audit.dropped`,
   * `inspect()`), so a long-running server's log stays bounded. Default: unbounded in-process,
   * 10,000 in server mode.
   */
  maxAuditEvents?: number
}

/** An access key the mock recognises. @public */
export interface MockCredentials {
  accessKeyId: string
  secretAccessKey: string
}

export interface ResolvedOptions {
  readonly region: string
  readonly accountId: string
  readonly seed: string | number | undefined
  readonly endpoints: readonly (string | URL)[]
  readonly clock: Clock | undefined
  readonly blockSseCOnNewBuckets: boolean
  readonly credentials: readonly MockCredentials[]
  /** Declared principals by access key id; empty when none are (no IAM evaluation). */
  readonly principals: ReadonlyMap<string, DeclaredPrincipal>
  readonly maxAuditEvents: number
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/
const ACCOUNT = /^\d{12}$/

export function resolveOptions(options: MockAwsOptions = {}): ResolvedOptions {
  const region = options.region ?? 'us-east-1'
  if (!REGION.test(region)) {
    throw new UsageError(
      `Failed to create the mock: region '${region}' is not an AWS region name. Use a name such as 'eu-west-1'.`,
    )
  }
  const accountId = options.accountId ?? '123456789012'
  if (!ACCOUNT.test(accountId)) {
    throw new UsageError(
      `Failed to create the mock: accountId '${accountId}' is not 12 digits. Use a value such as '123456789012'.`,
    )
  }
  const endpoints = options.endpoints ?? []
  for (const endpoint of endpoints) {
    let url: URL
    try {
      url = new URL(endpoint)
    } catch {
      throw new UsageError(
        `Failed to create the mock: endpoint '${String(endpoint)}' is not a URL. Give it as 'http://localhost:4566'.`,
      )
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError(
        `Failed to create the mock: endpoint '${String(endpoint)}' is not http or https.`,
      )
    }
  }
  const credentials = credentialsOf(options.credentials)
  const principals = resolvePrincipals(
    options.principals,
    new Set(credentials.map((c) => c.accessKeyId)),
  )
  return {
    region,
    accountId,
    seed: options.seed,
    endpoints,
    clock: options.clock,
    blockSseCOnNewBuckets: options.blockSseCOnNewBuckets ?? true,
    credentials,
    principals,
    maxAuditEvents: maxAuditEventsOf(options.maxAuditEvents),
  }
}

function maxAuditEventsOf(value: number | undefined): number {
  if (value === undefined) return Infinity
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(
      `Failed to create the mock: maxAuditEvents must be a whole number of at least 1, not ${String(value)}.`,
    )
  }
  return value
}

function credentialsOf(value: MockAwsOptions['credentials']): readonly MockCredentials[] {
  if (value === undefined) return []
  const list: readonly (MockCredentials | null)[] = Array.isArray(value)
    ? value
    : [value as MockCredentials]
  for (const c of list) {
    if (
      typeof c !== 'object' ||
      c === null ||
      typeof c.accessKeyId !== 'string' ||
      c.accessKeyId === '' ||
      typeof c.secretAccessKey !== 'string'
    ) {
      throw new UsageError(
        'Failed to create the mock: credentials need a non-empty accessKeyId and a secretAccessKey. Pass { accessKeyId, secretAccessKey } or a list of them.',
      )
    }
  }
  return list as readonly MockCredentials[]
}
