import { inspect } from 'node:util'
import type { Difference, ScenarioResult } from './define.js'

/**
 * The contract run as people read it: a table of scenario × target (pass / differs / skipped),
 * then each difference as expected vs actual, then the skip reasons and the open questions a run
 * against AWS settles.
 */
export function formatReport(results: readonly ScenarioResult[]): string {
  const targets = unique(results.map((r) => r.target))
  const scenarios = unique(results.map((r) => r.scenario))
  const cell = (scenario: string, target: string): string => {
    const result = results.find((r) => r.scenario === scenario && r.target === target)
    return result === undefined ? '' : result.outcome.status
  }
  const rows = [
    ['scenario', ...targets],
    ...scenarios.map((s) => [s, ...targets.map((t) => cell(s, t))]),
  ]
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? []
  const line = (row: readonly string[]): string =>
    row
      .map((text, i) => text.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  const out = [line(rows[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  ')]
  for (const row of rows.slice(1)) out.push(line(row))

  const counts = targets.map((target) => {
    const of = results.filter((r) => r.target === target)
    const n = (status: string): number => of.filter((r) => r.outcome.status === status).length
    return `${target}: ${n('pass')} pass, ${n('differs')} differ, ${n('skipped')} skipped`
  })
  out.push('', counts.join('; '))

  const differing = results.filter((r) => r.outcome.status === 'differs')
  if (differing.length > 0) out.push('', 'Differences:')
  for (const result of differing) {
    if (result.outcome.status !== 'differs') continue
    out.push('', `${result.scenario} on ${result.target}:`)
    for (const difference of result.outcome.differences) out.push(formatDifference(difference))
  }

  const skips = new Map<string, string[]>()
  for (const result of results) {
    if (result.outcome.status !== 'skipped') continue
    const reason = `${result.target}: ${result.outcome.reason}`
    skips.set(reason, [...(skips.get(reason) ?? []), result.scenario])
  }
  if (skips.size > 0) out.push('', 'Skipped:')
  for (const [reason, names] of skips) {
    out.push(`  ${reason} (${names.length === 1 ? names[0] : `${names.length} scenarios`})`)
  }

  const questions = unique(
    results.flatMap((r) => (r.outcome.status === 'skipped' ? [] : r.outcome.openQuestions)),
  )
  if (questions.length > 0) {
    out.push('', 'Open questions these checks assert our best knowledge of (an aws run settles):')
    for (const question of questions) out.push(`  - ${question}`)
  }
  return out.join('\n')
}

/** One difference: what was checked, expected and actual, each on its own lines. */
export function formatDifference(difference: Difference): string {
  const show = (value: unknown): string =>
    inspect(value, { depth: 6, breakLength: 100, sorted: true }).replaceAll('\n', '\n      ')
  const lines = [
    `  ✗ ${difference.check}`,
    `    expected: ${show(difference.expected)}`,
    `    actual:   ${show(difference.actual)}`,
  ]
  if (difference.at !== undefined) lines.push(`    at:       ${difference.at}`)
  if (difference.openQuestion !== undefined) {
    lines.push(`    (open question: ${difference.openQuestion})`)
  }
  return lines.join('\n')
}

/** True when nothing differed (skips are not failures: they carry their reason). */
export function contractPassed(results: readonly ScenarioResult[]): boolean {
  return results.every((r) => r.outcome.status !== 'differs')
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)]
}

/**
 * The results as JSON for machines (`--json`): bytes become `{ base64 }`, big integers strings,
 * errors their name and message, so any value a check compared can be written.
 */
export function formatJson(results: readonly ScenarioResult[]): string {
  return JSON.stringify(
    results,
    (_key, value: unknown) => {
      if (typeof value === 'bigint') return value.toString()
      if (value instanceof Error) return { name: value.name, message: value.message }
      if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') }
      if (
        typeof value === 'object' &&
        value !== null &&
        (value as { type?: unknown }).type === 'Buffer' &&
        Array.isArray((value as { data?: unknown }).data)
      ) {
        // Buffer#toJSON ran before the replacer saw the Buffer.
        return { base64: Buffer.from((value as { data: number[] }).data).toString('base64') }
      }
      return value
    },
    2,
  )
}
