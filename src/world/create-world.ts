import { AuditLog } from '../core/audit.js'
import type { AwsError } from '../core/aws-error.js'
import { systemClock } from '../core/clock.js'
import { Faults, type FaultRule, type FaultHandle } from '../core/faults.js'
import { type Random, seededRandom, systemRandom } from '../core/random.js'
import { KMSInternalException, kmsFaultErrors } from '../kms/errors.js'
import { s3FaultErrors } from '../s3/fault-errors.js'
import { KmsState } from '../kms/state.js'
import { classifyRequest, CustomEndpoints, isOwnedUrl } from '../protocol/endpoints.js'
import { handleKmsRequest } from '../protocol/kms-json/handle.js'
import { renderKmsError } from '../protocol/kms-json/render-error.js'
import type { OperationCall } from '../protocol/operation.js'
import { readRequestMeta } from '../protocol/request-meta.js'
import { renderS3Error } from '../protocol/s3-rest-xml/render-error.js'
import { InternalError } from '../s3/errors.js'
import { S3State } from '../s3/state.js'
import { handleS3Request, s3RequestIds } from '../protocol/s3-rest-xml/handle.js'
import { s3Binding } from './s3-binding.js'
import { s3View, type S3View } from './s3-view.js'
import { createMswHandlers } from '../transport/msw-handlers.js'
import {
  createSdkRequestHandler,
  type SdkRequestHandler,
} from '../transport/sdk-request-handler.js'
import { WorldDispatcher } from './dispatcher.js'
import { kmsView, type KmsView } from './facades.js'
import { kmsBinding } from './kms-binding.js'
import { type MockAwsOptions, resolveOptions } from './options.js'
import type { RequestHandler } from 'msw'
import type { AuditEvent, AuditFilter } from '../core/audit.js'
import { aliasesOf, describeKeyArn, inspectWorld, type InspectOptions } from './inspect.js'
import { registerRef, registerWorld } from './subjects.js'
import { checkWorldFile, readWorldFile, type WorldFile, worldFileName } from './world-file.js'
import { loadWorld } from './world-load.js'
import { worldClient } from './world-client.js'
import { PrincipalDirectory, type PrincipalAccess } from './principals.js'
import { resolvePrincipals } from '../core/iam/principal.js'

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

/**
 * Creates an isolated world. Nothing is intercepted until its `handlers` are installed in an MSW
 * server, or use `setupMockAws` from `s3-kms-mock/node`.
 * @public
 * @example
 * ```ts
 * const aws = createMockAws({ region: 'eu-west-1' })
 * const server = setupServer(...aws.handlers, ...myOtherHandlers)
 * ```
 */
