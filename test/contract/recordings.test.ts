import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  formatDifference,
  inProcessTarget,
  runContract,
  scenarios,
  type ScenarioResult,
} from '../../src/contract.js'
import { parseRecording, type Recording } from '../../src/contract/recordings/format.js'
import { replayHooks } from '../../src/contract/recordings/session.js'

/**
 * The recordings round trip (SPEC §8, issue 6): the server target is recorded by the CLI in a
 * child process (nock's recorder never shares a process with MSW: nock 15 and msw 3 cannot, ADR
 * 0004), then the in-process mock runs the same scenarios and is compared with that recording.
 * Every scenario must pass; a recording changed in a status, an error code or a header must not;
 * and no written recording may hold a secret.
 */
const root = path.resolve(import.meta.dirname, '../..')
const work = mkdtempSync(path.join(tmpdir(), 's3-kms-mock-recordings-'))
const recorded = path.join(work, 'recorded')

function record(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'src/cli.ts'),
        'contract',
        '--target',
        'server',
        '--json',
        '--record',
        recorded,
      ],
      { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', (status) => {
      resolve({ status, stdout, stderr })
    })
  })
}

/** Runs scenarios on the in-process mock against the recordings in `dir`. */
async function replay(dir: string, only?: readonly string[]): Promise<ScenarioResult[]> {
  const { hooks, wrapHandle } = await replayHooks({ dir })
  return runContract({
    targets: [inProcessTarget({ wrapHandle })],
    scenarios,
    ...(only === undefined ? {} : { only }),
    hooks,
  })
}

const recordingFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f))

let serverResults: ScenarioResult[] = []

beforeAll(async () => {
  const { status, stdout, stderr } = await record()
  if (status !== 0) throw new Error(`recording the server failed (exit ${status}):\n${stderr}`)
  serverResults = JSON.parse(stdout) as ScenarioResult[]
}, 300_000)

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('record the server, compare the in-process mock with it', () => {
  test('every scenario the server ran is recorded, one file each', () => {
    const ran = serverResults.filter((r) => r.outcome.status !== 'skipped').map((r) => r.scenario)
    expect(ran.length).toBeGreaterThan(50)
    const files = recordingFiles(path.join(recorded, 'server')).map((f) =>
      path.basename(f, '.json'),
    )
    expect(files.sort()).toEqual([...ran].sort())
    for (const file of recordingFiles(path.join(recorded, 'server'))) {
      const recording = parseRecording(readFileSync(file, 'utf8'), file)
      expect(recording.target).toBe('server')
      expect(recording.exchanges.length).toBeGreaterThan(0)
      expect(Object.keys(recording.vocabulary)).toContain('<run>')
    }
  })

  test('the in-process mock matches the recording on every scenario', async () => {
    const results = await replay(path.join(recorded, 'server'))
    const differing = results.filter((r) => r.outcome.status === 'differs')
    expect(
      differing
        .flatMap((r) =>
          r.outcome.status === 'differs'
            ? [`${r.scenario}:`, ...r.outcome.differences.map((d) => formatDifference(d))]
            : [],
        )
        .join('\n'),
    ).toBe('')
    // The one scenario without a recording (the server has no plain http) is skipped, saying so.
    const skipped = results.filter((r) => r.outcome.status === 'skipped')
    const notRecorded = serverResults.filter((r) => r.outcome.status === 'skipped')
    expect(skipped.map((r) => r.scenario)).toEqual(notRecorded.map((r) => r.scenario))
    for (const r of skipped) {
      expect(r.outcome).toMatchObject({
        reason: expect.stringMatching(/^no recording of this scenario on server/) as string,
      })
    }
  }, 300_000)
})

