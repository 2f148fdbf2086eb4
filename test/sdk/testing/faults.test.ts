import { CreateKeyCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe } from 'vitest'
import type { MockAws } from '../../../src/index.js'
import { s3FaultErrors } from '../../../src/s3/fault-errors.js'
import { expect, test as base } from '../../../src/vitest.js'
import { errorOf, testCredentials } from '../../support/kms.js'

/**
 * world.faults (SPEC §6): KMS throttling, KMS unavailable as seen through S3, slow KMS; one-shot,
 * N times and with a probability; every injected fault visible in the audit log.
 */
const test = base.extend({ awsOptions: { seed: 'faults' } })
const s3 = new S3Client({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })
const kms = new KMSClient({ region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 })

const put = (key: string) =>
  s3.send(
    new PutObjectCommand({
      Bucket: 'docs',
      Key: key,
      Body: 'secret',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/docs',
    }),
  )

async function docsWorld(aws: MockAws): Promise<void> {
  await aws.load({ keys: [{ aliases: ['alias/docs'] }], buckets: [{ name: 'docs' }] })
}

describe('KMS faults as S3 sees them', () => {
  test('throttled GenerateDataKey: PutObject fails once with KMS.ThrottlingException', async ({
    aws,
  }) => {
    await docsWorld(aws)
    const fault = aws.faults.inject({
      service: 'kms',
      operation: 'GenerateDataKey',
      error: 'ThrottlingException',
      times: 1,
    })
    const error = await errorOf(put('a.txt'))
    expect(error.name).toBe('KMS.ThrottlingException')
    expect(error.$metadata.httpStatusCode).toBe(503)
    await put('a.txt') // one-shot: the retry goes through
    expect(fault.hits).toBe(1)
    expect(aws.s3.object('docs', 'a.txt')).toBeEncryptedWithKms({ keyId: 'alias/docs' })

    const [faulted] = aws.audit.events({
      eventName: 'GenerateDataKey',
      errorCode: 'ThrottlingException',
    })
    expect(faulted).toMatchObject({
      injectedFault: { error: 'ThrottlingException' },
      userIdentity: { invokedBy: 's3.amazonaws.com' },
    })
    expect(aws.audit.events({ eventName: 'PutObject' }).map((e) => e.errorCode)).toEqual([
      'KMS.ThrottlingException',
      undefined,
    ])
  })

  test('KMS unavailable for S3 only: GetObject answers 500 KMS.KMSInternalException', async ({
    aws,
  }) => {
    await docsWorld(aws)
    await put('a.txt')
    aws.faults.inject({
      service: 'kms',
      invokedBy: 's3.amazonaws.com',
      error: 'KMSInternalException',
    })
    const error = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'docs', Key: 'a.txt' })))
    expect(error.name).toBe('KMS.KMSInternalException')
    expect(error.$metadata.httpStatusCode).toBe(500)
    expect(error.$fault).toBe('server')
    // The user's own KMS calls are not S3's: they still work.
    await kms.send(new CreateKeyCommand({}))
    // S3 did call KMS for the object; the call failed, so nothing was decrypted.
    expect(aws.s3.object('docs', 'a.txt')).toHaveKmsCall('Decrypt')
    expect(aws.s3.object('docs', 'a.txt')).not.toHaveBeenDecryptedBy('alias/docs')
  })

  test('N times, then the rule is spent; remove() stops a rule early', async ({ aws }) => {
    await docsWorld(aws)
    const fault = aws.faults.inject({
      service: 'kms',
      operation: 'GenerateDataKey',
      error: 'KeyUnavailableException',
      times: 2,
    })
    const outcomes: string[] = []
    for (const key of ['1', '2', '3']) {
      outcomes.push(
        await put(key).then(
          () => 'ok',
          (e: unknown) => (e as Error).name,
        ),
      )
    }
    expect(outcomes).toEqual(['KMS.KeyUnavailableException', 'KMS.KeyUnavailableException', 'ok'])
    expect(fault.hits).toBe(2)

    const forever = aws.faults.inject({ service: 's3', operation: 'PutObject', latencyMs: 1 })
    await put('4')
    forever.remove()
    await put('5')
    expect(forever.hits).toBe(1)
  })

  test('a probability draws from the world’s random source: seeded, the same every run', async ({
    aws,
  }) => {
    await docsWorld(aws)
    aws.faults.inject({
      service: 'kms',
      operation: 'GenerateDataKey',
      error: 'ThrottlingException',
      probability: 0.5,
    })
    const pattern: string[] = []
    for (let i = 0; i < 12; i++) {
      pattern.push(
        await kms
          .send(new GenerateDataKeyCommand({ KeyId: 'alias/docs', KeySpec: 'AES_256' }))
          .then(
            () => '.',
            () => 'x',
          ),
      )
    }
    // Both outcomes occur, and the seed fixes which call gets which.
    expect(pattern.join('')).toMatch(/x/)
    expect(pattern.join('')).toMatch(/\./)
    expect(pattern.join('')).toMatchInlineSnapshot(`"xx.x....xx.."`)
  })

  test('slow KMS: latency delays the call, and the audit event says so', async ({ aws }) => {
    await docsWorld(aws)
    aws.faults.inject({ service: 'kms', operation: 'GenerateDataKey', latencyMs: 25 })
    await put('slow.txt')
    const [event] = aws.audit.events({ eventName: 'GenerateDataKey' })
    expect(event?.injectedFault).toEqual({ latencyMs: 25 })
    expect(event?.errorCode).toBeUndefined()
  })
})

