import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

/** How long the Docker probe may take before the target is reported unavailable. */
export const DOCKER_PROBE_TIMEOUT_MS = 15_000

/**
 * Run in a child Node process: testcontainers' own engine detection, answering `ok` or the error.
 * The child exits by itself either way, so nothing it opened outlives it.
 */
const PROBE_SCRIPT = `
const { getContainerRuntimeClient } = require(process.argv[1])
getContainerRuntimeClient().then(
  () => { process.stdout.write('ok'); process.exit(0) },
  (error) => { process.stdout.write(String((error && error.message) || error)); process.exit(1) },
)
`

/**
 * Why a testcontainers target cannot run here: its module is not installed (it is an optional
 * peer dependency), or no container engine answers (testcontainers' own detection: DOCKER_HOST,
 * the local socket, Colima, Podman, testcontainers.properties). Undefined when it can.
 *
 * Time-boxed, and out of process: with no engine at all testcontainers gives up in about a second,
 * but an engine that accepts the connection and never answers (a hung daemon, a stale DOCKER_HOST
 * tunnel) makes its ping wait forever, and the open socket would keep this process alive after the
 * run. The probe runs in a child process that is killed after `timeoutMs`.
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
  let testcontainers: string
  try {
    testcontainers = createRequire(import.meta.url).resolve('testcontainers')
  } catch {
    return 'testcontainers is not installed (npm install --save-dev testcontainers)'
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', PROBE_SCRIPT, testcontainers], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: process.env,
    })
    let output = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      output += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve(
        `no Docker engine reachable (no answer within ${timeoutMs / 1000} s; check DOCKER_HOST or the Docker daemon)`,
      )
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve(`no Docker engine reachable (the probe could not run: ${error.message})`)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code === 0 && output === 'ok') resolve(undefined)
      else
        resolve(
          `no Docker engine reachable (${output.trim() || `probe exited with ${String(code)}`})`,
        )
    })
  })
}
