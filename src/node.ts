import { syncBuiltinESMExports } from 'node:module'
import { setupServer } from 'msw/node'

type MswServer = ReturnType<typeof setupServer>
import { provideTestEnvironment } from './testing/environment.js'
import { answerExpectContinue } from './transport/expect-continue.js'
import { releaseMswCopies } from './transport/msw-handlers.js'
import { createMockAws, type MockAws } from './world/create-world.js'
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
  const server = setupServer(...world.handlers)
  let stopAnsweringContinue: (() => void) | undefined
  let stopReleasingCopies: (() => void) | undefined
  let restoreEnvironment: (() => void) | undefined
  // The world object itself gains the server methods (not a spread copy), so helpers keyed on the
  // world, such as stateSnapshot for expectUnchanged, recognise what setupMockAws returns.
  return Object.assign(world, {
    server,
    listen(listenOptions: ListenOptions = {}) {
      const strategy = listenOptions.onUnhandledRequest ?? 'bypass'
      // msw 3 renamed the option to onUnhandledFrame and silently ignores the old key
      // (reference/sdk-wire-facts.md, Node 24): pass both so each major reads its own.
      const mswOptions = { onUnhandledRequest: strategy, onUnhandledFrame: strategy }
      server.listen(mswOptions)
      // ESM importers of node:http/https (`import * as https`, e.g. the minio client) read the
      // module's ESM namespace, a snapshot that misses MSW's patches until synced.
      syncBuiltinESMExports()
      // Dummy credentials and region when none are set, as the vitest fixture provides them:
      // clients built with no configuration then reach the mock on a machine without AWS config.
      restoreEnvironment ??= provideTestEnvironment()
      stopAnsweringContinue ??= answerExpectContinue((url) => world.owns(url))
      stopReleasingCopies ??= releaseMswCopies(server.events, (url) => world.owns(url))
    },
    close() {
      stopAnsweringContinue?.()
      stopAnsweringContinue = undefined
      stopReleasingCopies?.()
      stopReleasingCopies = undefined
      restoreEnvironment?.()
      restoreEnvironment = undefined
      server.close()
      // And again once MSW has put the originals back, so ESM importers stop reaching it.
      syncBuiltinESMExports()
    },
  })
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
