import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ScenarioContext, ScenarioOutcome } from '../define.js'
import { captureExchanges, type Capture, type Handle } from './capture.js'
import { DEVIATIONS, type Deviation } from './deviations.js'
import {
  parseRecording,
  RECORDING_FORMAT,
  serializeRecording,
  type RawExchange,
  type Recording,
} from './format.js'
import { redactExchange } from './normalize/redact.js'
import { startRecorder, type StartRecorderOptions } from './record.js'
import { compareExchanges, type Comparison } from './replay/compare.js'
import type { RunHooks } from '../runner.js'

/**
 * What the runner calls around each scenario to record it (`--record DIR`) or to compare the
 * in-process mock with a recording (`--against-recordings DIR`). Both observe the scenario's
 * context to learn the run's own names (its `vocabulary`: object keys, buckets), which the
 * comparison reads as placeholders on both sides.
 */

/**
 * Collects the run-specific names a scenario's context hands out. `aside` runs what belongs to the
 * run rather than to the scenario: the run's customer key is created by whichever scenario asks
 * first, so its CreateKey would otherwise land in a different recording with `--only`.
 */
export function observeContext(
  t: ScenarioContext,
  aside: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): {
  readonly context: ScenarioContext
  vocabulary(): Record<string, string>
} {
  const vocabulary: Record<string, string> = {}
  const add = (placeholder: string, value: string): void => {
    if (value !== '' && !Object.values(vocabulary).includes(value)) vocabulary[placeholder] = value
  }
  add('<bucket>', t.bucket)
  // The run's own prefix (the first segment of every key it hands out) also names what the run
  // creates besides keys and buckets (key descriptions, alias names).
  const prefix = t.key('').split('/')[0] ?? ''
  if (prefix !== '' && t.key('').includes('/')) add('<run>', prefix)
  let buckets = 0
  const key = (name: string): string => {
    const value = t.key(name)
    add(`<key:${name}>`, value)
    return value
  }
  const createBucket = async (options?: { name?: string }): Promise<string> => {
    const bucket = await t.createBucket(options)
    add(`<bucket:${++buckets}>`, bucket)
    return bucket
  }
  const customerKey = (): ReturnType<ScenarioContext['customerKey']> => aside(() => t.customerKey())
  // A proxy, so members the context gains later pass through; methods stay bound to the original.
  const context = new Proxy(t, {
    get(target, property) {
      if (property === 'key') return key
      if (property === 'createBucket') return createBucket
      if (property === 'customerKey') return customerKey
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value
    },
  })
  return { context, vocabulary: () => ({ ...vocabulary }) }
}

/**
 * The exchanges of one scenario out of a process-wide source (nock's recorder, the captured
 * handle): what came before `begin()`, what `aside()` ran and what followed `endOfScenario()`
 * (the runner's clean-up: emptying and deleting buckets) are left out.
 */
class ScenarioExchanges {
  readonly #source: { take(): Promise<RawExchange[]> }
  #kept: RawExchange[] = []
  #ended = false

  constructor(source: { take(): Promise<RawExchange[]> }) {
    this.#source = source
  }

  async begin(): Promise<void> {
    await this.#source.take()
    this.#kept = []
    this.#ended = false
  }

  /** The scenario's own requests are over: what follows is clean-up, left out. */
  async endOfScenario(): Promise<void> {
    this.#kept.push(...(await this.#source.take()))
    this.#ended = true
  }

  readonly aside = async <T>(work: () => Promise<T>): Promise<T> => {
    this.#kept.push(...(await this.#source.take()))
    try {
      return await work()
    } finally {
      await this.#source.take()
    }
  }

  async finish(): Promise<RawExchange[]> {
    const after = await this.#source.take()
    const all = this.#ended ? this.#kept : [...this.#kept, ...after]
    this.#kept = []
    this.#ended = false
    return all
  }
}

/** The file of a scenario's recording: `<dir>/<target>/<scenario>.json`. */
export const recordingFile = (dir: string, target: string, scenario: string): string =>
  path.join(dir, target, `${scenario}.json`)

export interface RecordingSession {
  /** Drops whatever was recorded before (target setup, earlier scenarios' stragglers). */
  begin(): Promise<void>
  /** Runs `work` with its exchanges left out of the scenario's recording (run-wide set-up). */
  aside<T>(work: () => Promise<T>): Promise<T>
  /** Leaves what follows (the runner's clean-up) out of the recording. */
  endOfScenario(): Promise<void>
  /** Writes what the scenario exchanged, masked, to `<dir>/<target>/<scenario>.json`; returns the file. */
  finish(
    target: string,
    scenario: string,
    vocabulary: Readonly<Record<string, string>>,
    engine?: string,
  ): Promise<string>
  stop(): void
}

