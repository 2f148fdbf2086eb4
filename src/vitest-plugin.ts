/**
 * `s3-kms-mock/vitest-plugin`: the Node side of the browser lane for vitest's browser mode
 * (ADR 0010). Add `s3KmsMockBrowser()` to the browser project's `plugins`: it registers the
 * relay's browser command, where `s3-kms-mock/browser` worlds live and answer with real
 * encryption, and serves MSW's `mockServiceWorker.js` from the installed msw package (so the
 * worker script always matches the library; nothing to copy into `public/`).
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { systemRandom } from './core/random.js'
import { readRequestFrame, responseFrame } from './relay/frame.js'
import { createRelayHost, type RelayHost } from './relay/host.js'
import { RELAY_ENDPOINT_COMMAND, RELAY_ROUTE, RELAY_TOKEN_HEADER } from './relay/protocol.js'

export { createRelayHost, type RelayHost }

/** The part of Node's `IncomingMessage` the plugin's routes read. */
interface RouteRequest extends AsyncIterable<unknown> {
  url?: string
  method?: string
  headers: Record<string, string | string[] | undefined>
}

/** The part of Node's `ServerResponse` the plugin's routes write. */
interface RouteResponse {
  statusCode: number
  setHeader(name: string, value: string): unknown
  end(body: string | Uint8Array): unknown
}

/**
 * The plugin, typed structurally (a Vite plugin with a vitest `config` hook) so the package needs
 * no dependency on vite's types.
 * @public
 */
export interface S3KmsMockBrowserPlugin {
  readonly name: string
  config(): {
    test: {
      browser: {
        commands: Record<string, () => { route: string; token: string }>
      }
    }
  }
  configResolved(config: { root: string }): void
  configureServer(server: {
    middlewares: {
      use(
        handler: (request: RouteRequest, response: RouteResponse, next: () => void) => void,
      ): unknown
    }
  }): void
}

const SHARED = Symbol.for('s3-kms-mock.vitest-plugin')

/** Where the service worker script is served; `setupMockAwsWorker` registers it there. */
const WORKER_PATH = '/mockServiceWorker.js'

/** msw's own worker script, from the msw the project installed (its root first, then ours). */
function workerScript(root: string): string {
  const bases = [path.join(root, 'package.json'), import.meta.url]
  for (const base of bases) {
    try {
      return readFileSync(createRequire(base).resolve('msw/mockServiceWorker.js'), 'utf8')
    } catch {
      // Not resolvable from here; try the next base.
    }
  }
  throw new Error(
    's3-kms-mock: could not find msw/mockServiceWorker.js. Install msw (a peer dependency) in the project.',
  )
}

/**
 * The relay's route: `?message` takes an encoded message and answers the encoded reply;
 * `?request` takes one framed request of a page world and answers its framed response.
 */
async function answerRoute(
  host: RelayHost,
  token: string,
  kind: string | undefined,
  request: RouteRequest,
  response: RouteResponse,
): Promise<void> {
  try {
    if (request.method !== 'POST' || request.headers[RELAY_TOKEN_HEADER] !== token) {
      response.statusCode = 403
      response.end('s3-kms-mock: the relay route needs the token of s3KmsMockRelayEndpoint')
      return
    }
    const chunks: Uint8Array[] = []
    for await (const chunk of request) chunks.push(chunk as Uint8Array)
    const body = Buffer.concat(chunks)
    if (kind === 'message') {
      response.setHeader('Content-Type', 'application/json')
      response.end(await host.answer(body.toString('utf8')))
      return
    }
    const { world, request: wire } = readRequestFrame(body)
    const answered = await host.answerRequest(world, wire)
    response.setHeader('Content-Type', 'application/octet-stream')
    response.end(responseFrame(answered))
  } catch (error) {
    response.statusCode = 500
    response.end(error instanceof Error ? error.message : String(error))
  }
}

/**
 * One host and one route token per process: vitest may evaluate the config (and so call
 * `s3KmsMockBrowser()`) more than once, and the command registered by one plugin object must
 * meet the route served by another. The route answers only requests carrying the token, which
 * pages get through the command. Kept on globalThis, not in module variables: a config that
 * imports this file from source is bundled into each evaluation, each with its own copy.
 */
const shared = globalThis as unknown as Record<
  symbol,
  { host: RelayHost; token: string } | undefined
>
const state = (): { host: RelayHost; token: string } =>
  (shared[SHARED] ??= {
    host: createRelayHost(),
    token: Buffer.from(systemRandom().bytes(24)).toString('hex'),
  })
const sharedHost = (): RelayHost => state().host
const routeToken = (): string => state().token

/**
 * The vitest plugin of the browser lane: every page world lives in this vitest process, in the
 * relay host (one per process unless you pass one), while its test runs.
 * @public
 * @example
 * ```ts
 * // vitest.config.ts
 * import { playwright } from '@vitest/browser-playwright'
 * import { s3KmsMockBrowser } from 's3-kms-mock/vitest-plugin'
 *
 * export default defineConfig({
 *   plugins: [s3KmsMockBrowser()],
 *   test: { browser: { enabled: true, provider: playwright(), instances: [{ browser: 'chromium' }] } },
 * })
 * ```
 */
export function s3KmsMockBrowser(host: RelayHost = sharedHost()): S3KmsMockBrowserPlugin {
  let root = process.cwd()
  let script: string | undefined
  const token = routeToken()
  return {
    name: 's3-kms-mock:browser',
    config: () => ({
      test: {
        browser: { commands: { [RELAY_ENDPOINT_COMMAND]: () => ({ route: RELAY_ROUTE, token }) } },
      },
    }),
    configResolved(config) {
      root = config.root
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const [route, kind] = (request.url ?? '').split('?')
        if (route === RELAY_ROUTE) {
          void answerRoute(host, token, kind, request, response)
          return
        }
        if (route !== WORKER_PATH) {
          next()
          return
        }
        script ??= workerScript(root)
        response.setHeader('Content-Type', 'text/javascript; charset=utf-8')
        response.setHeader('Cache-Control', 'no-store')
        response.end(script)
      })
    },
  }
}
