import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { containerRuntimeProblem } from './containers.js'

/**
 * The Docker probe of the testcontainers targets must never hang a run: an engine that accepts
 * connections and never answers is reported as unavailable once the time-box ends.
 */
describe('containerRuntimeProblem', () => {
  let server: Server
  const sockets = new Set<Socket>()

  beforeEach(async () => {
    // A "daemon" that accepts the connection and never says a word.
    server = createServer((socket) => {
      sockets.add(socket)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })

  afterEach(async () => {
    vi.unstubAllEnvs()
    for (const socket of sockets) socket.destroy()
    sockets.clear()
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve()
      }),
    )
  })

  test('a Docker engine that never answers is reported unavailable after the time-box', async () => {
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    // testcontainers reads DOCKER_HOST first (its configuration strategy) and would wait forever
    // on this engine; the probe runs in a child process (which inherits the variable) and is
    // killed when the time-box ends.
    vi.stubEnv('DOCKER_HOST', `tcp://127.0.0.1:${address.port}`)
    const reason = await containerRuntimeProblem('@testcontainers/minio', 5000)
    expect(reason).toBe(
      'no Docker engine reachable (no answer within 5 s; check DOCKER_HOST or the Docker daemon)',
    )
  }, 30_000)

  test('a module that is not installed is the reason, before any Docker probe', async () => {
    await expect(containerRuntimeProblem('@testcontainers/not-a-module-xyz')).resolves.toBe(
      '@testcontainers/not-a-module-xyz is not installed (npm install --save-dev @testcontainers/not-a-module-xyz)',
    )
    expect(sockets.size).toBe(0)
  })
})