/**
 * Records scenarios into `<dir>/<target>/`. Run it in a process where no in-process mock
 * intercepts (record.ts says why): `targets` must not include `in-process`.
 */
export async function startRecordingSession(
  options: { readonly dir: string; readonly targets: readonly string[] } & StartRecorderOptions,
): Promise<RecordingSession> {
  if (options.targets.includes('in-process')) {
    throw new Error(
      'Failed to record: the in-process target answers inside this process, where nock cannot see it (and nock 15 cannot share a process with msw 3); record targets reached over the network (server, localstack, minio, endpoint, aws) in a run without in-process',
    )
  }
  const recorder = await startRecorder(options)
  const exchangesOf = new ScenarioExchanges(recorder)
  return {
    begin: () => exchangesOf.begin(),
    aside: exchangesOf.aside,
    endOfScenario: () => exchangesOf.endOfScenario(),
    async finish(target, scenario, vocabulary, engine) {
      const exchanges = await exchangesOf.finish()
      const file = recordingFile(options.dir, target, scenario)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(
        file,
        serializeRecording(toRecording(target, scenario, vocabulary, exchanges, engine)),
      )
      return file
    },
    stop() {
      recorder.stop()
    },
  }
}

function toRecording(
  target: string,
  scenario: string,
  vocabulary: Readonly<Record<string, string>>,
  exchanges: readonly RawExchange[],
  engine?: string,
): Recording {
  return {
    format: RECORDING_FORMAT,
    target,
    ...(engine === undefined ? {} : { engine }),
    scenario,
    vocabulary: { ...vocabulary },
    exchanges: exchanges.map(redactExchange),
  }
}

export interface ReplaySession {
  /** The recorded targets found in the directory (`server`, `aws`, …). */
  readonly recordedTargets: readonly string[]
  /** Wraps the in-process mock's handle, so its exchanges are captured. */
  wrap(handle: Handle): Handle
  /** Drops whatever was captured before. */
  begin(): Promise<void>
  /** Runs `work` with its exchanges left out of the comparison (run-wide set-up). */
  aside<T>(work: () => Promise<T>): Promise<T>
  /** Leaves what follows (the runner's clean-up) out of the comparison. */
  endOfScenario(): Promise<void>
  /**
   * Compares what the mock exchanged during the scenario with each recording of it: one outcome
   * per recorded target (skipped when that target has no recording of the scenario).
   */
  finish(
    scenario: string,
    vocabulary: Readonly<Record<string, string>>,
  ): Promise<
    {
      readonly recordedTarget: string
      /** The engine the recording names (else the recorded target's name). */
      readonly engine: string
      readonly outcome: ScenarioOutcome
      readonly comparison?: Comparison
    }[]
  >
}

/**
 * Compares the in-process mock with the recordings under `dir`: either one target's directory
 * (`fixtures/recordings/server`, holding `<scenario>.json`) or the root holding one directory per
 * recorded target.
 */
export async function openReplaySession(options: {
  readonly dir: string
  readonly deviations?: readonly Deviation[]
}): Promise<ReplaySession> {
  const targets = await recordedTargetsIn(options.dir)
  if (targets.length === 0) {
    throw new Error(
      `Failed to open the recordings in ${options.dir}: no <scenario>.json there, nor a directory of them per target`,
    )
  }
  let capture: Capture | undefined
  const exchangesOf = new ScenarioExchanges({
    take: () => capture?.take() ?? Promise.resolve([]),
  })
  const deviations = options.deviations ?? DEVIATIONS
  return {
    recordedTargets: targets.map((t) => t.name),
    wrap(handle) {
      capture = captureExchanges(handle)
      return capture.handle
    },
    begin: () => exchangesOf.begin(),
    aside: exchangesOf.aside,
    endOfScenario: () => exchangesOf.endOfScenario(),
    async finish(scenario, vocabulary) {
      if (capture === undefined) {
        throw new Error(
          'Failed to compare with recordings: the in-process handle was never wrapped',
        )
      }
      const exchanges = await exchangesOf.finish()
      const replayed = toRecording('in-process', scenario, vocabulary, exchanges)
      return Promise.all(
        targets.map(async ({ name, dir }) => {
          const file = path.join(dir, `${scenario}.json`)
          let text: string
          try {
            text = await readFile(file, 'utf8')
          } catch {
            return {
              recordedTarget: name,
              engine: name,
              outcome: {
                status: 'skipped',
                reason: `no recording of this scenario on ${name} (${file})`,
              } as const,
            }
          }
          const recording = parseRecording(text, file)
          const comparison = compareExchanges(recording, replayed, deviations)
          const outcome: ScenarioOutcome =
            comparison.differences.length === 0
              ? { status: 'pass', openQuestions: [] }
              : { status: 'differs', differences: comparison.differences, openQuestions: [] }
          return { recordedTarget: name, engine: recording.engine ?? name, outcome, comparison }
        }),
      )
    },
  }
}

