import { AsyncLocalStorage } from 'node:async_hooks'
import { CustomEndpoints, isOwnedUrl } from '../protocol/endpoints.js'
import { listenWorld, type WorldLane } from '../transport/listen-world.js'
import { provideTestEnvironment } from './environment.js'
import type { MockAws } from '../world/mock-aws.js'

/**
 * One MSW server per worker, many worlds (DESIGN §5). Test runners run a file's tests in one
 * process, and `test.concurrent` runs several at once, while MSW's interception is global to the
 * process. So the worker has one server with one handler, and each request is routed to the world
 * of the test that made it: the `aws` fixture enters its world into an AsyncLocalStorage, and the
 * store follows the test's async work — through the AWS SDK's node:http ClientRequest and `fetch`
 * — into the MSW resolver (proven for msw 2 on Node 20 and msw 3 on Node 24 by
 * test/sdk/testing/isolation.test.ts).
 *
 * Routing, in order: the world of the calling test; else the only test world alive; else the
 * world of the setup file (`s3-kms-mock/vitest-setup`). A request no world can take is answered
 * with an error that says why, never passed to the real AWS.
 */
/**
 * What the fixture enters into the async context. On Node 20 (async_hooks), `enterWith` inside
 * an awaited continuation also reaches the runner code awaiting it, and so the tests that run
 * after (Node 24, with AsyncContextFrame, does not leak): a lease that has ended is ignored.
 */
interface Lease {
  readonly world: MockAws
  alive: boolean
}

interface WorkerState {
  readonly storage: AsyncLocalStorage<Lease>
  readonly active: Set<MockAws>
  fallback: MockAws | undefined
  lane: WorldLane | undefined
  /** Takes back the dummy credentials and region the server's start provided (environment.ts). */
  restoreEnvironment: (() => void) | undefined
  users: number
}

// On globalThis: a runner may evaluate this module more than once per worker (setup file and test
// file graphs), but interception is per process, so there must be one router and one server.
const KEY = Symbol.for('s3-kms-mock.testing.worker')

function worker(): WorkerState {
  const slot = globalThis as unknown as Record<symbol, WorkerState | undefined>
  slot[KEY] ??= {
    storage: new AsyncLocalStorage<Lease>(),
    active: new Set(),
    fallback: undefined,
    lane: undefined,
    restoreEnvironment: undefined,
    users: 0,
  }
  return slot[KEY]
}

type Route = { world: MockAws } | { problem: string }

function route(): Route {
  const state = worker()
  const current = state.storage.getStore()
  if (current?.alive === true) return { world: current.world }
  if (state.active.size === 1) {
    const [only] = state.active
    if (only !== undefined) return { world: only }
  }
  if (state.active.size > 1) {
    return {
      problem: `${state.active.size} tests with their own world are running and this request came from none of them (it was made outside the test function, e.g. in a beforeEach or a timer started elsewhere). Make AWS calls inside the test that uses the aws fixture.`,
    }
  }
  if (state.fallback !== undefined) return { world: state.fallback }
  return {
    problem:
      'no world is active: the request was made outside a test that uses the aws fixture, and no setup file world is installed. Use the aws fixture of s3-kms-mock/vitest, or list s3-kms-mock/vitest-setup in setupFiles.',
  }
}

const AWS_ONLY = new CustomEndpoints([])

function owns(url: URL): boolean {
  const r = route()
  return 'world' in r ? r.world.owns(url) : isOwnedUrl(url, AWS_ONLY)
}

/** A 400 both protocols' SDK clients surface as an error with this code and message. */
function noWorld(request: Request, problem: string): Response {
  const message = `s3-kms-mock cannot answer ${request.method} ${request.url}: ${problem}`
  console.error(`[s3-kms-mock] ${message}`)
  if (request.headers.has('x-amz-target')) {
    return new Response(JSON.stringify({ __type: 'S3KmsMockNoWorld', message }), {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    })
  }
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  return new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>S3KmsMockNoWorld</Code><Message>${escaped}</Message></Error>`,
    { status: 400, headers: { 'content-type': 'application/xml' } },
  )
}

async function handle(request: Request): Promise<Response> {
  const r = route()
  return 'world' in r ? r.world.handle(request) : noWorld(request, r.problem)
}

/**
 * Starts the worker's server if it is not running, and returns the function that gives it back;
 * the last one out closes it.
 */
export function acquireWorkerServer(): () => void {
  const state = worker()
  state.users += 1
  if (state.lane === undefined) {
    state.restoreEnvironment = provideTestEnvironment()
    state.lane = listenWorld({ owns, handle })
  }
  let released = false
  return () => {
    if (released) return
    released = true
    state.users -= 1
    if (state.users === 0) {
      state.lane?.close()
      state.lane = undefined
      state.restoreEnvironment?.()
      state.restoreEnvironment = undefined
    }
  }
}

/**
 * Makes `world` the world of the calling test: every AWS request made from here on in this async
 * context goes to it. Must be called synchronously in the fixture, before its first `await`, so
 * the store is set in the runner's context that goes on to call the test function. Returns the
 * function that retires the world when the test is over.
 */
export function enterTestWorld(world: MockAws): () => void {
  const state = worker()
  const lease: Lease = { world, alive: true }
  state.active.add(world)
  state.storage.enterWith(lease)
  return () => {
    lease.alive = false
    state.active.delete(world)
  }
}

/** The world requests go to when no test world claims them (the setup file's). */
export function setFallbackWorld(world: MockAws | undefined): void {
  worker().fallback = world
}
