import { CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms'
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMockAws, ManualClock, type MockAws } from '../../src/index.js'
import { testCredentials } from '../support/kms.js'
import { expectUnchanged } from '../support/unchanged.js'
import { answerOf, kmsHeaders, s3On, signed } from './support.js'

const S3_OBJECT = 'https://vault.s3.us-east-1.amazonaws.com/secret.txt'
const KMS = 'https://kms.us-east-1.amazonaws.com/'
const SCOPE = `${testCredentials.accessKeyId}/20260601/us-east-1`
const V4_PARTS = (service: string) =>
  `Credential=${SCOPE}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`
const SIGV2_REFUSED =
  'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.'

interface Row {
  readonly name: string
  readonly authorization?: (service: string) => string
  readonly query?: string
}

/** Everything that once got in as the account root (issue #14 item 1), and a plain anonymous call. */
const FORGERIES: readonly Row[] = [
  { name: 'algorithm with a suffix', authorization: (s) => `AWS4-HMAC-SHA256x ${V4_PARTS(s)}` },
  { name: 'bare algorithm name', authorization: () => 'AWS4-HMAC-SHA256' },
  { name: 'SigV2 header', authorization: () => `AWS ${testCredentials.accessKeyId}:c2lnbmF0dXJl` },
  { name: 'another scheme', authorization: () => 'Bearer eyJhbGciOiJub25lIn0.e30.' },
  {
    name: 'SigV2 query',
    query: `?AWSAccessKeyId=${testCredentials.accessKeyId}&Signature=c2ln&Expires=4102444800`,
  },
  { name: 'no signature at all' },
]

/** What S3 answers each row with, in strict mode; the codes are AWS's (docs/fidelity.md). */
const S3_STRICT: Record<string, [number, string, string]> = {
  'algorithm with a suffix': [400, 'InvalidArgument', 'Unsupported Authorization Type'],
  'bare algorithm name': [
    400,
    'AuthorizationHeaderMalformed',
    'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
  ],
  'SigV2 header': [400, 'InvalidRequest', SIGV2_REFUSED],
  'another scheme': [400, 'InvalidArgument', 'Unsupported Authorization Type'],
  'SigV2 query': [400, 'InvalidRequest', SIGV2_REFUSED],
  'no signature at all': [403, 'AccessDenied', 'Access Denied'],
}

const ALL_PARTS_MISSING =
  "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
const KMS_STRICT: Record<string, [number, string, string]> = {
  'algorithm with a suffix': [
    400,
    'IncompleteSignatureException',
    `${ALL_PARTS_MISSING} Authorization=AWS4-HMAC-SHA256x ${V4_PARTS('kms')}`,
  ],
  'bare algorithm name': [
    400,
    'IncompleteSignatureException',
    `${ALL_PARTS_MISSING} Authorization=AWS4-HMAC-SHA256`,
  ],
  'SigV2 header': [
    400,
    'IncompleteSignatureException',
    `${ALL_PARTS_MISSING} Authorization=AWS ${testCredentials.accessKeyId}:c2lnbmF0dXJl`,
  ],
  'another scheme': [
    400,
    'IncompleteSignatureException',
    `${ALL_PARTS_MISSING} Authorization=Bearer eyJhbGciOiJub25lIn0.e30.`,
  ],
  'SigV2 query': [400, 'MissingAuthenticationTokenException', 'Missing Authentication Token'],
  'no signature at all': [
    400,
    'MissingAuthenticationTokenException',
    'Missing Authentication Token',
  ],
}

function forged(row: Row, url: string, init: RequestInit, service: string): Request {
  const headers = new Headers(init.headers)
  headers.set('x-amz-date', '20260601T120000Z')
  if (row.authorization !== undefined) headers.set('authorization', row.authorization(service))
  return new Request(`${url}${row.query ?? ''}`, { ...init, headers })
}

async function seeded(world: MockAws): Promise<void> {
  const s3 = s3On(world)
  await s3.send(new CreateBucketCommand({ Bucket: 'vault' }))
  await s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'secret.txt', Body: 'keep me' }))
}

