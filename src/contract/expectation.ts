import type { ScenarioResult } from './define.js'

/**
 * What a run against one engine is expected to give, scenario by scenario (`--expect FILE`):
 * pass, differs (with the checks that differ and the declared deviations of the engine that
 * explain them), or skipped (with the reason). A CI job comparing a real engine with this file
 * fails when the set changes, so a change in the mock, the scenarios or the engine that alters
 * their agreement is seen (issue 18).
 */
export interface EngineExpectation {
  /** The engine and version the expectation was taken from (`ceph-rgw 16.2.15`). */
  readonly engine: string
  /**
   * The engine's departures from AWS (or open questions), by id: what differs, the decision,
   * and the source that says what AWS does.
   */
  readonly deviations: Readonly<Record<string, DeclaredDeviation>>
  readonly scenarios: Readonly<Record<string, ExpectedOutcome>>
}

export interface DeclaredDeviation {
  /** What the engine does, in one sentence. */
  readonly finding: string
  /** `engine` — the engine departs from AWS; `question` — not settled which side is right. */
  readonly decision: 'engine' | 'question'
  /** What says what AWS does: an AWS doc, the SDK model, a reference note. */
  readonly source: string
}

export type ExpectedOutcome =
  | { readonly status: 'pass' }
  | { readonly status: 'skipped'; readonly reason: string }
  | {
      readonly status: 'differs'
      /** The declared deviations (ids in `deviations`) behind these differences. */
      readonly deviations: readonly string[]
      /** The labels of the checks that differ, sorted. */
      readonly checks: readonly string[]
    }

/** One scenario whose outcome is not the expected one. */
export interface ExpectationChange {
  readonly scenario: string
  readonly expected: string
  readonly actual: string
}

/** The outcome of each scenario of a one-target run, as an expectation file holds it. */
export function outcomesOf(
  results: readonly ScenarioResult[],
): Record<string, { status: string; reason?: string; checks?: string[] }> {
  const targets = new Set(results.map((r) => r.target))
  if (targets.size > 1) {
    throw new Error(
      `Failed to compare with an expectation: it holds one engine, the run had ${[...targets].join(', ')}`,
    )
  }
  return Object.fromEntries(
    results.map((r) => {
      const o = r.outcome
      if (o.status === 'pass') return [r.scenario, { status: 'pass' }]
      if (o.status === 'skipped') return [r.scenario, { status: 'skipped', reason: o.reason }]
      return [
        r.scenario,
        { status: 'differs', checks: [...new Set(o.differences.map((d) => d.check))].sort() },
      ]
    }),
  )
}

const show = (o: { status: string; reason?: string; checks?: readonly string[] }): string =>
  o.status === 'skipped'
    ? `skipped (${o.reason ?? ''})`
    : o.status === 'differs'
      ? `differs in ${(o.checks ?? []).map((c) => JSON.stringify(c)).join(', ')}`
      : o.status

/**
 * The scenarios whose outcome is not the expected one (a scenario ran but not expected, or
 * expected but not run, counts), and the expectation's own faults: a difference that names no
 * declared deviation, or a deviation without a source.
 */
export function compareWithExpectation(
  results: readonly ScenarioResult[],
  expectation: EngineExpectation,
): { readonly changes: ExpectationChange[]; readonly faults: string[] } {
  const actual = outcomesOf(results)
  const changes: ExpectationChange[] = []
  const names = new Set([...Object.keys(actual), ...Object.keys(expectation.scenarios)])
  for (const scenario of names) {
    const a = actual[scenario]
    const e = expectation.scenarios[scenario]
    if (a === undefined || e === undefined) {
      changes.push({
        scenario,
        expected: e === undefined ? 'not in the expectation' : show(e),
        actual: a === undefined ? 'not run' : show(a),
      })
      continue
    }
    if (show(a) !== show(e)) changes.push({ scenario, expected: show(e), actual: show(a) })
  }
  const faults: string[] = []
  for (const [scenario, e] of Object.entries(expectation.scenarios)) {
    if (e.status !== 'differs') continue
    if (e.deviations.length === 0) faults.push(`${scenario} differs without a declared deviation`)
    for (const id of e.deviations) {
      if (expectation.deviations[id] === undefined) {
        faults.push(`${scenario} names the undeclared deviation ${id}`)
      }
    }
  }
  for (const [id, d] of Object.entries(expectation.deviations)) {
    if (d.source.trim() === '') faults.push(`deviation ${id} has no source`)
  }
  return { changes, faults }
}

/** The report of a comparison: empty when the run is exactly as expected. */
export function formatExpectationReport(
  file: string,
  comparison: ReturnType<typeof compareWithExpectation>,
): string {
  const out: string[] = []
  if (comparison.changes.length > 0) {
    out.push(`The run is not as ${file} expects (${comparison.changes.length} scenarios):`)
    for (const c of comparison.changes) {
      out.push(`  ${c.scenario}`, `    expected: ${c.expected}`, `    actual:   ${c.actual}`)
    }
  }
  if (comparison.faults.length > 0) {
    out.push(`${file} is incomplete:`, ...comparison.faults.map((f) => `  ${f}`))
  }
  return out.join('\n')
}

/** Reads an expectation file (JSON); the error names the file and what is wrong. */
export function parseExpectation(text: string, file: string): EngineExpectation {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`Failed to read the expectation ${file}: ${(error as Error).message}`)
  }
  const v = value as Partial<EngineExpectation> | null
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.engine !== 'string' ||
    typeof v.deviations !== 'object' ||
    typeof v.scenarios !== 'object'
  ) {
    throw new Error(
      `Failed to read the expectation ${file}: it needs engine, deviations and scenarios`,
    )
  }
  return v as EngineExpectation
}

/**
 * A new expectation from a run, keeping the deviations (and which scenarios they explain) of
 * `previous`: what `--write-expect` writes, for a person to review and complete.
 */
export function expectationFrom(
  results: readonly ScenarioResult[],
  engine: string,
  previous: EngineExpectation | undefined,
): EngineExpectation {
  const scenarios: Record<string, ExpectedOutcome> = {}
  for (const [name, o] of Object.entries(outcomesOf(results))) {
    if (o.status === 'differs') {
      const before = previous?.scenarios[name]
      scenarios[name] = {
        status: 'differs',
        deviations: before?.status === 'differs' ? before.deviations : [],
        checks: o.checks ?? [],
      }
    } else if (o.status === 'skipped') {
      scenarios[name] = { status: 'skipped', reason: o.reason ?? '' }
    } else scenarios[name] = { status: 'pass' }
  }
  return { engine, deviations: previous?.deviations ?? {}, scenarios }
}