export function createMockAws(options: MockAwsOptions = {}): MockAws {
  const resolved = resolveOptions(options)
  const clock = resolved.clock ?? systemClock
  const newRandom = (): Random =>
    resolved.seed === undefined ? systemRandom() : seededRandom(resolved.seed)
  let random = newRandom()
  let kmsState = new KmsState()
  const audit = new AuditLog(resolved.maxAuditEvents)
  const faults = new Faults(
    () => random,
    (service, code, target): AwsError | undefined => {
      const table = service === 'kms' ? kmsFaultErrors : s3FaultErrors
      return Object.hasOwn(table, code) ? table[code]?.(target) : undefined
    },
  )
  const custom = new CustomEndpoints(resolved.endpoints)

  let s3State = new S3State(random)
  const loaderKey = Buffer.from(systemRandom().bytes(20)).toString('hex')
  const principals = new PrincipalDirectory(
    resolved.principals,
    resolved.credentials,
    {
      accessKeyId: `AKIALOADER${loaderKey.slice(0, 10).toUpperCase()}`,
      secretAccessKey: loaderKey,
    },
    resolved.accountId,
    resolved.region,
  )
  const blockSseCOnNewBuckets = resolved.blockSseCOnNewBuckets

  const dispatcher: WorldDispatcher = new WorldDispatcher({
    clock,
    random: () => random,
    audit,
    faults,
    accountId: resolved.accountId,
    kms: kmsBinding(() => kmsState),
    s3: s3Binding({
      state: () => s3State,
      kms: () => kmsState,
      dispatcher: () => dispatcher,
      blockSseCOnNewBuckets,
    }),
    principals,
    onInternalError: (call: OperationCall, error: unknown) => {
      console.error(`[s3-kms-mock] internal error in ${call.service}:${call.name}:`, error)
    },
  })

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const endpoint = classifyRequest(url, request.headers, custom)
    const service = endpoint?.service ?? 's3'
    const ids = s3RequestIds(random.uuid(), random.bytes(24))
    const requestId = service === 'kms' ? random.uuid() : ids.requestId
    const meta = readRequestMeta(request, requestId, resolved.accountId, url)
    principals.identify(meta.caller)
    const region = endpoint?.region ?? meta.scope?.region ?? resolved.region
    try {
      if (service === 'kms') {
        return await handleKmsRequest(request, meta, region, dispatcher, {
          clock,
          credentials: principals.credentials,
        })
      }
      return await handleS3Request(
        request,
        meta,
        region,
        dispatcher,
        {
          endpoints: resolved.endpoints,
          clock,
          credentials: principals.credentials,
          corsRules: (bucket) => s3State.buckets.get(bucket)?.cors,
        },
        ids.hostId,
      )
    } catch (error) {
      console.error('[s3-kms-mock] internal error:', error)
      return service === 'kms'
        ? renderKmsError(new KMSInternalException(), requestId)
        : renderS3Error(new InternalError(), meta.method, requestId, ids.hostId)
    }
  }

  const owns = (url: string | URL): boolean => isOwnedUrl(new URL(url), custom)

  const s3 = s3View(() => s3State)
  const world: MockAws = {
    handlers: createMswHandlers(owns, handle),
    requestHandler: createSdkRequestHandler(owns, handle),
    kms: kmsView(() => kmsState, clock, resolved.accountId, resolved.region),
    s3: {
      ...s3,
      object(bucket, key, versionId) {
        const ref = s3.object(bucket, key, versionId)
        registerRef(ref, world)
        return ref
      },
    },
    audit,
    faults,
    region: resolved.region,
    accountId: resolved.accountId,
    handle,
    owns,
    reset() {
      kmsState = new KmsState()
      audit.clear()
      faults.clear()
      random = newRandom()
      s3State = new S3State(random)
      principals.reset()
    },
    async load(file) {
      const name = worldFileName(file)
      const checked = checkWorldFile(await readWorldFile(file), name)
      // Principals first, checked before anything changes; the loader still signs as the root.
      principals.add(
        resolvePrincipals(checked.principals, principals.usedKeys, {
          verb: `load world file ${name}`,
          path: '$.principals',
        }),
      )
      const client = worldClient(handle, clock, principals.loaderCredentials)
      const mark = audit.size
      try {
        await loadWorld(checked, name, resolved.region, client)
      } finally {
        audit.discardSince(mark)
      }
    },
    inspect(options) {
      return inspectWorld(kmsState, s3State, resolved, options, audit)
    },
    as: (name) => principals.as(name),
  }
  worldStates.set(world, () => ({ kms: kmsState, s3: s3State }))
  registerWorld(world, {
    describeKeyArn: (arn) => describeKeyArn(arn, aliasesOf(kmsState)),
  })
  return world
}

const worldStates = new WeakMap<MockAws, () => { kms: KmsState; s3: S3State }>()

function serialise(value: unknown): unknown {
  if (value instanceof Map)
    return [...(value as Map<unknown, unknown>).entries()].map(([k, v]) => [k, serialise(v)])
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (Array.isArray(value)) return (value as unknown[]).map(serialise)
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { reveal?: unknown }).reveal === 'function')
      return `secret(${String((value as { length: number }).length)})`
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, serialise(v)]))
  }
  return value
}

/**
 * @internal A comparable picture of everything a world holds (secrets shown by length only), for
 * tests that prove a failed call changed nothing. Not part of the public API.
 */
export function stateSnapshot(world: MockAws): string {
  const state = worldStates.get(world)
  if (state === undefined) throw new Error('not a world created by createMockAws')
  const regions = [...state().kms.regions()].map(([name, region]) => [
    name,
    {
      keys: serialise(region.keys),
      aliases: serialise(region.aliases),
      grants: serialise(region.grants),
      imports: serialise(region.pendingImports),
      customKeyStores: serialise(region.customKeyStores),
      // Key last usage is left out, like the audit log it is derived from: a successful
      // read-only call (Encrypt, Sign) records it (last-usage.test.ts asserts failures do not).
    },
  ])
  const { buckets, uploads, endedUploads } = state().s3
  return JSON.stringify({
    kms: regions,
    s3: serialise(buckets),
    uploads: serialise(uploads),
    endedUploads: [...endedUploads.keys()],
  })
}
