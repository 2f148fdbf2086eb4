import { AuditLog } from '../core/audit.js'
import type { AwsError } from '../core/aws-error.js'
import { systemClock } from '../core/clock.js'
import { Faults } from '../core/faults.js'
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
import { S3EventBus } from './s3-events.js'
import { s3View } from './s3-view.js'
import { createMswHandlers } from '../transport/msw-handlers.js'
import { createSdkRequestHandler } from '../transport/sdk-request-handler.js'
import { WorldDispatcher } from './dispatcher.js'
import { kmsView } from './facades.js'
import { kmsBinding } from './kms-binding.js'
import { type MockAwsOptions, resolveOptions } from './options.js'
import { aliasesOf, describeKeyArn, inspectWorld } from './inspect.js'
import type { MockAws } from './mock-aws.js'
import { registerRef, registerWorld } from './subjects.js'
import { checkWorldFile, readWorldFile, worldFileName } from './world-file.js'
import { loadWorld } from './world-load.js'
import { worldClient } from './world-client.js'
import { PrincipalDirectory } from './principals.js'
import { resolvePrincipals } from '../core/iam/principal.js'

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
  const events = new S3EventBus(resolved.accountId, () => random)

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
      events,
      backgroundIds: () => s3RequestIds(random.uuid(), random.bytes(24)),
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
    const meta = {
      ...readRequestMeta(request, requestId, resolved.accountId, url),
      ...(service === 'kms' ? {} : { hostId: ids.hostId }),
    }
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
        endpoint?.signingService,
      )
    } catch (error) {
      console.error('[s3-kms-mock] internal error:', error)
      return service === 'kms'
        ? renderKmsError(new KMSInternalException(), requestId)
        : renderS3Error(new InternalError(), meta.method, requestId, ids.hostId)
    }
  }

  const owns = (url: string | URL): boolean => isOwnedUrl(new URL(url), custom)

  const s3 = s3View(() => s3State, events)
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
      events.reset()
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
  registerWorld(world, {
    describeKeyArn: (arn) => describeKeyArn(arn, aliasesOf(kmsState)),
    states: () => ({ kms: kmsState, s3: s3State }),
  })
  return world
}
