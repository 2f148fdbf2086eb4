import { http } from 'msw'
import { setupWorker, type SetupWorker } from 'msw/browser'
import type { AuditEvent } from '../core/audit.js'
import type { InspectOptions } from '../world/inspect.js'
import type { KeyMetadata } from '../kms/shapes.js'
import { CustomEndpoints, isOwnedUrl } from '../protocol/endpoints.js'
import type {
  RelayChannel,
  RelayWorldOptions,
  WireAuditFilter,
  WireFaultRule,
  WireRequest,
  WireResponse,
} from '../relay/protocol.js'
import type { PrincipalAccess } from '../world/principals.js'
import type { StoredObject } from '../world/s3-view.js'
import type { WorldFile } from '../world/world-file.js'
import { vitestChannel } from './channel.js'
import { answerAsBrowser, type CorsRefusal } from './page-fetch.js'
import { RelayClient } from './relay-client.js'
import { browserRequestHandler, type BrowserSdkRequestHandler } from './sdk-handler.js'
import { registerBrowserSubject } from './subjects.js'

/**
 * Options of `setupMockAwsWorker()`: the world's options (all of `MockAwsOptions` but `clock`)
 * and how the page reaches the Node side.
 * @public
 */
export interface MockAwsWorkerOptions extends RelayWorldOptions {
  /** How messages reach the Node-side world. Default: vitest's browser commands. */
  channel?: RelayChannel
  /**
   * Where MSW's service worker script is served (default `/mockServiceWorker.js`, which the
   * `s3KmsMockBrowser()` vitest plugin serves from the installed msw).
   */
  serviceWorkerUrl?: string
}

/**
 * A reference to an object in the page's world: as `S3ObjectRef` in Node, each read a round
 * trip to the Node side, so asynchronous. The subject of the page's matchers.
 * @public
 */
export interface BrowserObjectRef {
  readonly bucket: string
  readonly key: string
  readonly versionId: string | undefined
  exists(): Promise<boolean>
  describe(): Promise<StoredObject | undefined>
  /** The bytes at rest: ciphertext, never the plaintext. */
  raw(): Promise<Uint8Array>
}

/** A fault injected from the page. @public */
export interface BrowserFaultHandle {
  remove(): Promise<void>
  hits(): Promise<number>
}

/**
 * The world as a page sees it (`s3-kms-mock/browser`, ADR 0010): the Node API's names and
 * shapes, asynchronous wherever they read the world, which lives on the Node side.
 * @public
 */
export interface BrowserMockAws {
  /** Starts MSW's service worker, answering the page's fetch/XHR to S3 and KMS hosts. */
  start(): Promise<void>
  /** Stops intercepting and drops the Node-side world. */
  stop(): Promise<void>
  /** Empties the world: keys, objects, audit log, faults; also the page's CORS refusals. */
  reset(): Promise<void>
  /** The MSW worker, to add your own handlers with `worker.use(...)`. */
  readonly worker: SetupWorker
  /**
   * An AWS SDK v3 `requestHandler` for the page's SDK that answers from the world with no
   * browser in between (as `world.requestHandler` in Node): no service worker and no CORS, for
   * set-up as a back end would do it. The page's own clients go through `fetch` and CORS.
   */
  readonly requestHandler: BrowserSdkRequestHandler
  readonly s3: {
    buckets(): Promise<string[]>
    keys(bucket: string): Promise<string[]>
    object(bucket: string, key: string, versionId?: string): BrowserObjectRef
    rawObject(bucket: string, key: string, versionId?: string): Promise<Uint8Array>
  }
  readonly kms: {
    keys(region?: string): Promise<KeyMetadata[]>
    describeKey(keyId: string, region?: string): Promise<KeyMetadata>
  }
  /** The audit log; filters are partial events (a filter function cannot cross to Node). */
  readonly audit: {
    events(filter?: WireAuditFilter): Promise<AuditEvent[]>
    dropped(): Promise<number>
  }
  /** Faults; the rule's `error` is named by its code. */
  readonly faults: {
    inject(rule: WireFaultRule): Promise<BrowserFaultHandle>
    clear(): Promise<void>
  }
  readonly region: string
  readonly accountId: string
  /** Answers one Fetch request as AWS would, with no browser CORS in between. */
  handle(request: Request): Promise<Response>
  /** True when the world answers requests to this URL. */
  owns(url: string | URL): boolean
  /** Loads a world file: the object, or a path the Node side reads (relative to its cwd). */
  load(file: WorldFile | string): Promise<void>
  inspect(options?: InspectOptions): Promise<string>
  as(principal: string): Promise<PrincipalAccess>
  /**
   * The page's requests the browser's CORS steps refused since start or reset, newest last,
   * with S3's answer to the preflight when it refused it. The page's `fetch` saw a TypeError.
   */
  corsRefusals(): readonly CorsRefusal[]
}

export async function toWire(request: Request): Promise<WireRequest> {
  const headers: [string, string][] = []
  request.headers.forEach((value, name) => headers.push([name, value]))
  const body =
    request.method === 'GET' || request.method === 'HEAD'
      ? null
      : new Uint8Array(await request.arrayBuffer())
  return { method: request.method, url: request.url, headers, body }
}

export function fromWire(wire: WireResponse): Response {
  const nullBody = wire.body === null || [101, 204, 205, 304].includes(wire.status)
  return new Response(nullBody ? null : (wire.body as Uint8Array<ArrayBuffer>), {
    status: wire.status,
    statusText: wire.statusText,
    headers: wire.headers as [string, string][],
  })
}

