import {
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMockAws, ManualClock, type MockAws } from '../../src/index.js'
import { testCredentials } from '../support/kms.js'
import { expectUnchanged } from '../support/unchanged.js'
import { answerOf, kmsHeaders, signed } from './support.js'

const KMS = 'https://kms.us-east-1.amazonaws.com/'
const MINUTE = 60_000
const clock = new ManualClock()
let world: MockAws
let kms: KMSClient
let s3: S3Client

beforeEach(() => {
  clock.set(Date.now())
  world = createMockAws({ credentials: testCredentials, clock })
  const common = {
    region: 'us-east-1',
    credentials: testCredentials,
    requestHandler: world.requestHandler,
    maxAttempts: 1,
  }
  kms = new KMSClient(common)
  s3 = new S3Client(common)
})

async function keyId(): Promise<string> {
  return (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!
}

describe('KMS requests are bound to their body (issue #14 item 2)', () => {
  const schedule = (keyId: string) => JSON.stringify({ KeyId: keyId, PendingWindowInDays: 7 })

  it.each([
    ['without x-amz-content-sha256 (boto3, the AWS CLI)', false],
    ['with a signed x-amz-content-sha256 naming the original body', true],
  ])('a signed ScheduleKeyDeletion re-pointed at another key is refused, %s', async (_, sha) => {
    const [a, b] = [await keyId(), await keyId()]
    const call = await signed({
      url: KMS,
      method: 'POST',
      service: 'kms',
      headers: kmsHeaders('ScheduleKeyDeletion'),
      body: schedule(a),
      contentSha256: sha,
    })
    const swapped = new Request(KMS, { ...call.init, body: schedule(b) })
    const answer = await expectUnchanged(world, async () => answerOf(await world.handle(swapped)))
    expect([answer.status, answer.code]).toEqual([400, 'InvalidSignatureException'])
    const state = await kms.send(new DescribeKeyCommand({ KeyId: b }))
    expect(state.KeyMetadata?.KeyState).toBe('Enabled')

    const honest = await world.handle(new Request(KMS, call.init))
    expect(honest.status).toBe(200)
    expect((await kms.send(new DescribeKeyCommand({ KeyId: a }))).KeyMetadata?.KeyState).toBe(
      'PendingDeletion',
    )
  })

  it('the JS SDK signs the body it sends, and gets in', async () => {
    const id = await keyId()
    const out = await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }),
    )
    expect(out.KeyState).toBe('PendingDeletion')
  })
})

describe('clock checks against the world clock, strict mode (issue #14 item 3)', () => {
  it('S3: a signature more than 15 minutes off is RequestTimeTooSkewed; 14 minutes is fine', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'clock-bucket' }))
    const now = clock.now()
    const late = await signed({
      url: 'https://clock-bucket.s3.us-east-1.amazonaws.com/',
      service: 's3',
      signingDate: new Date(now.getTime() - 16 * MINUTE),
    })
    const answer = await answerOf(await world.handle(new Request(late.url, late.init)))
    expect([answer.status, answer.code, answer.message]).toEqual([
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
    ])
    const signedAt = (late.init.headers as Record<string, string>)['x-amz-date']!
    expect(answer.text).toContain(`<RequestTime>${signedAt}</RequestTime>`)
    expect(answer.text).toContain(
      `<ServerTime>${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}</ServerTime>`,
    )
    expect(answer.text).toContain('<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>')

    for (const offset of [-14 * MINUTE, 14 * MINUTE]) {
      const ok = await signed({
        url: 'https://clock-bucket.s3.us-east-1.amazonaws.com/',
        service: 's3',
        signingDate: new Date(now.getTime() + offset),
      })
      expect((await world.handle(new Request(ok.url, ok.init))).status).toBe(200)
    }
  })

  it('S3: moving the world clock makes the SDK’s fresh signature stale', async () => {
    clock.advance(20 * MINUTE)
    const error = await s3
      .send(new CreateBucketCommand({ Bucket: 'later' }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      name: 'RequestTimeTooSkewed',
      $metadata: { httpStatusCode: 403 },
    })
    expect(world.s3.buckets()).toEqual([])
  })

  it('KMS: 5 minutes either way, with KMS’s own messages', async () => {
    const now = clock.now().getTime()
    const long = (ms: number) =>
      new Date(ms)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')
    const at = async (offset: number) => {
      const call = await signed({
        url: KMS,
        method: 'POST',
        service: 'kms',
        headers: kmsHeaders('CreateKey'),
        body: '{}',
        signingDate: new Date(now + offset),
      })
      return expectUnchanged(world, async () =>
        answerOf(await world.handle(new Request(KMS, call.init))),
      )
    }
    const past = await at(-6 * MINUTE)
    expect([past.status, past.code, past.message]).toEqual([
      400,
      'InvalidSignatureException',
      `Signature expired: ${long(now - 6 * MINUTE)} is now earlier than ${long(now - 5 * MINUTE)} (${long(now)} - 5 min.)`,
    ])
    const future = await at(6 * MINUTE)
    expect([future.status, future.code, future.message]).toEqual([
      400,
      'InvalidSignatureException',
      `Signature not yet current: ${long(now + 6 * MINUTE)} is still later than ${long(now + 5 * MINUTE)} (${long(now)} + 5 min.)`,
    ])
    const call = await signed({
      url: KMS,
      method: 'POST',
      service: 'kms',
      headers: kmsHeaders('CreateKey'),
      body: '{}',
      signingDate: new Date(now - 4 * MINUTE),
    })
    expect((await world.handle(new Request(KMS, call.init))).status).toBe(200)
  })

  describe('presigned URLs', () => {
    beforeEach(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'shared' }))
    })
    const presign = (signingDate: Date, expiresIn = 60) =>
      getSignedUrl(s3, new GetObjectCommand({ Bucket: 'shared', Key: 'k' }), {
        expiresIn,
        signingDate,
      })

    it('one dated in the future is "Request is not yet valid"', async () => {
      const signedAt = new Date(Math.floor(clock.now().getTime() / 1000) * 1000 + 60 * MINUTE)
      const answer = await answerOf(await world.handle(new Request(await presign(signedAt))))
      expect([answer.status, answer.code, answer.message]).toEqual([
        403,
        'AccessDenied',
        'Request is not yet valid',
      ])
      expect(answer.text).toContain(`<X-Amz-Date>${signedAt.getTime()}</X-Amz-Date>`)
    })

    it('X-Amz-Expires above a week is AuthorizationQueryParametersError; 0 has expired', async () => {
      const url = new URL(await presign(clock.now()))
      url.searchParams.set('X-Amz-Expires', '604801')
      const tooLong = await answerOf(await world.handle(new Request(url)))
      expect([tooLong.code, tooLong.message]).toEqual([
        'AuthorizationQueryParametersError',
        'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
      ])
      url.searchParams.set('X-Amz-Expires', '0')
      const zero = await answerOf(await world.handle(new Request(url)))
      expect([zero.status, zero.code, zero.message]).toEqual([
        403,
        'AccessDenied',
        'Request has expired',
      ])
    })
  })
})