async function recordedTargetsIn(dir: string): Promise<{ name: string; dir: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  if (entries.some((e) => e.isFile() && e.name.endsWith('.json'))) {
    return [{ name: path.basename(path.resolve(dir)), dir }]
  }
  const targets: { name: string; dir: string }[] = []
  for (const entry of entries
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const sub = path.join(dir, entry.name)
    const files = await readdir(sub).catch(() => [])
    if (files.some((f) => f.endsWith('.json'))) targets.push({ name: entry.name, dir: sub })
  }
  return targets
}

/**
 * The runner hooks of `--record DIR`: every scenario's exchanges on each target are written to
 * `<dir>/<target>/<scenario>.json`. `stop()` removes nock's patches.
 */
export async function recordingHooks(
  options: { readonly dir: string; readonly targets: readonly string[] } & StartRecorderOptions,
): Promise<{ readonly hooks: RunHooks; readonly files: readonly string[]; stop(): void }> {
  const session = await startRecordingSession(options)
  const observed = new Map<string, ReturnType<typeof observeContext>>()
  const files: string[] = []
  return {
    files,
    hooks: {
      async beforeScenario({ target, scenario, context }) {
        await session.begin()
        const observer = observeContext(context, (work) => session.aside(work))
        observed.set(`${target}\n${scenario.name}`, observer)
        return observer.context
      },
      beforeCleanup: () => session.endOfScenario(),
      async afterScenario({ target, engine, scenario }) {
        const observer = observed.get(`${target}\n${scenario.name}`)
        files.push(
          await session.finish(target, scenario.name, observer?.vocabulary() ?? {}, engine),
        )
        return undefined
      },
    },
    stop: () => {
      session.stop()
    },
  }
}

/**
 * The runner hooks of `--against-recordings DIR`, and the `wrapHandle` to give the in-process
 * target: each scenario's outcome on `in-process` becomes the comparison of its exchanges with
 * every recording of it (differences labelled by the recorded target), besides its own checks.
 * A scenario no target recorded is skipped with that reason, unless its own checks differ.
 */
export async function replayHooks(options: {
  readonly dir: string
  readonly deviations?: readonly Deviation[]
}): Promise<{
  readonly hooks: RunHooks
  readonly wrapHandle: (handle: Handle) => Handle
  readonly recordedTargets: readonly string[]
}> {
  const session = await openReplaySession(options)
  const observed = new Map<string, ReturnType<typeof observeContext>>()
  return {
    recordedTargets: session.recordedTargets,
    wrapHandle: (handle) => session.wrap(handle),
    hooks: {
      async beforeScenario({ target, scenario, context }) {
        if (target !== 'in-process') return context
        await session.begin()
        const observer = observeContext(context, (work) => session.aside(work))
        observed.set(scenario.name, observer)
        return observer.context
      },
      async beforeCleanup({ target }) {
        if (target === 'in-process') await session.endOfScenario()
      },
      async afterScenario({ target, scenario, outcome }) {
        if (target !== 'in-process') return undefined
        const vocabulary = observed.get(scenario.name)?.vocabulary() ?? {}
        const compared = await session.finish(scenario.name, vocabulary)
        return combine(outcome, compared)
      },
    },
  }
}

function combine(
  own: ScenarioOutcome,
  compared: readonly {
    readonly recordedTarget: string
    readonly engine: string
    readonly outcome: ScenarioOutcome
  }[],
): ScenarioOutcome {
  if (own.status === 'skipped') return own
  const ownDifferences = own.status === 'differs' ? own.differences : []
  const withRecording = compared.filter((c) => c.outcome.status !== 'skipped')
  if (withRecording.length === 0 && ownDifferences.length === 0) {
    return {
      status: 'skipped',
      reason: compared
        .map((c) => (c.outcome.status === 'skipped' ? c.outcome.reason : ''))
        .join('; '),
    }
  }
  const differences = [
    ...ownDifferences,
    ...withRecording.flatMap(({ recordedTarget, engine, outcome }) =>
      outcome.status === 'differs'
        ? outcome.differences.map((d) => ({
            ...d,
            // The recording's engine answered otherwise than the mock: the difference is between
            // those two (a departure of either from AWS), not a failure of the in-process target.
            check: `${engine} (${recordedTarget} recording) differs from the mock: ${d.check}`,
          }))
        : [],
    ),
  ]
  return differences.length === 0
    ? { status: 'pass', openQuestions: own.openQuestions }
    : { status: 'differs', differences, openQuestions: own.openQuestions }
}
