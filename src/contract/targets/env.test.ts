import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parseAwsConfig } from './aws.js'
import { parseEndpointConfig } from './endpoint.js'
import {
  CONTRACT_ENV,
  CONTRACT_ENV_VARIABLES,
  type Env,
  envFlag,
  envUrl,
  formatContractEnvHelp,
} from './env.js'
import { parseLocalStackConfig } from './localstack.js'
import { parseMinioConfig } from './minio.js'

/** An environment that records every variable read from it, with `values` set. */
function recordingEnv(values: Record<string, string>): { env: Env; read: Set<string> } {
  const read = new Set<string>()
  const env = new Proxy(values, {
    get(target, name) {
      if (typeof name === 'string') read.add(name)
      return typeof name === 'string' ? target[name] : undefined
    },
  })
  return { env, read }
}

/**
 * One list of every variable, so `--help` and docs/contract.md cannot forget one: checked against
 * what the parsers actually read.
 */
describe('CONTRACT_ENV_VARIABLES', () => {
  const names = CONTRACT_ENV_VARIABLES.map((v) => v.name)

  test('lists every variable once, each with its targets and a one-line meaning', () => {
    expect(new Set(names).size).toBe(names.length)
    for (const name of Object.values(CONTRACT_ENV)) expect(names).toContain(name)
    for (const v of CONTRACT_ENV_VARIABLES) {
      expect(v.targets.length, v.name).toBeGreaterThan(0)
      expect(v.meaning, v.name).not.toContain('\n')
    }
  })

  test('every variable a parser reads is listed (read through a recording environment)', () => {
    const read = new Set<string>()
    // Unset: each parser reads its fall-backs too (AWS_* after the contract's own variables).
    for (const parse of [parseAwsConfig, parseEndpointConfig, parseLocalStackConfig]) {
      const empty = recordingEnv({})
      parse(empty.env)
      for (const name of empty.read) read.add(name)
    }
    const full = recordingEnv({
      S3_KMS_MOCK_CONTRACT_ENDPOINT: 'https://s3.example.test',
      S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS: '1',
      S3_KMS_MOCK_CONTRACT_BUCKET: 'contract-bucket',
    })
    parseEndpointConfig(full.env)
    parseAwsConfig(full.env)
    parseMinioConfig(full.env)
    for (const name of full.read) read.add(name)
    expect([...read].filter((name) => !names.includes(name))).toEqual([])
    expect(read.size).toBeGreaterThan(10)
  })

  test('docs/contract.md names every variable', () => {
    const docs = readFileSync(new URL('../../../docs/contract.md', import.meta.url), 'utf8')
    expect(names.filter((name) => !docs.includes(`\`${name}\``))).toEqual([])
  })

  test('the --help text has one aligned line per variable', () => {
    const lines = formatContractEnvHelp().split('\n')
    expect(lines).toHaveLength(CONTRACT_ENV_VARIABLES.length)
    expect(lines[0]).toMatch(/^ {2}S3_KMS_MOCK_CONTRACT_ENDPOINT +\[endpoint\] the S3 endpoint URL/)
    const columns = new Set(lines.map((line) => line.indexOf('[')))
    expect(columns.size).toBe(1)
  })
})

describe('flags and URLs name the variable when invalid', () => {
  test.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['0', false],
    ['no', false],
    [' ', false],
  ])('%j → %s', (value, flag) => {
    expect(envFlag({ X: value }, 'X')).toBe(flag)
  })

  test('anything else is an error naming the variable', () => {
    expect(envFlag({ X: 'on' }, 'X')).toEqual({ invalid: 'X must be 1 or 0, not "on"' })
    expect(envUrl({ U: 'file:///etc/passwd' }, 'U')).toEqual({
      invalid: 'U must be an http or https URL, not "file:///etc/passwd"',
    })
    expect(envUrl({}, 'U')).toBeUndefined()
  })
})
