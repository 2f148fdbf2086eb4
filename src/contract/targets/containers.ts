/**
 * Why a testcontainers target cannot run here: its module is not installed (it is an optional
 * peer dependency), or no container engine answers (testcontainers' own detection: DOCKER_HOST,
 * the local socket, Colima, Podman, testcontainers.properties). Undefined when it can.
 */
export async function containerRuntimeProblem(module: string): Promise<string | undefined> {
  try {
    // A variable specifier: only whether it resolves matters here.
    await (import(module) as Promise<unknown>)
  } catch {
    return `${module} is not installed (npm install --save-dev ${module})`
  }
  try {
    const { getContainerRuntimeClient } = await import('testcontainers')
    await getContainerRuntimeClient()
    return undefined
  } catch (error) {
    return `no Docker engine reachable (${(error as Error).message})`
  }
}
