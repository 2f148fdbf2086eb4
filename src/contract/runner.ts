import { CreateKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms'
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  type BucketLocationConstraint,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type {
  Capability,
  CheckOptions,
  ContractKey,
  Difference,
  ExpectedError,
  ObservedError,
  Scenario,
  ScenarioContext,
  ScenarioOutcome,
  ScenarioResult,
} from './define.js'
import { describeStep, RequestTrail } from './request-trail.js'
import type { ContractTarget, TargetSession } from './target.js'

/** What runs around each scenario (recording, replay comparison); all optional. */
export interface RunHooks {
  /** Before a scenario runs on a started target; may return a wrapped context. */
  beforeScenario?(info: {
    readonly target: string
    /** The engine and version the target declared (`TargetSession.engine`), when it did. */
    readonly engine?: string
    readonly scenario: Scenario
    readonly context: ScenarioContext
  }): Promise<ScenarioContext> | ScenarioContext
  /**
   * When the scenario's own run ended, before its clean-ups (emptying and deleting buckets):
   * recordings leave that traffic out, as it says nothing of the scenario.
   */
  beforeCleanup?(info: { readonly target: string; readonly scenario: Scenario }): Promise<void>
  /** After it ran and cleaned up; may replace the outcome (e.g. with a recording comparison). */
  afterScenario?(info: {
    readonly target: string
    readonly engine?: string
    readonly scenario: Scenario
    readonly outcome: ScenarioOutcome
  }): Promise<ScenarioOutcome | undefined> | ScenarioOutcome | undefined
}

export interface RunContractOptions {
  readonly targets: readonly ContractTarget[]
  readonly scenarios: readonly Scenario[]
  /** Run only the scenarios with these names. */
  readonly only?: readonly string[]
  /** Called as each result is known (for progress output). */
  onResult?(result: ScenarioResult): void
  /**
   * Called once per note a started target has (`TargetSession.notes`: a configured key that is
   * not used, a KMS side that failed to start), before its scenarios run.
   */
  onNote?(target: string, note: string): void
  readonly hooks?: RunHooks
  /**
   * How long one scenario may run before it is reported as a difference and its clean-ups run
   * (default 5 minutes: a real target that stops answering must not hang the run).
   */
  readonly scenarioTimeoutMs?: number
}

const DEFAULT_SCENARIO_TIMEOUT_MS = 300_000

/**
 * Runs every scenario against every target (SPEC §8) and returns one result per pair, in
 * order. It never throws for what a target answers: differences, unexpected errors and failed
 * clean-ups are results. A target that is unavailable, or lacks a capability a scenario
 * requires, yields `skipped` with the reason.
 */
export async function runContract(options: RunContractOptions): Promise<ScenarioResult[]> {
  const selected = selectScenarios(options.scenarios, options.only)
  const timeoutMs = options.scenarioTimeoutMs ?? DEFAULT_SCENARIO_TIMEOUT_MS
  const results: ScenarioResult[] = []
  const emit = (result: ScenarioResult): void => {
    results.push(result)
    options.onResult?.(result)
  }
  for (const target of options.targets) {
    const reason = await target.unavailable()
    if (reason !== undefined) {
      for (const scenario of selected) {
        emit(skipped(scenario, target.name, `${target.name} is unavailable: ${reason}`))
      }
      continue
    }
    let session: TargetSession
    try {
      session = await target.start()
    } catch (error) {
      // A target that is there but fails to start (a container that exits, a key that cannot be
      // described) is a failure to see, not a skip: each scenario reports it.
      for (const scenario of selected) {
        emit({
          scenario: scenario.name,
          target: target.name,
          outcome: {
            status: 'differs',
            differences: [
              {
                check: `the ${target.name} target starts`,
                expected: 'started',
                actual: describeError(error),
              },
            ],
            openQuestions: [],
          },
          durationMs: 0,
        })
      }
      continue
    }
    for (const note of session.notes ?? []) options.onNote?.(target.name, note)
    const run = new TargetRun(target.name, session)
    try {
      for (const scenario of selected) emit(await run.scenario(scenario, options.hooks, timeoutMs))
      await run.finish()
    } finally {
      run.detach()
      await session.close()
    }
  }
  return results
}

function selectScenarios(
  scenarios: readonly Scenario[],
  only: readonly string[] | undefined,
): readonly Scenario[] {
  if (only === undefined || only.length === 0) return scenarios
  const unknown = only.filter((name) => !scenarios.some((s) => s.name === name))
  if (unknown.length > 0) {
    throw new TypeError(
      `Failed to select scenarios: no scenario named ${unknown.map((n) => JSON.stringify(n)).join(', ')}`,
    )
  }
  return scenarios.filter((s) => only.includes(s.name))
}

function skipped(scenario: Scenario, target: string, reason: string): ScenarioResult {
  return { scenario: scenario.name, target, outcome: { status: 'skipped', reason }, durationMs: 0 }
}

/** A run's unique name: it prefixes every key and bucket it creates, so clean-up finds them all. */
function newRunId(): string {
  return `s3kms-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
}

/** One target's run: the names, keys and buckets its scenarios share. */
class TargetRun {
  readonly #target: string
  readonly #session: TargetSession
  readonly #runId = newRunId()
  #buckets = 0
  #key: Promise<ContractKey> | undefined
  readonly #finally: (() => Promise<unknown>)[] = []
  readonly #trail = new RequestTrail()

  constructor(target: string, session: TargetSession) {
    this.#target = target
    this.#session = session
    this.#trail.attach(session.s3)
    if (session.kms !== undefined) this.#trail.attach(session.kms)
  }

  /** Takes the request trail's middleware off the session's clients. */
  detach(): void {
    this.#trail.detach()
  }

  async scenario(
    scenario: Scenario,
    hooks: RunHooks | undefined,
    timeoutMs: number,
  ): Promise<ScenarioResult> {
    const lacking = scenario.requires.find((c) => !this.#session.capabilities.has(c))
    if (lacking !== undefined) {
      return skipped(scenario, this.#target, `needs ${lacking}: ${this.#session.missing(lacking)}`)
    }
    const started = performance.now()
    const differences: Difference[] = []
    const openQuestions = new Set<string>()
    const cleanups: (() => Promise<unknown>)[] = []
    const engine = this.#session.engine === undefined ? {} : { engine: this.#session.engine }
    let context: ScenarioContext
    this.#trail.reset()
    try {
      const bucket = await this.#bucketFor(scenario, cleanups)
      // Steps count the scenario's own requests, not the runner's set-up of its bucket.
      this.#trail.reset()
      context = this.#context(scenario, bucket, differences, openQuestions, cleanups)
      if (hooks?.beforeScenario !== undefined) {
        context = await hooks.beforeScenario({ target: this.#target, ...engine, scenario, context })
      }
      await withTimeout(scenario.run(context), timeoutMs)
    } catch (error) {
      differences.push({
        check: 'the scenario runs to its end',
        expected: 'no unexpected error',
        actual: describeError(error),
        ...this.#failedAt(error),
      })
    }
    await hooks?.beforeCleanup?.({ target: this.#target, scenario })
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup()
      } catch (error) {
        differences.push({
          check: 'clean-up after the scenario',
          expected: 'succeeds',
          actual: describeError(error),
          ...this.#failedAt(error),
        })
      }
    }
    const questions = [...openQuestions]
    let outcome: ScenarioOutcome =
      differences.length === 0
        ? { status: 'pass', openQuestions: questions }
        : { status: 'differs', differences, openQuestions: questions }
    if (hooks?.afterScenario !== undefined) {
      outcome =
        (await hooks.afterScenario({ target: this.#target, ...engine, scenario, outcome })) ??
        outcome
    }
    return {
      scenario: scenario.name,
      target: this.#target,
      outcome,
      durationMs: Math.round(performance.now() - started),
    }
  }

  /** Where an error came from: the request that answered it, when a request did. */
  #failedAt(error: unknown): { at?: string } {
    const last = this.#trail.last()
    if (last === undefined || !isSdkError(error)) return {}
    const { code, message } = observeError(error)
    return { at: describeStep(last, { code, message }) }
  }

  /** Run-wide clean-up: the customer key, when the run created one. */
  async finish(): Promise<void> {
    for (const cleanup of this.#finally.reverse()) await cleanup().catch(() => undefined)
  }

  async #bucketFor(scenario: Scenario, cleanups: (() => Promise<unknown>)[]): Promise<string> {
    const shared = this.#session.sharedBucket
    if (shared !== undefined && !scenario.requires.includes('create-bucket')) {
      const prefix = this.#prefix(scenario)
      cleanups.push(() => emptyBucket(this.#session.s3, shared, prefix))
      return shared
    }
    return this.#createBucket(cleanups)
  }

  async #createBucket(cleanups: (() => Promise<unknown>)[], name?: string): Promise<string> {
    const bucket = name ?? `${this.#runId}-${++this.#buckets}`
    const { s3, region } = this.#session
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1'
          ? {}
          : {
              CreateBucketConfiguration: {
                LocationConstraint: region as BucketLocationConstraint,
              },
            }),
      }),
    )
    cleanups.push(async () => {
      // A policy may deny the clean-up's own requests (deny-unencrypted puts do not, but a
      // scenario's deny-all would); it goes first.
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket })).catch(() => undefined)
      await emptyBucket(s3, bucket)
      await s3.send(new DeleteBucketCommand({ Bucket: bucket }))
    })
    return bucket
  }

  #prefix(scenario: Scenario): string {
    return `${this.#runId}/${scenario.name}/`
  }

  #customerKey(): Promise<ContractKey> {
    const configured = this.#session.configuredKey
    if (configured !== undefined && !this.#session.capabilities.has('kms-create-keys')) {
      return Promise.resolve(configured)
    }
    this.#key ??= (async () => {
      const kms = this.#kms()
      const { KeyMetadata } = await kms.send(
        new CreateKeyCommand({ Description: `s3-kms-mock contract run ${this.#runId}` }),
      )
      if (KeyMetadata?.KeyId === undefined || KeyMetadata.Arn === undefined) {
        throw new Error('CreateKey answered without KeyMetadata.KeyId / Arn')
      }
      const key = { keyId: KeyMetadata.KeyId, arn: KeyMetadata.Arn }
      this.#finally.push(() =>
        kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 })),
      )
      return key
    })()
    return this.#key
  }

  #kms(): NonNullable<TargetSession['kms']> {
    const kms = this.#session.kms
    if (kms === undefined) {
      throw new Error(`the ${this.#target} target has no KMS: ${this.#session.missing('kms')}`)
    }
    return kms
  }

  #context(
    scenario: Scenario,
    bucket: string,
    differences: Difference[],
    openQuestions: Set<string>,
    cleanups: (() => Promise<unknown>)[],
  ): ScenarioContext {
    const session = this.#session
    const target = this.#target
    const prefix = this.#prefix(scenario)
    const trail = this.#trail
    const record = (
      difference: Difference,
      options: CheckOptions | undefined,
      observed?: ObservedError,
    ): void => {
      if (options?.openQuestion !== undefined) openQuestions.add(options.openQuestion)
      const last = trail.last()
      const at =
        last === undefined
          ? {}
          : {
              at:
                observed === undefined
                  ? `after ${describeStep(last)}`
                  : describeStep(last, observed),
            }
      differences.push({
        ...difference,
        ...at,
        ...(options?.openQuestion === undefined ? {} : { openQuestion: options.openQuestion }),
      })
    }
    const requireCapability = (capability: Capability, what: string): void => {
      if (!scenario.requires.includes(capability)) {
        throw new Error(
          `scenario ${scenario.name} uses ${what} without declaring requires: ['${capability}']`,
        )
      }
    }
    return {
      target,
      region: session.region,
      s3: session.s3,
      get kms() {
        if (session.kms === undefined) {
          throw new Error(`the ${target} target has no KMS: ${session.missing('kms')}`)
        }
        return session.kms
      },
      fetch: this.#trail.tracing(session.fetch),
      httpEndpoint: session.httpEndpoint,
      has: (capability) => session.capabilities.has(capability),
      bucket,
      key: (name) => `${prefix}${name}`,
      customerKey: () => this.#customerKey(),
      createBucket: (options) => {
        requireCapability('create-bucket', 'createBucket()')
        return this.#createBucket(cleanups, options?.name)
      },
      defer(cleanup) {
        cleanups.push(cleanup)
      },
      check(label, actual, expected, options) {
        if (options?.openQuestion !== undefined) openQuestions.add(options.openQuestion)
        if (!isDeepStrictEqual(actual, expected))
          record({ check: label, expected, actual }, options)
      },
      async expectError(label, call, expected, options) {
        if (options?.openQuestion !== undefined) openQuestions.add(options.openQuestion)
        let observed: ObservedError
        try {
          await call
          record({ check: label, expected: shown(expected), actual: 'the call succeeded' }, options)
          return undefined
        } catch (error) {
          observed = observeError(error)
        }
        const actual = comparable(observed, expected)
        if (!isDeepStrictEqual(actual, shown(expected))) {
          record({ check: label, expected: shown(expected), actual }, options, observed)
        }
        return observed
      },
    }
  }
}

