import { GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { describe, expect, test } from 'vitest'
import {
  contractPassed,
  defineScenario,
  formatReport,
  inProcessTarget,
  runContract,
  type ContractTarget,
  type MockAwsForContract,
} from './support.js'

/** The runner's own contract: what a user sees when a target disagrees, lacks something, or is absent. */
describe('runContract', () => {
  test('a scenario whose checks hold passes; one that differs names each check with expected and actual', async () => {
    const results = await runContract({
      targets: [inProcessTarget()],
      scenarios: [
        defineScenario({
          name: 'holds',
          description: 'a missing object is NoSuchKey',
          requires: [],
          async run(t) {
            await t.expectError(
              'GET of a missing key',
              t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key('missing') })),
              { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' },
            )
          },
        }),
        defineScenario({
          name: 'differs',
          description: 'expects what the mock does not answer',
          requires: [],
          async run(t) {
            await t.expectError(
              'GET of a missing key',
              t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key('missing') })),
              { status: 403, code: 'AccessDenied' },
              { openQuestion: 'an invented question' },
            )
            t.check('a plain value', 1 + 1, 3)
          },
        }),
      ],
    })
    expect(results.map((r) => [r.scenario, r.outcome.status])).toEqual([
      ['holds', 'pass'],
      ['differs', 'differs'],
    ])
    expect(results[1]?.outcome).toEqual({
      status: 'differs',
      openQuestions: ['an invented question'],
      differences: [
        {
          check: 'GET of a missing key',
          expected: { status: 403, code: 'AccessDenied' },
          actual: { status: 404, code: 'NoSuchKey' },
          openQuestion: 'an invented question',
          // The step, the request and the answer (issue 18).
          at: expect.stringMatching(
            /^step 1: GetObject GET \/(?:[^/]+\/)?s3kms-[^/]+\/differs\/missing\?x-id → HTTP 404 NoSuchKey \("The specified key does not exist\."\)$/,
          ) as string,
        },
        {
          check: 'a plain value',
          expected: 3,
          actual: 2,
          at: expect.stringMatching(/^after step 1: GetObject GET .* → HTTP 404$/) as string,
        },
      ],
    })
    expect(contractPassed(results)).toBe(false)
    const report = formatReport(results)
    expect(report).toContain('in-process: 1 pass, 1 differ, 0 skipped')
    expect(report).toContain('✗ a plain value\n    expected: 3\n    actual:   2')
  })

  test('a call expected to fail that succeeds is a difference, not a crash', async () => {
    const [result] = await runContract({
      targets: [inProcessTarget()],
      scenarios: [
        defineScenario({
          name: 'succeeds',
          description: 'a PUT that works',
          requires: [],
          async run(t) {
            await t.expectError(
              'PUT',
              t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: t.key('k'), Body: 'x' })),
              { status: 400, code: 'InvalidRequest' },
            )
          },
        }),
      ],
    })
    expect(result?.outcome).toMatchObject({
      status: 'differs',
      differences: [{ check: 'PUT', actual: 'the call succeeded' }],
    })
  })

  test('an unexpected error ends the scenario as a difference, and its clean-ups and bucket still go', async () => {
    let bucket = ''
    let cleaned = false
    let world: MockAwsForContract | undefined
    const [result] = await runContract({
      targets: [inProcessTarget({ onWorld: (w) => (world = w) })],
      scenarios: [
        defineScenario({
          name: 'throws',
          description: 'fails half-way',
          requires: [],
          async run(t) {
            bucket = t.bucket
            t.defer(() => {
              cleaned = true
              return Promise.resolve()
            })
            await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: t.key('a'), Body: 'x' }))
            await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key('nope') }))
          },
        }),
      ],
    })
    expect(result?.outcome).toMatchObject({
      status: 'differs',
      differences: [
        {
          check: 'the scenario runs to its end',
          actual: 'NoSuchKey (HTTP 404): The specified key does not exist.',
        },
      ],
    })
    expect(cleaned).toBe(true)
    expect(world?.s3.buckets()).not.toContain(bucket)
  })

  test('a scenario needing what the target lacks is skipped with the reason, and never runs', async () => {
    let ran = false
    const limited: ContractTarget = {
      name: 'limited',
      unavailable: () => Promise.resolve(undefined),
      async start() {
        const session = await inProcessTarget().start()
        return {
          ...session,
          capabilities: new Set(['presign'] as const),
          missing: () => 'no KMS here',
        }
      },
    }
    const [result] = await runContract({
      targets: [limited],
      scenarios: [
        defineScenario({
          name: 'needs-kms',
          description: 'uses KMS',
          requires: ['kms'],
          run() {
            ran = true
            return Promise.resolve()
          },
        }),
      ],
    })
    expect(result?.outcome).toEqual({ status: 'skipped', reason: 'needs kms: no KMS here' })
    expect(ran).toBe(false)
  })

  test('an unavailable target skips every scenario with its reason, without starting', async () => {
    let started = false
    const absent: ContractTarget = {
      name: 'absent',
      unavailable: () => Promise.resolve('no Docker engine is reachable'),
      start() {
        started = true
        return inProcessTarget().start()
      },
    }
    const results = await runContract({
      targets: [absent],
      scenarios: [
        defineScenario({ name: 'a', description: 'a', requires: [], run: () => Promise.resolve() }),
      ],
    })
    expect(results).toEqual([
      {
        scenario: 'a',
        target: 'absent',
        outcome: {
          status: 'skipped',
          reason: 'absent is unavailable: no Docker engine is reachable',
        },
        durationMs: 0,
      },
    ])
    expect(started).toBe(false)
    expect(contractPassed(results)).toBe(true)
  })

  test('using a capability the scenario did not declare is a difference naming it', async () => {
    const [result] = await runContract({
      targets: [inProcessTarget()],
      scenarios: [
        defineScenario({
          name: 'undeclared',
          description: 'creates a bucket without saying so',
          requires: [],
          async run(t) {
            const bucket = await t.createBucket()
            await t.s3.send(new HeadBucketCommand({ Bucket: bucket }))
          },
        }),
      ],
    })
    expect(result?.outcome.status).toBe('differs')
    expect(JSON.stringify(result?.outcome)).toContain(
      "uses createBucket() without declaring requires: ['create-bucket']",
    )
  })

  test('only runs the named scenarios, and an unknown name is refused', async () => {
    const s = (name: string) =>
      defineScenario({ name, description: name, requires: [], run: () => Promise.resolve() })
    const results = await runContract({
      targets: [inProcessTarget()],
      scenarios: [s('one'), s('two')],
      only: ['two'],
    })
    expect(results.map((r) => r.scenario)).toEqual(['two'])
    await expect(
      runContract({ targets: [inProcessTarget()], scenarios: [s('one')], only: ['nine'] }),
    ).rejects.toThrow('Failed to select scenarios: no scenario named "nine"')
  })

  test('a scenario that never finishes is a difference after the timeout, and its clean-ups run', async () => {
    let cleaned = false
    const [result] = await runContract({
      targets: [inProcessTarget()],
      scenarioTimeoutMs: 50,
      scenarios: [
        defineScenario({
          name: 'hangs',
          description: 'a target that stops answering',
          requires: [],
          run(t) {
            t.defer(() => {
              cleaned = true
              return Promise.resolve()
            })
            return new Promise(() => undefined)
          },
        }),
      ],
    })
    expect(result?.outcome).toEqual({
      status: 'differs',
      differences: [
        {
          check: 'the scenario runs to its end',
          expected: 'no unexpected error',
          actual: 'Timeout: the scenario did not finish within 0.05 s',
        },
      ],
      openQuestions: [],
    })
    expect(cleaned).toBe(true)
  })

  test('scenario names are kebab-case (they name recording files)', () => {
    expect(() =>
      defineScenario({
        name: 'Not OK',
        description: '',
        requires: [],
        run: () => Promise.resolve(),
      }),
    ).toThrow('Failed to define scenario "Not OK": the name must be kebab-case')
  })
})
