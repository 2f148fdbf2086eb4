import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { ScenarioResult } from './define.js'
import {
  compareWithExpectation,
  type EngineExpectation,
  expectationFrom,
  formatExpectationReport,
  parseExpectation,
} from './expectation.js'
import { contractPassed, formatJson, formatReport } from './report.js'
import { runContract, type RunHooks } from './runner.js'
import { scenarios } from './scenarios/index.js'
import type { ContractTarget } from './target.js'
import { inProcessTarget, type InProcessTargetOptions } from './targets/in-process.js'
import { isTargetName, TARGET_NAMES, targetByName, type TargetName } from './targets/index.js'

export const CONTRACT_USAGE = `Usage: s3-kms-mock contract --target NAME [--target NAME …] [options]

Runs the contract scenarios (SSE-KMS, SSE-C, presigned URLs, bucket policies, the KMS crypto and
error contract) against each target and prints scenario × target: pass, differs (with the
difference) or skipped (with the reason). Exits 1 when anything differs.

Targets:
  in-process   the mock in this process, through MSW (as in a test suite)
  server       the mock's server mode on 127.0.0.1 over https
  localstack   LocalStack in a container (testcontainers; needs a Docker engine and, since
               2026, LOCALSTACK_AUTH_TOKEN)
  minio        MinIO in a container (testcontainers; needs a Docker engine; no KMS, plain http)
  endpoint     any S3-compatible endpoint: S3_KMS_MOCK_CONTRACT_ENDPOINT, credentials in
               S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID / _SECRET_ACCESS_KEY, optional
               S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT
  aws          real AWS: credentials from the SDK's chain, AWS_REGION, S3_KMS_MOCK_CONTRACT_BUCKET
               and S3_KMS_MOCK_CONTRACT_KMS_KEY_ID; writes only under a unique prefix and deletes
               it after; creates buckets or KMS keys only with S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS=1
               or S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS=1 (docs/contract.md)

Options:
  --target NAME              A target (repeat for several). Required.
  --only NAME                Run only this scenario (repeat for several).
  --list                     List the scenarios with what each requires, and exit.
  --json                     Print the results as JSON instead of the table.
  --record DIR               Record every exchange into DIR/<target>/<scenario>.json (nock's
                             recorder; targets reached over the network only).
  --against-recordings DIR   Run on the in-process mock and compare its exchanges with the
                             recordings in DIR, after masking what legitimately differs.
  --expect FILE              Compare each scenario's outcome (pass, the checks that differ, the
                             skip reason) with FILE, an engine's expectation: exit 0 when the
                             run is exactly as expected (declared differences included), else 1.
  --write-expect FILE        Write the run's outcomes to FILE as an expectation, keeping the
                             deviations FILE already declares (review and complete it).
  -h, --help                 Show this help.

Exit codes: 0 nothing differed (skips carry their reason), 1 something differed, 2 bad command line.
`

interface ContractCommand {
  readonly help: boolean
  readonly list: boolean
  readonly targets: readonly TargetName[]
  readonly only: readonly string[]
  readonly json: boolean
  readonly record: string | undefined
  readonly againstRecordings: string | undefined
  readonly expect: string | undefined
  readonly writeExpect: string | undefined
}

/** A command-line mistake: printed with a pointer to --help, exit code 2. */
export class ContractCommandError extends Error {}

export function parseContractCommand(argv: readonly string[]): ContractCommand {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        target: { type: 'string', multiple: true },
        only: { type: 'string', multiple: true },
        list: { type: 'boolean' },
        json: { type: 'boolean' },
        record: { type: 'string' },
        'against-recordings': { type: 'string' },
        expect: { type: 'string' },
        'write-expect': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new ContractCommandError((error as Error).message)
  }
  const { values } = parsed
  const targets = values.target ?? []
  const unknownTarget = targets.find((t) => !isTargetName(t))
  if (unknownTarget !== undefined) {
    throw new ContractCommandError(
      `Unknown target "${unknownTarget}": use ${TARGET_NAMES.join(', ')}.`,
    )
  }
  const command: ContractCommand = {
    help: values.help === true,
    list: values.list === true,
    targets: targets.filter(isTargetName),
    only: values.only ?? [],
    json: values.json === true,
    record: values.record,
    againstRecordings: values['against-recordings'],
    expect: values.expect,
    writeExpect: values['write-expect'],
  }
  if (command.help || command.list) return command
  if (command.expect !== undefined && command.writeExpect !== undefined) {
    throw new ContractCommandError('--expect and --write-expect do not go together.')
  }
  if (
    (command.expect !== undefined || command.writeExpect !== undefined) &&
    command.targets.length > 1
  ) {
    throw new ContractCommandError('An expectation holds one engine: name one --target.')
  }
  if (command.againstRecordings !== undefined) {
    if (command.record !== undefined) {
      throw new ContractCommandError('--record and --against-recordings do not go together.')
    }
    if (command.targets.some((t) => t !== 'in-process')) {
      throw new ContractCommandError(
        '--against-recordings compares the in-process mock: leave out --target or use --target in-process.',
      )
    }
    return command
  }
  if (command.targets.length === 0) {
    throw new ContractCommandError('Missing --target: name at least one target.')
  }
  if (command.record !== undefined && command.targets.includes('in-process')) {
    throw new ContractCommandError(
      '--record needs a target reached over the network (server, localstack, minio, endpoint, aws): nock cannot see the in-process mock.',
    )
  }
  const unknown = command.only.filter((name) => !scenarios.some((s) => s.name === name))
  if (unknown.length > 0) {
    throw new ContractCommandError(`Unknown scenario "${unknown.join('", "')}" (see --list).`)
  }
  return command
}

