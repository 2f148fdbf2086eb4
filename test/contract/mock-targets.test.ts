import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  awsTarget,
  endpointTarget,
  formatDifference,
  localStackTarget,
  minioTarget,
  inProcessTarget,
  runContract,
  scenarios,
  serverTarget,
  type ContractTarget,
  type ScenarioResult,
} from '../../src/contract.js'

/**
 * SPEC §8 in CI: each scenario is one test per mock target. A difference fails the test with
 * the diff; a scenario the target cannot run (a missing capability) is skipped with the reason.
 */
describe.each([
  ['in-process', inProcessTarget()],
  ['server', serverTarget()],
  // Configured from the environment: here (no Docker engine, no AWS configuration) every scenario
  // is skipped with the target's reason; with Docker or AWS variables set they run for real.
  ['localstack', localStackTarget()],
  ['minio', minioTarget()],
  ['endpoint', endpointTarget()],
  ['aws', awsTarget()],
] as [string, ContractTarget][])('contract scenarios on %s', (_name, target) => {
  let results: ScenarioResult[] = []
  beforeAll(async () => {
    results = await runContract({ targets: [target], scenarios })
  })
  afterAll(() => {
    results = []
  })

  test('every scenario reports one result', () => {
    expect(results.map((r) => r.scenario)).toEqual(scenarios.map((s) => s.name))
  })

  for (const scenario of scenarios) {
    test(scenario.name, (context) => {
      const result = results.find((r) => r.scenario === scenario.name)
      if (result === undefined) throw new Error(`no result for ${scenario.name}`)
      const { outcome } = result
      if (outcome.status === 'skipped') {
        context.skip(outcome.reason)
        return
      }
      const diff = outcome.status === 'differs' ? outcome.differences.map(formatDifference) : []
      expect(diff.join('\n')).toBe('')
    })
  }
})