describe('the comparison catches what differs', () => {
  /** A copy of the recording of `scenario` with its first exchange matching `pick` changed. */
  function mutated(
    scenario: string,
    pick: (exchange: Recording['exchanges'][number]) => boolean,
    change: (exchange: Recording['exchanges'][number]) => Recording['exchanges'][number],
  ): { dir: string; index: number } {
    const dir = mkdtempSync(path.join(work, 'mutated-'))
    const file = path.join(recorded, 'server', `${scenario}.json`)
    cpSync(file, path.join(dir, `${scenario}.json`))
    const recording = parseRecording(readFileSync(file, 'utf8'), file)
    const index = recording.exchanges.findIndex(pick)
    expect(index, `no such exchange in ${scenario}`).toBeGreaterThanOrEqual(0)
    const exchanges = recording.exchanges.map((e, i) => (i === index ? change(e) : e))
    writeFileSync(path.join(dir, `${scenario}.json`), JSON.stringify({ ...recording, exchanges }))
    return { dir, index }
  }

  const differencesOf = (results: ScenarioResult[]) =>
    results.flatMap((r) => (r.outcome.status === 'differs' ? r.outcome.differences : []))

  test('a recorded status the mock does not answer', async () => {
    const scenario = 'sse-kms-encryption-context'
    const { dir, index } = mutated(
      scenario,
      (e) =>
        e.request.method === 'PUT' &&
        e.response.headers['x-amz-server-side-encryption'] === 'aws:kms',
      (e) => ({ ...e, response: { ...e.response, status: 201 } }),
    )
    const differences = differencesOf(await replay(dir, [scenario]))
    expect(differences).toEqual([
      {
        check: expect.stringMatching(
          new RegExp(
            `^\\S+ .*\\(\\S+ recording\\) differs from the mock: #${index + 1} S3 PUT .*: status$`,
          ),
        ) as string,
        expected: 201,
        actual: 200,
      },
    ])
  })

  test('a recorded error code the mock does not answer', async () => {
    const scenario = 'kms-disabled-key'
    const { dir } = mutated(
      scenario,
      (e) =>
        e.response.body !== undefined &&
        'json' in e.response.body &&
        JSON.stringify(e.response.body).includes('DisabledException'),
      (e) => ({
        ...e,
        response: {
          ...e.response,
          body: {
            json: {
              ...(e.response.body as { json: object }).json,
              __type: 'KMSInvalidStateException',
            },
          },
        },
      }),
    )
    const differences = differencesOf(await replay(dir, [scenario]))
    expect(differences.map((d) => [d.check.replace(/^.*: /, ''), d.expected, d.actual])).toEqual([
      ['error code', 'KMSInvalidStateException', 'DisabledException'],
    ])
  })

  test('a recorded encryption header the mock does not send', async () => {
    const scenario = 'sse-kms-aws-managed-key'
    const { dir } = mutated(
      scenario,
      (e) => e.response.headers['x-amz-server-side-encryption'] === 'aws:kms',
      (e) => ({
        ...e,
        response: {
          ...e.response,
          headers: { ...e.response.headers, 'x-amz-server-side-encryption': 'AES256' },
        },
      }),
    )
    const differences = differencesOf(await replay(dir, [scenario]))
    expect(differences.map((d) => [d.check.replace(/^.*: /, ''), d.expected, d.actual])).toEqual([
      ['header x-amz-server-side-encryption', 'AES256', 'aws:kms'],
    ])
  })
})

describe('no recording holds a secret', () => {
  const SECRET_NAME = /authorization|customer-key|security-token|signature|credential/i
  const SECRET_FIELD = /^(?:Plaintext|PrivateKeyPlaintext)$/
  const SECRET_ELEMENT =
    /<(CanonicalRequest|StringToSign|SignatureProvided|AWSAccessKeyId)>([^<]*)</g

  /** Every secret-looking value a recording holds that is not masked. */
  function unmasked(recording: Recording): string[] {
    const found: string[] = []
    const isMasked = (v: unknown) => typeof v === 'string' && /^<masked(?:: \d+ bytes)?>$/.test(v)
    const walkJson = (value: unknown, where: string): void => {
      if (Array.isArray(value))
        value.forEach((v, i) => {
          walkJson(v, `${where}[${i}]`)
        })
      else if (typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value)) {
          if (SECRET_FIELD.test(k) && !isMasked(v)) found.push(`${where}.${k}`)
          walkJson(v, `${where}.${k}`)
        }
      }
    }
    recording.exchanges.forEach(({ request, response }, i) => {
      const where = `exchange ${i + 1}`
      for (const [name, value] of [
        ...Object.entries(request.headers),
        ...Object.entries(response.headers),
      ]) {
        if (SECRET_NAME.test(name) && !isMasked(value)) found.push(`${where} header ${name}`)
      }
      for (const [name, value] of Object.entries(request.query)) {
        if (SECRET_NAME.test(name) && !isMasked(value)) found.push(`${where} query ${name}`)
      }
      for (const body of [request.body, response.body]) {
        if (body === undefined) continue
        if ('json' in body) walkJson(body.json, `${where} body`)
        if ('text' in body) {
          for (const [, element, text] of body.text.matchAll(SECRET_ELEMENT)) {
            if (text !== '&lt;masked&gt;') found.push(`${where} <${element}>`)
          }
        }
      }
    })
    const text = JSON.stringify(recording)
    if (/AWS4-HMAC-SHA256 Credential=|Signature=[0-9a-f]{64}/.test(text))
      found.push('an Authorization value')
    return found
  }

  test('the recordings just written', () => {
    const files = recordingFiles(path.join(recorded, 'server'))
    // They did carry secrets on the wire: SSE-C keys and signatures were sent.
    const texts = files.map((f) => readFileSync(f, 'utf8'))
    expect(
      texts.some((t) =>
        t.includes('"x-amz-server-side-encryption-customer-key": "<masked: 32 bytes>"'),
      ),
    ).toBe(true)
    expect(texts.some((t) => t.includes('"Plaintext": "<masked: 32 bytes>"'))).toBe(true)
    for (const file of files) {
      expect(unmasked(parseRecording(readFileSync(file, 'utf8'), file)), file).toEqual([])
    }
  })

  test('the committed recordings (fixtures/recordings)', () => {
    const base = path.join(root, 'fixtures/recordings')
    const files = readdirSync(base).flatMap((target) => recordingFiles(path.join(base, target)))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      expect(unmasked(parseRecording(readFileSync(file, 'utf8'), file)), file).toEqual([])
    }
  })
})
