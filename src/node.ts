import { provideTestEnvironment } from './testing/environment.js'
import { answerExpectContinue } from './transport/expect-continue.js'
import {
  listenWorld as listenAnswerer,
  type MswServer,
  worldLane,
} from './transport/listen-world.js'
import { createMockAws } from './world/create-world.js'
import type { MockAws } from './world/mock-aws.js'
import type { MockAwsOptions } from './world/options.js'

/**
 * Options of `listen()`. Requests the mock does not own (anything but AWS's S3/KMS hosts and
 * your `endpoints`) are bypassed by default, so the rest of your suite's traffic is untouched.
 * @public
 */
export interface ListenOptions {
  /** What MSW does with requests no handler claims: `'bypass'` (default), `'warn'` or `'error'`. */
  onUnhandledRequest?: 'bypass' | 'warn' | 'error'
}

/**
 * A world bound to its own `msw/node` server.
 * @public
 */
export interface MockAwsServer extends MockAws {
  /**
   * Starts intercepting, and sets dummy `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` and
   * `AWS_REGION` (`us-east-1`) where none are set, so clients built with no configuration work.
   */
  listen(options?: ListenOptions): void
  /** Stops intercepting and releases everything `listen()` installed, environment included. */
  close(): void
  /** The underlying MSW server, to add your own handlers with `server.use(...)`. */
  readonly server: MswServer
}

/**
 * Creates a world and an MSW server for it (SPEC §2, `s3-kms-mock/node`).
 * @public
 * @example
 * ```ts
 * const aws = setupMockAws()
 * beforeAll(() => aws.listen())
 * afterEach(() => aws.reset())
 * afterAll(() => aws.close())
 * ```
 */
export function setupMockAws(options: MockAwsOptions = {}): MockAwsServer {
  const world = createMockAws(options)
  const lane = worldLane(world, world.handlers)
  let restoreEnvironment: (() => void) | undefined
  // The world object itself gains the server methods (not a spread copy), so helpers keyed on the
  // world, such as stateSnapshot for expectUnchanged, recognise what setupMockAws returns.
  return Object.assign(world, {
    server: lane.server,
    listen(listenOptions: ListenOptions = {}) {
      lane.listen(listenOptions.onUnhandledRequest)
      // Dummy credentials and region when none are set, as the vitest fixture provides them:
      // clients built with no configuration then reach the mock on a machine without AWS config.
      restoreEnvironment ??= provideTestEnvironment()
    },
    close() {
      lane.close()
      restoreEnvironment?.()
      restoreEnvironment = undefined
    },
  })
}

/**
 * A world behind its own `msw/node` server, listening, with everything `setupMockAws().listen()`
 * installs: large bodies watched and paced, `Expect: 100-continue` answered for the world's hosts,
 * MSW's unread body copies released. For a world made with `createMockAws`, or anything that
 * answers like one (a `handle` wrapped to capture the exchanges, as the contract suite does).
 * @public
 * @example
 * ```ts
 * const aws = createMockAws()
 * const listening = listenWorld(aws)
 * // … requests to S3 and KMS are answered by aws …
 * listening.close()
 * ```
 */
export function listenWorld(
  world: Pick<MockAws, 'owns' | 'handle'>,
  options: ListenOptions = {},
): { readonly server: MswServer; close(): void } {
  const lane = listenAnswerer(
    { owns: (url) => world.owns(url), handle: (request) => world.handle(request) },
    options.onUnhandledRequest,
  )
  return {
    server: lane.server,
    close() {
      lane.close()
    },
  }
}

/**
 * Answers the SDK's `Expect: 100-continue` for the world's hosts when you run your own MSW server
 * with `world.handlers` (`setupMockAws().listen()` does this itself). Without it, uploads of 2 MiB
 * or more wait 6 s for a `100 Continue` MSW never sends. Returns the function that stops it.
 * @public
 * @example
 * ```ts
 * const aws = createMockAws()
 * const server = setupServer(...aws.handlers, ...myHandlers)
 * let stop: () => void
 * beforeAll(() => { server.listen(); stop = answerExpectContinueFor(aws) })
 * afterAll(() => { stop(); server.close() })
 * ```
 */
export function answerExpectContinueFor(world: Pick<MockAws, 'owns'>): () => void {
  return answerExpectContinue((url) => world.owns(url))
}

export type { MockAws, MockAwsOptions }
