import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { describe, expect, it } from 'vitest'
import { createMockAws, ManualClock, UsageError } from '../../../src/index.js'
import { errorOf, kmsClient, testCredentials, useMockAws } from '../../support/kms.js'
import { listenMsw } from '../../support/msw.js'

const aws = useMockAws({ endpoints: ['http://localhost:4566'] })

describe('addressing', () => {
  it('keeps a keystore per region, as AWS does', async () => {
    const east = kmsClient('us-east-1')
    const west = kmsClient('eu-west-1')
    const { KeyMetadata } = await west.send(new CreateKeyCommand({}))
    expect(KeyMetadata!.Arn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//)
    const { Keys } = await east.send(new ListKeysCommand({}))
    expect(Keys).toEqual([])
    const err = await errorOf(east.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId! })))
    expect(err.name).toBe('NotFoundException')
    expect(err.message).toBe(
      `Key 'arn:aws:kms:us-east-1:123456789012:key/${KeyMetadata!.KeyId!}' does not exist`,
    )
    expect(aws.kms.keys('eu-west-1').map((k) => k.KeyId)).toEqual([KeyMetadata!.KeyId])
  })

  it('answers the FIPS endpoint (kms-fips.<region>.amazonaws.com) from the same keystore', async () => {
    const fips = kmsClient('us-east-1', { useFipsEndpoint: true })
    const { KeyMetadata } = await fips.send(new CreateKeyCommand({}))
    const { KeyMetadata: seen } = await kmsClient('us-east-1').send(
      new DescribeKeyCommand({ KeyId: KeyMetadata!.Arn! }),
    )
    expect(seen!.KeyId).toBe(KeyMetadata!.KeyId)
  })

  it('answers a custom endpoint from options.endpoints, taking the region from the signature', async () => {
    const local = kmsClient('ap-southeast-2', { endpoint: 'http://localhost:4566' })
    const { KeyMetadata } = await local.send(new CreateKeyCommand({}))
    expect(KeyMetadata!.Arn).toMatch(/^arn:aws:kms:ap-southeast-2:/)
  })

  it('owns only AWS S3/KMS hosts and the configured endpoints', () => {
    expect(aws.owns('https://kms.eu-central-1.amazonaws.com/')).toBe(true)
    expect(aws.owns('https://kms-fips.us-west-2.amazonaws.com/')).toBe(true)
    expect(aws.owns('https://bucket.s3.eu-west-1.amazonaws.com/key')).toBe(true)
    expect(aws.owns('http://localhost:4566/')).toBe(true)
    expect(aws.owns('http://bucket.localhost:4566/key')).toBe(true)
    expect(aws.owns('http://localhost:9999/')).toBe(false)
    expect(aws.owns('https://dynamodb.us-east-1.amazonaws.com/')).toBe(false)
    expect(aws.owns('https://example.com/')).toBe(false)
  })
})

describe('handlers in your own MSW server', () => {
  it('work next to your handlers for other hosts', async () => {
    const world = createMockAws()
    const server = setupServer(
      ...world.handlers,
      http.get('https://api.example.com/ping', () => HttpResponse.json({ pong: true })),
    )
    aws.close()
    listenMsw(server, 'error')
    try {
      const kms = kmsClient()
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
      expect(world.kms.keys().map((k) => k.KeyId)).toEqual([KeyMetadata!.KeyId])
      const ping = (await (await fetch('https://api.example.com/ping')).json()) as { pong: boolean }
      expect(ping.pong).toBe(true)
    } finally {
      server.close()
      aws.listen({ onUnhandledRequest: 'error' })
    }
  })
})

