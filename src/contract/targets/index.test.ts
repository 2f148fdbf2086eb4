import { describe, expect, test } from 'vitest'
import { ALL_CAPABILITIES, type Capability } from '../define.js'
import { awsCapabilities, parseAwsConfig } from './aws.js'
import { endpointCapabilities, parseEndpointConfig } from './endpoint.js'
import { isTargetName, TARGET_NAMES, targetByName } from './index.js'
import { LOCALSTACK_CAPABILITIES, LOCALSTACK_LACKING } from './localstack.js'
import { MINIO_CAPABILITIES, MINIO_LACKING } from './minio.js'

/**
 * `targetByName` is what the CLI and a user's own suite call: every name gives its target without
 * starting anything, and a misspelt name says which names exist.
 */
describe('targetByName', () => {
  test.each(TARGET_NAMES)('%s: the target of that name, nothing started', (name) => {
    const target = targetByName(name, {})
    expect(target.name).toBe(name)
    expect(typeof target.unavailable).toBe('function')
    expect(typeof target.start).toBe('function')
  })

  test('an unknown name is a TypeError listing the valid ones', () => {
    expect(() => targetByName('localstak', {})).toThrow(
      new TypeError(
        'Unknown contract target "localstak": use one of in-process, server, localstack, minio, endpoint, aws',
      ),
    )
    expect(isTargetName('localstak')).toBe(false)
    expect(isTargetName('aws')).toBe(true)
  })

  test('the environment passed in is the one read (not process.env)', async () => {
    const env = {
      S3_KMS_MOCK_CONTRACT_ENDPOINT: 'http://127.0.0.1:9',
      S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY: 'secret',
      S3_KMS_MOCK_CONTRACT_BUCKET: 'shared-bucket',
    }
    await expect(targetByName('endpoint', env).unavailable()).resolves.toBeUndefined()
    await expect(targetByName('endpoint', {}).unavailable()).resolves.toBe(
      'set S3_KMS_MOCK_CONTRACT_ENDPOINT to the S3 endpoint URL',
    )
    await expect(targetByName('aws', {}).unavailable()).resolves.toMatch(
      /^set S3_KMS_MOCK_CONTRACT_BUCKET .*AWS_REGION .*S3_KMS_MOCK_CONTRACT_KMS_KEY_ID/,
    )
  })
})

/**
 * A skipped scenario must say why in the target's own words: every capability a target does not
 * offer has a reason of its own (never the generic fallback), and none is both offered and lacking.
 */
describe('declared capabilities', () => {
  function expectEveryCapabilityAccountedFor(
    offered: readonly Capability[],
    lacking: Partial<Record<Capability, string>>,
  ): void {
    for (const capability of ALL_CAPABILITIES) {
      const reason = lacking[capability]
      if (offered.includes(capability)) expect(reason, capability).toBeUndefined()
      else expect(reason, capability).toMatch(/\w/)
    }
  }

  test('MinIO: no KMS at all, no SSE-C over its plain http, policies not applied to its root user', () => {
    expectEveryCapabilityAccountedFor(MINIO_CAPABILITIES, MINIO_LACKING)
    expect(MINIO_CAPABILITIES).toEqual(['http', 'create-bucket', 'bucket-encryption', 'presign'])
    expect(MINIO_LACKING.kms).toBe(
      'MinIO has no KMS API (its SSE-KMS goes through a separate KES server)',
    )
    expect(MINIO_LACKING['sse-c']).toContain('only over TLS')
    expect(MINIO_LACKING['bucket-policy']).toContain('root user')
  })

  test('LocalStack: KMS and SSE-KMS yes; https and enforced bucket policies no', () => {
    expectEveryCapabilityAccountedFor(LOCALSTACK_CAPABILITIES, LOCALSTACK_LACKING)
    expect(LOCALSTACK_CAPABILITIES).toEqual(
      expect.arrayContaining(['kms', 'kms-create-keys', 'kms-aliases', 'sse-kms', 'create-bucket']),
    )
    expect(LOCALSTACK_LACKING['bucket-policy']).toContain('ENFORCE_IAM=1')
  })

  test('aws and endpoint: every capability offered or explained, whatever the flags', () => {
    for (const flags of [{}, { S3_KMS_MOCK_CONTRACT_CREATE_BUCKETS: '1' }]) {
      for (const keys of [
        { S3_KMS_MOCK_CONTRACT_KMS_KEY_ID: 'alias/contract' },
        { S3_KMS_MOCK_CONTRACT_CREATE_KMS_KEYS: '1' },
      ]) {
        const aws = parseAwsConfig({
          AWS_REGION: 'eu-west-1',
          S3_KMS_MOCK_CONTRACT_BUCKET: 'contract-bucket',
          ...flags,
          ...keys,
        })
        if (!aws.ok) throw new Error(aws.reason)
        const a = awsCapabilities(aws.config)
        expectEveryCapabilityAccountedFor(a.capabilities, a.lacking)

        for (const kms of [{}, { S3_KMS_MOCK_CONTRACT_KMS_ENDPOINT: 'https://kms.example.test' }]) {
          const endpoint = parseEndpointConfig({
            S3_KMS_MOCK_CONTRACT_ENDPOINT: 'https://s3.example.test',
            S3_KMS_MOCK_CONTRACT_ACCESS_KEY_ID: 'AKIDEXAMPLE',
            S3_KMS_MOCK_CONTRACT_SECRET_ACCESS_KEY: 'secret',
            S3_KMS_MOCK_CONTRACT_BUCKET: 'contract-bucket',
            ...flags,
            ...keys,
            ...kms,
          })
          if (!endpoint.ok) throw new Error(endpoint.reason)
          const e = endpointCapabilities(endpoint.config)
          expectEveryCapabilityAccountedFor(e.capabilities, e.lacking)
        }
      }
    }
  })
})