let created = 0

/** A page-side world over a channel, without a service worker of its own. @internal */
export function createBrowserWorld(options: MockAwsWorkerOptions = {}): {
  world: Omit<BrowserMockAws, 'start' | 'stop' | 'worker'>
  open(): Promise<void>
  close(): Promise<void>
  fetchFromPage(request: Request): Promise<Response>
} {
  const { channel = vitestChannel(), serviceWorkerUrl: _url, ...worldOptions } = options
  // The id only names this world to the Node side; it is not the world's randomness.
  const id = `${String(++created)}-${globalThis.crypto.randomUUID()}`
  const client = new RelayClient(channel, id)
  const custom = new CustomEndpoints(worldOptions.endpoints ?? [])
  const refusals: CorsRefusal[] = []
  const send = async (request: WireRequest): Promise<Response> =>
    fromWire(await client.request(request))
  const handle = async (request: Request): Promise<Response> => send(await toWire(request))

  const world: Omit<BrowserMockAws, 'start' | 'stop' | 'worker'> = {
    requestHandler: browserRequestHandler((url) => world.owns(url), handle),
    s3: {
      buckets: async () => (await client.send({ op: 's3.buckets' })) as string[],
      keys: async (bucket) => (await client.send({ op: 's3.keys', bucket })) as string[],
      object(bucket, key, versionId) {
        const at = { bucket, key, ...(versionId === undefined ? {} : { versionId }) }
        const ref: BrowserObjectRef = {
          bucket,
          key,
          versionId,
          exists: async () =>
            (await client.send({ op: 's3.object', what: 'exists', ...at })) as boolean,
          describe: async () =>
            (await client.send({ op: 's3.object', what: 'describe', ...at })) as
              StoredObject | undefined,
          raw: async () =>
            (await client.send({ op: 's3.object', what: 'raw', ...at })) as Uint8Array,
        }
        registerBrowserSubject(ref, client, { kind: 'object', ...at })
        return ref
      },
      rawObject: (bucket, key, versionId) => world.s3.object(bucket, key, versionId).raw(),
    },
    kms: {
      keys: async (region) =>
        (await client.send({
          op: 'kms.keys',
          ...(region === undefined ? {} : { region }),
        })) as KeyMetadata[],
      describeKey: async (keyId, region) =>
        (await client.send({
          op: 'kms.describeKey',
          keyId,
          ...(region === undefined ? {} : { region }),
        })) as KeyMetadata,
    },
    audit: {
      events: async (filter) =>
        (await client.send({
          op: 'audit.events',
          ...(filter === undefined ? {} : { filter }),
        })) as AuditEvent[],
      dropped: async () => (await client.send({ op: 'audit.dropped' })) as number,
    },
    faults: {
      async inject(rule) {
        const fault = (await client.send({ op: 'faults.inject', rule })) as number
        return {
          remove: async () => {
            await client.send({ op: 'faults.remove', fault })
          },
          hits: async () => (await client.send({ op: 'faults.hits', fault })) as number,
        }
      },
      clear: async () => {
        await client.send({ op: 'faults.clear' })
      },
    },
    region: worldOptions.region ?? 'us-east-1',
    accountId: worldOptions.accountId ?? '123456789012',
    handle,
    owns: (url) => isOwnedUrl(new URL(url), custom),
    async load(file) {
      await client.send({ op: 'load', file })
    },
    inspect: async (inspectOptions) =>
      (await client.send({
        op: 'inspect',
        ...(inspectOptions === undefined ? {} : { options: inspectOptions }),
      })) as string,
    as: async (principal) => (await client.send({ op: 'as', principal })) as PrincipalAccess,
    async reset() {
      refusals.length = 0
      await client.send({ op: 'reset' })
    },
    corsRefusals: () => [...refusals],
  }
  registerBrowserSubject(world, client, { kind: 'world' })
  return {
    world,
    open: async () => {
      await client.send({ op: 'create', options: worldOptions })
    },
    close: async () => {
      await client.send({ op: 'dispose' })
    },
    fetchFromPage: (request) => answerAsBrowser(request, send, refusals),
  }
}

/**
 * The page's world through MSW's `setupWorker` (SPEC §2, `s3-kms-mock/browser`): the page's
 * fetch/XHR to AWS's S3 and KMS hosts and the configured endpoints are answered by a world on
 * the Node side, with real encryption, after the browser's CORS steps. Needs the
 * `s3KmsMockBrowser()` plugin (`s3-kms-mock/vitest-plugin`) or a channel of your own.
 * @public
 * @example
 * ```ts
 * const aws = setupMockAwsWorker()
 * beforeAll(() => aws.start())
 * afterEach(() => aws.reset())
 * afterAll(() => aws.stop())
 * ```
 */
export function setupMockAwsWorker(options: MockAwsWorkerOptions = {}): BrowserMockAws {
  const inner = createBrowserWorld(options)
  const worker = setupWorker(
    http.all(
      ({ request }) => inner.world.owns(request.url),
      ({ request }) => inner.fetchFromPage(request),
    ),
  )
  let started = false
  return Object.assign(inner.world, {
    worker,
    async start() {
      if (started) return
      await inner.open()
      // msw 3 renamed the option to onUnhandledFrame and ignores the old key: pass both.
      await worker.start({
        quiet: true,
        serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
        ...{ onUnhandledRequest: 'bypass', onUnhandledFrame: 'bypass' },
      })
      started = true
    },
    async stop() {
      if (!started) return
      started = false
      worker.stop()
      await inner.close()
    },
  })
}
