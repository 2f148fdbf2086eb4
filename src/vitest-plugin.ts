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
import { createRelayHost, type RelayHost } from './relay/host.js'
import { RELAY_COMMAND } from './relay/protocol.js'

export { createRelayHost, type RelayHost }

/** The part of Node's `ServerResponse` the worker-script route writes. */
interface ScriptResponse {
  setHeader(name: string, value: string): unknown
  end(body: string): unknown
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
        commands: Record<string, (context: unknown, message: string) => Promise<string>>
      }
    }
  }
  configResolved(config: { root: string }): void
  configureServer(server: {
    middlewares: {
      use(
        handler: (request: { url?: string }, response: ScriptResponse, next: () => void) => void,
      ): unknown
    }
  }): void
}

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
 * The vitest plugin of the browser lane. One plugin holds one relay host: every page world of
 * the project lives in this vitest process while its test runs.
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
export function s3KmsMockBrowser(host: RelayHost = createRelayHost()): S3KmsMockBrowserPlugin {
  let root = process.cwd()
  let script: string | undefined
  return {
    name: 's3-kms-mock:browser',
    config: () => ({
      test: {
        browser: {
          commands: { [RELAY_COMMAND]: (_context, message) => host.answer(message) },
        },
      },
    }),
    configResolved(config) {
      root = config.root
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (request.url?.split('?')[0] !== WORKER_PATH) {
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
