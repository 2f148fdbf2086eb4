import type { setupServer } from 'msw/node'

type MswServer = ReturnType<typeof setupServer>

/**
 * Starts a raw MSW server the same way on msw 2 and msw 3: msw 3 renamed `onUnhandledRequest` to
 * `onUnhandledFrame` and ignores the old key, so both are passed (as `src/node.ts` does).
 */
export function listenMsw(server: MswServer, strategy: 'bypass' | 'warn' | 'error'): void {
  const options = { onUnhandledRequest: strategy, onUnhandledFrame: strategy }
  server.listen(options)
}
