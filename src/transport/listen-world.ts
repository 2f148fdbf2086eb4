import type { RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { answerExpectContinue } from './expect-continue.js'
import { syncBuiltinNamespaces } from './internals/builtin-esm-sync/builtin-esm-sync.js'
import { createMswHandlers, releaseMswCopies } from './msw-handlers.js'

/** What MSW does with requests no handler claims. */
export type UnhandledStrategy = 'bypass' | 'warn' | 'error'

export type MswServer = ReturnType<typeof setupServer>

/** Something that answers AWS requests: a world, or the test fixture's router of worlds. */
export interface Answerer {
  owns(url: URL): boolean
  handle(request: Request): Promise<Response>
}

/** An `msw/node` server in front of an answerer, with what the MSW lane needs beside it. */
export interface WorldLane {
  readonly server: MswServer
  /** Starts intercepting (again after `close()`). */
  listen(strategy?: UnhandledStrategy): void
  /** Stops intercepting and releases everything `listen()` installed. */
  close(): void
}

/**
 * The one way this package puts an answerer behind MSW, not listening yet (`setupMockAws` needs
 * its server before `listen()`): the transport's handlers (large bodies watched and paced),
 * `Expect: 100-continue` answered for the hosts it owns, MSW's unread body copies released, and
 * the ESM namespaces of node:http/https synced. `handlers` defaults to the answerer's own; a
 * world passes its `world.handlers`.
 */
export function worldLane(
  answerer: Answerer,
  handlers: RequestHandler[] = createMswHandlers(
    (url) => answerer.owns(url),
    (request) => answerer.handle(request),
  ),
): WorldLane {
  const server = setupServer(...handlers)
  const owns = (url: URL): boolean => answerer.owns(url)
  let stop: (() => void) | undefined
  return {
    server,
    listen(strategy = 'bypass') {
      // msw 3 renamed the option to onUnhandledFrame and silently ignores the old key
      // (reference/sdk-wire-facts.md, Node 24): pass both so each major reads its own.
      const options = { onUnhandledRequest: strategy, onUnhandledFrame: strategy }
      server.listen(options)
      syncBuiltinNamespaces()
      if (stop !== undefined) return
      const stopContinue = answerExpectContinue(owns)
      const stopReleasing = releaseMswCopies(server.events, owns)
      stop = () => {
        stopContinue()
        stopReleasing()
      }
    },
    close() {
      stop?.()
      stop = undefined
      server.close()
      syncBuiltinNamespaces()
    },
  }
}

/**
 * `worldLane(answerer)`, listening: used by the test fixtures' worker server, the contract
 * suite's in-process target and `listenWorld` of `s3-kms-mock/node`.
 */
export function listenWorld(answerer: Answerer, strategy: UnhandledStrategy = 'bypass'): WorldLane {
  const lane = worldLane(answerer)
  lane.listen(strategy)
  return lane
}
