/** How long the Docker probe may take before the target is reported unavailable. */
export const DOCKER_PROBE_TIMEOUT_MS = 15_000

/**
 * Why a testcontainers target cannot run here: its module is not installed (it is an optional
 * peer dependency), or no container engine answers (testcontainers' own detection: DOCKER_HOST,
 * the local socket, Colima, Podman, testcontainers.properties). Undefined when it can.
 *
 * Time-boxed: with no engine at all testcontainers gives up in about a second, but an engine that
 * accepts the connection and never answers (a hung daemon, a stale DOCKER_HOST tunnel) would make
 * its ping wait forever. After `timeoutMs` the target is reported unavailable with that reason.
 */
export async function containerRuntimeProblem(
  module: string,
  timeoutMs: number = DOCKER_PROBE_TIMEOUT_MS,
): Promise<string | undefined> {
  try {
    // A variable specifier: only whether it resolves matters here.
    await (import(module) as Promise<unknown>)
  } catch {
    return `${module} is not installed (npm install --save-dev ${module})`
  }
  const { getContainerRuntimeClient } = await import('testcontainers')
  const probe = getContainerRuntimeClient().then(
    () => undefined,
    (error: unknown) => `no Docker engine reachable (${(error as Error).message})`,
  )
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      resolve(
        `no Docker engine reachable (no answer within ${timeoutMs / 1000} s; check DOCKER_HOST or the Docker daemon)`,
      )
    }, timeoutMs)
    timer.unref()
  })
  try {
    return await Promise.race([probe, timeout])
  } finally {
    clearTimeout(timer)
  }
}