class ScenarioTimeout extends Error {
  override readonly name = 'Timeout'
}

/** Settles as `promise` does, or rejects with a timeout after `ms` (the promise is left to run). */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ScenarioTimeout(`the scenario did not finish within ${ms / 1000} s`))
    }, ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The expected error as a diff shows it (no undefined members). */
function shown(expected: ExpectedError): Record<string, unknown> {
  return Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined))
}

/** The observed error reduced to what `expected` asks about. */
function comparable(observed: ObservedError, expected: ExpectedError): Record<string, unknown> {
  const actual: Record<string, unknown> = { status: observed.status, code: observed.code }
  if (expected.message !== undefined) actual.message = observed.message
  if (expected.headers !== undefined) {
    actual.headers = Object.fromEntries(
      Object.keys(expected.headers).map((name) => [name, observed.headers[name.toLowerCase()]]),
    )
  }
  return actual
}

/** An error a client raised for an answer (it carries the response's metadata). */
function isSdkError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && '$metadata' in error
}

interface SdkError {
  name?: unknown
  message?: unknown
  $metadata?: { httpStatusCode?: number }
  $response?: { headers?: Record<string, string> }
}

/** What an SDK error tells of the answer: status, code (`err.name`), message and headers. */
export function observeError(error: unknown): ObservedError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(e.$response?.headers ?? {})) {
    headers[name.toLowerCase()] = value
  }
  return {
    status: e.$metadata?.httpStatusCode,
    code: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    headers,
  }
}

function describeError(error: unknown): string {
  const { status, code, message } = observeError(error)
  return `${code}${status === undefined ? '' : ` (HTTP ${status})`}: ${message}`
}

/** Deletes every object version and multipart upload under `prefix` (the whole bucket without one). */
export async function emptyBucket(s3: S3Client, bucket: string, prefix?: string): Promise<void> {
  for (;;) {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }))
    const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].flatMap((v) =>
      v.Key === undefined ? [] : [{ Key: v.Key, VersionId: v.VersionId }],
    )
    if (objects.length > 0) {
      await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
      )
    }
    if (listed.IsTruncated !== true) break
  }
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }))
  for (const upload of uploads.Uploads ?? []) {
    await s3.send(
      new AbortMultipartUploadCommand({
        Bucket: bucket,
        Key: upload.Key,
        UploadId: upload.UploadId,
      }),
    )
  }
}