describe('strict mode (credentials set): only a verified SigV4 signature gets in', () => {
  const clock = new ManualClock('2026-06-01T12:00:00Z')
  let world: MockAws
  beforeEach(async () => {
    clock.set(Date.now())
    world = createMockAws({ credentials: testCredentials, clock })
    await seeded(world)
    clock.set('2026-06-01T12:00:00Z')
  })

  it.each(FORGERIES)('S3 DELETE with $name is refused and deletes nothing', async (row) => {
    const [status, code, message] = S3_STRICT[row.name]!
    const answer = await expectUnchanged(world, async () =>
      answerOf(await world.handle(forged(row, S3_OBJECT, { method: 'DELETE' }, 's3'))),
    )
    expect([answer.status, answer.code, answer.message]).toEqual([status, code, message])
    expect(world.s3.keys('vault')).toEqual(['secret.txt'])
  })

  it.each(FORGERIES)('KMS CreateKey with $name is refused and creates nothing', async (row) => {
    const [status, code, message] = KMS_STRICT[row.name]!
    const init = { method: 'POST', headers: kmsHeaders('CreateKey'), body: '{}' }
    const answer = await expectUnchanged(world, async () =>
      answerOf(await world.handle(forged(row, KMS, init, 'kms'))),
    )
    expect([answer.status, answer.code, answer.message]).toEqual([status, code, message])
  })

  it('the S3 refusal names the header it did not understand', async () => {
    const row = FORGERIES[0]!
    const answer = await answerOf(await world.handle(forged(row, S3_OBJECT, {}, 's3')))
    expect(answer.text).toContain('<ArgumentName>Authorization</ArgumentName>')
    expect(answer.text).toContain(`<ArgumentValue>AWS4-HMAC-SHA256x Credential=`)
  })

  it('a well-formed SigV4 signature made with the wrong secret is refused by both services', async () => {
    clock.set(Date.now())
    const wrong = { accessKeyId: testCredentials.accessKeyId, secretAccessKey: 'not-the-secret' }
    const s3 = await signed({ url: S3_OBJECT, method: 'DELETE', service: 's3', credentials: wrong })
    const s3Answer = await expectUnchanged(world, async () =>
      answerOf(await world.handle(new Request(s3.url, s3.init))),
    )
    expect([s3Answer.status, s3Answer.code]).toEqual([403, 'SignatureDoesNotMatch'])
    const kms = await signed({
      url: KMS,
      method: 'POST',
      service: 'kms',
      headers: kmsHeaders('CreateKey'),
      body: '{}',
      credentials: wrong,
    })
    const kmsAnswer = await expectUnchanged(world, async () =>
      answerOf(await world.handle(new Request(kms.url, kms.init))),
    )
    expect([kmsAnswer.status, kmsAnswer.code]).toEqual([400, 'InvalidSignatureException'])
  })

  it('the right secret still gets in through the SDK', async () => {
    clock.set(Date.now())
    const kms = new KMSClient({
      region: 'us-east-1',
      credentials: testCredentials,
      requestHandler: world.requestHandler,
      maxAttempts: 1,
    })
    expect((await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Enabled).toBe(true)
    expect((await kms.send(new ListKeysCommand({}))).Keys).toHaveLength(1)
  })
})

describe('default mode (no credentials): signatures are not verified, but their form is', () => {
  let world: MockAws
  beforeEach(async () => {
    world = createMockAws()
    await seeded(world)
  })

  it.each(FORGERIES.filter((r) => !r.name.startsWith('SigV2') && r.name !== 'no signature at all'))(
    'S3 with $name is refused as in strict mode',
    async (row) => {
      const [status, code, message] = S3_STRICT[row.name]!
      const answer = await expectUnchanged(world, async () =>
        answerOf(await world.handle(forged(row, S3_OBJECT, { method: 'DELETE' }, 's3'))),
      )
      expect([answer.status, answer.code, answer.message]).toEqual([status, code, message])
    },
  )

  it('KMS refuses every non-SigV4 form in default mode too (it never accepted SigV2)', async () => {
    for (const row of FORGERIES) {
      const [status, code, message] = KMS_STRICT[row.name]!
      const init = { method: 'POST', headers: kmsHeaders('CreateKey'), body: '{}' }
      const answer = await expectUnchanged(world, async () =>
        answerOf(await world.handle(forged(row, KMS, init, 'kms'))),
      )
      expect([answer.status, answer.code, answer.message]).toEqual([status, code, message])
    }
  })

  it('S3 still accepts SigV2 without verifying it, as before (SPEC §5.5)', async () => {
    const row = FORGERIES[2]!
    const response = await world.handle(forged(row, S3_OBJECT, { method: 'DELETE' }, 's3'))
    expect(response.status).toBe(204)
    expect(world.s3.keys('vault')).toEqual([])
  })

  it('any well-formed SigV4 signature is accepted, whatever the secret', async () => {
    const wrong = { accessKeyId: 'AKIAANYTHING', secretAccessKey: 'anything' }
    const kms = await signed({
      url: KMS,
      method: 'POST',
      service: 'kms',
      headers: kmsHeaders('CreateKey'),
      body: '{}',
      credentials: wrong,
    })
    expect((await world.handle(new Request(kms.url, kms.init))).status).toBe(200)
  })
})