/** The named target; the in-process one may wrap its handle (replay of recordings). */
function targetNamed(name: TargetName, inProcess: InProcessTargetOptions = {}): ContractTarget {
  return name === 'in-process' ? inProcessTarget(inProcess) : targetByName(name)
}

/** Runs `s3-kms-mock contract …` and returns the exit code. */
export async function contractMain(argv: readonly string[]): Promise<number> {
  let command: ContractCommand
  try {
    command = parseContractCommand(argv)
  } catch (error) {
    if (!(error instanceof ContractCommandError)) throw error
    console.error(`s3-kms-mock contract: ${error.message}\nRun "s3-kms-mock contract --help".`)
    return 2
  }
  if (command.help) {
    process.stdout.write(CONTRACT_USAGE)
    return 0
  }
  if (command.list) {
    for (const s of scenarios) {
      console.log(`${s.name}  [${s.requires.join(', ')}]\n    ${s.description}`)
    }
    return 0
  }

  let hooks: RunHooks | undefined
  let stop = (): void => undefined
  let targets: ContractTarget[]
  let expectation: EngineExpectation | undefined
  try {
    const expectationFile = command.expect ?? command.writeExpect
    if (expectationFile !== undefined) {
      const text = await readFile(expectationFile, 'utf8').catch((error: unknown) => {
        if (command.expect !== undefined) throw error
        return undefined
      })
      if (text !== undefined) expectation = parseExpectation(text, expectationFile)
    }
    if (command.againstRecordings !== undefined) {
      const { replayHooks } = await import('./recordings/session.js')
      const replay = await replayHooks({ dir: command.againstRecordings })
      hooks = replay.hooks
      targets = [targetNamed('in-process', { wrapHandle: replay.wrapHandle })]
    } else {
      targets = command.targets.map((name) => targetNamed(name))
      if (command.record !== undefined) {
        const { recordingHooks } = await import('./recordings/session.js')
        // nock 15 needs Promise.withResolvers (Node ≥ 22); this process is the CLI's own, so it may
        // install the polyfill on Node 20 (docs/decisions/0004).
        const recording = await recordingHooks({
          dir: command.record,
          targets: command.targets,
          polyfillPromiseWithResolvers: true,
        })
        hooks = recording.hooks
        stop = () => {
          recording.stop()
        }
      }
    }
  } catch (error) {
    console.error(`s3-kms-mock contract: ${(error as Error).message}`)
    return 2
  }

  let results: ScenarioResult[]
  const notes: string[] = []
  try {
    results = await runContract({
      targets,
      scenarios,
      only: command.only,
      ...(hooks === undefined ? {} : { hooks }),
      onResult: (r) => {
        // Progress on stderr, so --json keeps stdout parseable.
        process.stderr.write(`${r.outcome.status.padEnd(7)} ${r.target} ${r.scenario}\n`)
      },
      onNote: (target, note) => {
        notes.push(`${target}: ${note}`)
        process.stderr.write(`note    ${target}: ${note}\n`)
      },
    })
  } finally {
    stop()
  }
  if (command.json) console.log(formatJson(results))
  else {
    console.log(formatReport(results))
    if (notes.length > 0) console.log(['', 'Notes:', ...notes.map((n) => `  ${n}`)].join('\n'))
  }
  if (command.writeExpect !== undefined) {
    const engine = expectation?.engine ?? process.env.S3_KMS_MOCK_CONTRACT_ENGINE ?? 'unknown'
    const written = expectationFrom(results, engine, expectation)
    await writeFile(command.writeExpect, `${JSON.stringify(written, null, 2)}\n`)
    console.error(`Wrote the expectation of ${engine} to ${command.writeExpect}.`)
    return 0
  }
  if (command.expect !== undefined && expectation !== undefined) {
    const comparison = compareWithExpectation(results, expectation)
    const report = formatExpectationReport(command.expect, comparison)
    if (report !== '') {
      console.log(`\n${report}`)
      return 1
    }
    console.log(
      `\nAs ${command.expect} expects of ${expectation.engine}: every scenario passes, differs only where a declared deviation says, or is skipped for its reason.`,
    )
    return 0
  }
  return contractPassed(results) ? 0 : 1
}