describe('faults', () => {
  it('injects a KMS error once, records it, then lets calls through', async () => {
    const kms = kmsClient()
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const fault = aws.faults.inject({
      service: 'kms',
      operation: 'Encrypt',
      error: 'ThrottlingException',
      times: 1,
    })
    const err = await errorOf(
      kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from('x') })),
    )
    expect(err.name).toBe('ThrottlingException')
    expect(fault.hits).toBe(1)
    await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from('x') }))
    const events = aws.audit.events({ eventName: 'Encrypt' })
    expect(events.map((e) => [e.errorCode, e.injectedFault?.error])).toEqual([
      ['ThrottlingException', 'ThrottlingException'],
      [undefined, undefined],
    ])
  })

  it('answers server faults with 5xx so the SDK treats them as retryable', async () => {
    aws.faults.inject({ service: 'kms', error: 'KMSInternalException' })
    const err = await errorOf(kmsClient().send(new CreateKeyCommand({})))
    expect(err.name).toBe('KMSInternalException')
    expect(err.$metadata.httpStatusCode).toBe(500)
    expect(err.$fault).toBe('server')
  })

  it('refuses rules that cannot work, with a UsageError', () => {
    expect(() => aws.faults.inject({ service: 'kms', error: 'NoSuchThing' })).toThrow(UsageError)
    expect(() => aws.faults.inject({ service: 'kms' })).toThrow(/neither `error` nor `latencyMs`/)
    expect(() => aws.faults.inject({ service: 'kms', latencyMs: 1, probability: 2 })).toThrow(
      /between 0 and 1/,
    )
  })
})

describe('reset', () => {
  it('empties keys, audit log and faults', async () => {
    const kms = kmsClient()
    await kms.send(new CreateKeyCommand({}))
    aws.faults.inject({ service: 'kms', operation: 'Decrypt', error: 'ThrottlingException' })
    aws.reset()
    expect(aws.kms.keys()).toEqual([])
    expect(aws.audit.events()).toEqual([])
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from('x') }),
    )
    await kms.send(new DecryptCommand({ CiphertextBlob }))
  })
})

describe('options', () => {
  it('refuses bad options with a UsageError that says what to do', () => {
    expect(() => createMockAws({ region: 'mars' })).toThrow(
      "Failed to create the mock: region 'mars' is not an AWS region name. Use a name such as 'eu-west-1'.",
    )
    expect(() => createMockAws({ accountId: '42' })).toThrow(UsageError)
    expect(() => createMockAws({ endpoints: ['not a url'] })).toThrow(/is not a URL/)
  })

  it('uses the injected clock for key dates', async () => {
    const clock = new ManualClock('2030-01-02T03:04:05Z')
    const world = createMockAws({ clock })
    const server = setupServer(...world.handlers)
    aws.close()
    listenMsw(server, 'error')
    try {
      const { KeyMetadata } = await new KMSClient({
        region: 'us-east-1',
        credentials: testCredentials,
      }).send(new CreateKeyCommand({}))
      expect(KeyMetadata!.CreationDate!.toISOString()).toBe('2030-01-02T03:04:05.000Z')
      expect(world.audit.events()[0]!.eventTime).toBe('2030-01-02T03:04:05.000Z')
    } finally {
      server.close()
      aws.listen({ onUnhandledRequest: 'error' })
    }
  })
})

describe('secrets', () => {
  it('never lets a data key or plaintext reach the audit log or an error', async () => {
    const kms = kmsClient()
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const dataKey = await kms.send(
      new GenerateDataKeyCommand({ KeyId: KeyMetadata!.KeyId!, KeySpec: 'AES_256' }),
    )
    const secretPlaintext = Buffer.from('top secret payload 1234567890')
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: secretPlaintext }),
    )
    const err = await errorOf(
      kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { wrong: 'ctx' } })),
    )
    const haystack =
      JSON.stringify(aws.audit.events()) + err.message + JSON.stringify(aws.kms.keys())
    for (const secret of [Buffer.from(dataKey.Plaintext!), secretPlaintext]) {
      expect(haystack).not.toContain(secret.toString('base64'))
      expect(haystack).not.toContain(secret.toString('hex'))
    }
    expect(haystack).not.toContain('top secret payload')
  })
})
