import { spawn } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')

/**
 * Runs `script` as an ES module in a fresh node process (tsx loaded, the repository as its working
 * folder, so `./src/…` imports work) and resolves with the JSON its last stdout line prints. For
 * tests whose point is what a process imports, and when: module load order, the environment.
 */
export function runModuleScript<T>(script: string, env?: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root, ...(env === undefined ? {} : { env }) },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', (status) => {
      const line = stdout.trim().split('\n').at(-1) ?? ''
      if (status !== 0 || !line.startsWith('{'))
        reject(new Error(`exit ${String(status)}\n${stdout}\n${stderr}`))
      else resolve(JSON.parse(line) as T)
    })
  })
}
