import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { compareWithExpectation, parseExpectation } from '../../src/contract/expectation.js'
import { detectBucketEncryption } from '../../src/contract/targets/endpoint.js'
import {
  defineScenario,
  inProcessTarget,
  runContract,
  scenarios,
  type ContractTarget,
  type ScenarioResult,
} from './support.js'

/**
 * Engines that are not AWS (issue 18): a target without the 2026 SSE-C block runs the SSE-C
 * scenarios without the unblock call; the committed RGW expectation is complete; a run that
 * departs from an expectation is reported scenario by scenario.
 */
const root = path.resolve(import.meta.dirname, '../..')

/** The in-process mock, told it lacks some capabilities (as an engine would declare them). */
function lacking(...missing: string[]): ContractTarget {
  const inner = inProcessTarget()
  return {
    name: 'in-process',
    unavailable: () => inner.unavailable(),
    async start() {
      const session = await inner.start()
      return {
        ...session,
        capabilities: new Set([...session.capabilities].filter((c) => !missing.includes(c))),
        missing: (c) => (missing.includes(c) ? `declared missing: ${c}` : session.missing(c)),
        close: () => session.close(),
      }
    },
  }
}

describe('an engine without the SSE-C block', () => {
  test('SSE-C scenarios leave out the unblock call; the block scenarios are skipped with the reason', async () => {
    const results = await runContract({
      targets: [lacking('sse-c-block')],
      scenarios,
      only: ['sse-c-put-get-head', 'sse-c-blocked-on-new-bucket'],
    })
    const byName = new Map(results.map((r) => [r.scenario, r.outcome]))
    expect(byName.get('sse-c-blocked-on-new-bucket')).toEqual({
      status: 'skipped',
      reason: 'needs sse-c-block: declared missing: sse-c-block',
    })
    // The mock does block SSE-C on a new bucket: with the unblock call left out its first SSE-C
    // PUT is refused, which shows the call was not sent. The difference names that request.
    const outcome = byName.get('sse-c-put-get-head')
    expect(outcome?.status).toBe('differs')
    if (outcome?.status !== 'differs') return
    expect(outcome.differences[0]).toMatchObject({
      check: 'the scenario runs to its end',
      at: expect.stringMatching(/^step 1: PutObject PUT .* → HTTP 403 AccessDenied/) as string,
    })
  }, 60_000)

  test('detection: the mock answers a new bucket with the SSE-C block, so nothing is missing', async () => {
    const session = await inProcessTarget().start()
    try {
      await expect(detectBucketEncryption(session.s3, session.region)).resolves.toEqual({})
    } finally {
      await session.close()
    }
  })
})

describe('a difference after a presigned-URL fetch', () => {
  test('names the fetch as its step, with the query names only (never a signature)', async () => {
    const [result] = await runContract({
      targets: [inProcessTarget()],
      scenarios: [
        defineScenario({
          name: 'fetch-step',
          description: 'a fetch whose answer differs',
          requires: ['presign'],
          async run(t) {
            const url = `https://${t.bucket}.s3.${t.region}.amazonaws.com/nothing?x=1&X-Amz-Signature=abc`
            const response = await t.fetch(url)
            t.check('status of the fetch', response.status, 299)
          },
        }),
      ],
    })
    expect(result?.outcome).toMatchObject({
      status: 'differs',
      differences: [
        {
          check: 'status of the fetch',
          at: expect.stringMatching(
            /^after step 1: fetch GET \/nothing\?X-Amz-Signature&x → HTTP \d{3}$/,
          ) as string,
        },
      ],
    })
  })
})

describe('expectations per engine', () => {
  const file = path.join(root, 'test/contract/engines/ceph-rgw.json')
  const expectation = parseExpectation(readFileSync(file, 'utf8'), file)

  test('the committed Ceph RGW expectation covers every scenario; each difference names a deviation with a source', () => {
    expect(Object.keys(expectation.scenarios).sort()).toEqual(scenarios.map((s) => s.name).sort())
    const results: ScenarioResult[] = Object.entries(expectation.scenarios).map(([name, e]) => ({
      scenario: name,
      target: 'endpoint',
      durationMs: 0,
      outcome:
        e.status === 'differs'
          ? {
              status: 'differs',
              differences: e.checks.map((check) => ({ check, expected: 1, actual: 2 })),
              openQuestions: [],
            }
          : e.status === 'skipped'
            ? { status: 'skipped', reason: e.reason }
            : { status: 'pass', openQuestions: [] },
    }))
    expect(compareWithExpectation(results, expectation)).toEqual({ changes: [], faults: [] })
  })

  test('a scenario that changed is reported with what was expected and what happened', () => {
    const changed: ScenarioResult[] = Object.entries(expectation.scenarios).map(([name, e]) => ({
      scenario: name,
      target: 'endpoint',
      durationMs: 0,
      outcome:
        e.status === 'skipped'
          ? { status: 'skipped', reason: e.reason }
          : { status: 'pass', openQuestions: [] },
    }))
    const { changes } = compareWithExpectation(changed, expectation)
    expect(changes).toContainEqual({
      scenario: 'sse-c-copy-plain-to-sse-c',
      expected: 'differs in "CopyObject: encryption reported", "GET copy without the key"',
      actual: 'pass',
    })
    expect(changes).toHaveLength(
      Object.values(expectation.scenarios).filter((e) => e.status === 'differs').length,
    )
  })

  test('a difference without a declared deviation is a fault of the expectation', () => {
    const broken = parseExpectation(
      JSON.stringify({
        engine: 'x',
        deviations: { known: { finding: 'f', decision: 'engine', source: '' } },
        scenarios: {
          a: { status: 'differs', deviations: [], checks: ['c'] },
          b: { status: 'differs', deviations: ['unknown'], checks: ['c'] },
        },
      }),
      'broken.json',
    )
    expect(compareWithExpectation([], broken).faults).toEqual([
      'a differs without a declared deviation',
      'b names the undeclared deviation unknown',
      'deviation known has no source',
    ])
  })
})