describe("S3's own faults (SPEC §6)", () => {
  const plainPut = (client: S3Client, key: string, Bucket = 'docs') =>
    client.send(new PutObjectCommand({ Bucket, Key: key, Body: 'x' }))

  test('SlowDown, InternalError, ServiceUnavailable, RequestTimeout: S3 status, code and fault', async ({
    aws,
  }) => {
    await docsWorld(aws)
    for (const [code, status, fault] of [
      ['SlowDown', 503, 'server'],
      ['InternalError', 500, 'server'],
      ['ServiceUnavailable', 503, 'server'],
      ['RequestTimeout', 400, 'client'],
    ] as const) {
      const rule = aws.faults.inject({ service: 's3', operation: 'PutObject', error: code })
      const error = await errorOf(plainPut(s3, 'a.txt'))
      expect([error.name, error.$metadata.httpStatusCode, error.$fault]).toEqual([
        code,
        status,
        fault,
      ])
      expect(aws.audit.events({ eventName: 'PutObject' }).at(-1)).toMatchObject({
        errorCode: code,
        injectedFault: { error: code },
      })
      rule.remove()
    }
    expect(aws.s3.object('docs', 'a.txt').exists()).toBe(false)
  })

  test('every S3 error code the mock knows can be injected, with its status', async ({ aws }) => {
    await docsWorld(aws)
    const get = (Key: string) => s3.send(new GetObjectCommand({ Bucket: 'docs', Key }))
    await plainPut(s3, 'a.txt')
    for (const [code, status] of Object.entries(S3_CODES)) {
      const rule = aws.faults.inject({ service: 's3', operation: 'GetObject', error: code })
      const error = await errorOf(get('a.txt'))
      // A 304 has no body to name the code: the SDK reports the status only.
      expect(status === 304 ? error.$metadata.httpStatusCode : error.name, code).toBe(
        status === 304 ? 304 : code,
      )
      expect(error.$metadata.httpStatusCode, code).toBe(status)
      rule.remove()
    }
    expect(() => aws.faults.inject({ service: 's3', error: 'NoSuchThing' })).toThrow(
      "'NoSuchThing' is not an error code this mock knows for s3",
    )
    expect(() => aws.faults.inject({ service: 's3', error: 'toString' })).toThrow('toString')
  })

  test('rules match by bucket and key prefix; the SDK retries SlowDown and the third attempt succeeds', async ({
    aws,
  }) => {
    await aws.load({ buckets: [{ name: 'docs' }, { name: 'other' }] })
    // The SDK's default retry strategy: three attempts in all.
    const retrying = new S3Client({ region: 'us-east-1', credentials: testCredentials })
    const rule = aws.faults.inject({
      service: 's3',
      bucket: 'docs',
      keyPrefix: 'invoices/',
      error: 'SlowDown',
      times: 2,
    })
    await plainPut(retrying, 'reports/1.pdf') // another prefix: not faulted
    await plainPut(retrying, 'invoices/1.pdf', 'other') // another bucket: not faulted
    expect(rule.hits).toBe(0)
    const put = await plainPut(retrying, 'invoices/1.pdf')
    expect(put.$metadata.attempts).toBe(3)
    expect(rule.hits).toBe(2)
    // The two unfaulted puts, then the three attempts of the faulted one.
    const attempts = aws.audit.events({ eventName: 'PutObject' }).slice(2)
    expect(attempts.map((e) => e.errorCode)).toEqual(['SlowDown', 'SlowDown', undefined])
    expect(aws.s3.object('docs', 'invoices/1.pdf').exists()).toBe(true)
  })
})

/** Every S3 error code the mock knows, with its status (fault-errors.test.ts: all of errors.ts). */
const S3_CODES: Record<string, number> = Object.fromEntries(
  Object.entries(s3FaultErrors).map(([code, make]) => [code, make({}).status]),
)
