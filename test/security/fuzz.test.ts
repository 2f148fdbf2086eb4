import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { createMockAws, type MockAws } from '../../src/index.js'
import { stateSnapshot } from '../support/state-snapshot.js'
import { testCredentials } from '../support/kms.js'

/**
 * Property fuzzing of every parser that reads client bytes (issue #14 item 7), through the world's
 * own handler: whatever arrives, the answer is an AWS 4xx (or a success), never a 5xx, a thrown
 * error or a hang, and the world's state is intact afterwards. Runs are bounded so the project
 * stays fast; a failure prints fast-check's seed and shrunk counterexample.
 */

const RUNS = 150
const HANG_MS = 5000
const S3 = 'https://s3.us-east-1.amazonaws.com'
const KMS = 'https://kms.us-east-1.amazonaws.com/'
/** A well-formed SigV4 header: default mode does not verify it, so requests reach the parsers. */
const SIGNED = {
  authorization: `AWS4-HMAC-SHA256 Credential=${testCredentials.accessKeyId}/20260601/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  'x-amz-date': '20260601T120000Z',
  'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
}
const KMS_SIGNED = {
  ...SIGNED,
  authorization: SIGNED.authorization.replace('/s3/', '/kms/'),
  'content-type': 'application/x-amz-json-1.1',
}

let world: MockAws
let strict: MockAws
let keyId: string

async function seed(target: MockAws): Promise<string> {
  const common = {
    region: 'us-east-1',
    credentials: testCredentials,
    requestHandler: target.requestHandler,
    maxAttempts: 1,
  }
  const s3 = new S3Client(common)
  await s3.send(new CreateBucketCommand({ Bucket: 'fuzz' }))
  await s3.send(new PutObjectCommand({ Bucket: 'fuzz', Key: 'seed', Body: 'seed-body' }))
  return (await new KMSClient(common).send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!
}

beforeAll(async () => {
  world = createMockAws({ seed: 'fuzz' })
  keyId = await seed(world)
  strict = createMockAws({ seed: 'fuzz', credentials: testCredentials })
  await seed(strict)
})

/** Answers one request fully (body read), failing on a 5xx, a throw or a hang. */
async function answer(target: MockAws, request: Request): Promise<number> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${HANG_MS} ms`))
    }, HANG_MS)
  })
  try {
    const response = await Promise.race([target.handle(request), hang])
    const body = new TextDecoder().decode(await Promise.race([response.arrayBuffer(), hang]))
    // S3's own NotImplemented (501) is its modeled answer to a request it has no operation for,
    // not a fault; any other 5xx is.
    const notImplemented = response.status === 501 && body.includes('<Code>NotImplemented</Code>')
    if (!notImplemented) {
      expect(response.status, `${request.method} ${request.url}\n${body}`).toBeLessThan(500)
    }
    return response.status
  } finally {
    clearTimeout(timer)
  }
}

/** Runs `property` and checks the world's state is what it was (or, for writes, still readable). */
async function fuzz(
  target: MockAws,
  arbitrary: fc.Arbitrary<Request>,
  options: { unchanged: boolean } = { unchanged: true },
): Promise<void> {
  const before = stateSnapshot(target)
  await fc.assert(
    fc.asyncProperty(arbitrary, async (request) => {
      await answer(target, request)
    }),
    { numRuns: RUNS },
  )
  if (options.unchanged) expect(stateSnapshot(target)).toBe(before)
  const seeded = await target.handle(
    new Request(`${S3}/fuzz/seed`, { headers: target === strict ? {} : SIGNED }),
  )
  if (target !== strict) expect(await seeded.text()).toBe('seed-body')
}

const text = fc.string({ unit: 'binary', maxLength: 300 })
const headerValue = fc
  .string({ unit: 'binary-ascii', maxLength: 200 })
  .map((s) => s.replace(/[\r\n\0]/g, ' ').trim())
const tokens = fc.constantFrom(
  'AWS4-HMAC-SHA256',
  'AWS4-HMAC-SHA256x',
  'AWS',
  'Credential=',
  'SignedHeaders=',
  'Signature=',
  `${testCredentials.accessKeyId}/20260601/us-east-1/s3/aws4_request`,
  'host;x-amz-date',
  ',',
  ' ',
  ':',
  '/',
  '=',
  '0'.repeat(64),
)
/** Authorization headers near the real form: tokens of the grammar, shuffled. */
const authorization = fc.oneof(
  headerValue,
  fc.array(tokens, { maxLength: 12 }).map((t) => t.join('')),
)
const queryParam = fc.constantFrom(
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'AWSAccessKeyId',
  'Signature',
  'Expires',
)
const query = fc
  .array(
    fc.tuple(
      queryParam,
      fc.oneof(
        headerValue,
        fc.constantFrom('AWS4-HMAC-SHA256', '20260601T120000Z', '60', '-1', '604801'),
      ),
    ),
    {
      maxLength: 8,
    },
  )
  .map((pairs) => new URLSearchParams(pairs).toString())

describe('fuzzing the parsers that read client bytes: 0 crashes, 0 × 5xx, 0 hangs', () => {
  it('SigV4 Authorization headers and presigned queries (default mode)', async () => {
    await fuzz(
      world,
      fc.tuple(authorization, query).map(
        ([auth, q]) =>
          new Request(`${S3}/fuzz/seed?${q}`, {
            headers: { authorization: auth, 'x-amz-date': '20260601T120000Z' },
          }),
      ),
    )
  })

  it('strict mode: no fuzzed signature gets in, to S3 or KMS', async () => {
    const before = stateSnapshot(strict)
    await fc.assert(
      fc.asyncProperty(authorization, query, fc.boolean(), async (auth, q, kms) => {
        const request = kms
          ? new Request(`${KMS}?${q}`, {
              method: 'POST',
              headers: {
                ...KMS_SIGNED,
                authorization: auth,
                'x-amz-target': 'TrentService.CreateKey',
              },
              body: '{}',
            })
          : new Request(`${S3}/fuzz/seed?${q}`, {
              method: 'DELETE',
              headers: { ...SIGNED, authorization: auth },
            })
        expect(await answer(strict, request)).toBeGreaterThanOrEqual(400)
      }),
      { numRuns: RUNS },
    )
    expect(stateSnapshot(strict)).toBe(before)
  })

  it('KMS JSON bodies, any bytes and any JSON, to reading operations', async () => {
    const op = fc.constantFrom(
      'Encrypt',
      'Decrypt',
      'DescribeKey',
      'GenerateDataKey',
      'Sign',
      'ListAliases',
    )
    const json = fc.oneof(
      text,
      fc.json({ maxDepth: 3 }),
      fc
        .record(
          {
            KeyId: fc.oneof(fc.constant(keyId), headerValue),
            Plaintext: fc.oneof(fc.base64String({ maxLength: 40 }), headerValue),
            EncryptionContext: fc.dictionary(headerValue, headerValue, { maxKeys: 3 }),
            NumberOfBytes: fc.oneof(fc.integer(), fc.double()),
          },
          { requiredKeys: [] },
        )
        .map((r) => JSON.stringify(r)),
    )
    await fuzz(
      world,
      fc.tuple(op, json).map(
        ([name, body]) =>
          new Request(KMS, {
            method: 'POST',
            headers: { ...KMS_SIGNED, 'x-amz-target': `TrentService.${name}` },
            body,
          }),
      ),
    )
  })

  it('XML bodies of every operation that reads one', async () => {
    const target = fc.constantFrom(
      ['POST', '/fuzz-none?delete'],
      ['PUT', '/fuzz-none?encryption'],
      ['PUT', '/fuzz-none?versioning'],
      // CreateBucket's optional configuration, on a bucket that exists (so nothing is created).
      ['PUT', '/fuzz'],
      ['POST', '/fuzz-none/k?uploadId=nope'],
      ['PUT', '/fuzz-none/k?encryption'],
    )
    const xml = fc.oneof(
      text,
      fc
        .array(
          fc.oneof(
            fc.constantFrom(
              '<Delete>',
              '</Delete>',
              '<Object>',
              '</Object>',
              '<Key>',
              '</Key>',
              '<Part>',
              '<ETag>',
              '<!DOCTYPE x [<!ENTITY a "b">]>',
              '&amp;',
              '&#0;',
              '<?xml version="1.0"?>',
            ),
            headerValue,
          ),
          { maxLength: 20 },
        )
        .map((parts) => parts.join('')),
    )
    await fuzz(
      world,
      fc
        .tuple(target, xml)
        .map(
          ([[method, path], body]) =>
            new Request(`${S3}${path}`, { method, headers: SIGNED, body }),
        ),
    )
  })

  it('aws-chunked framing of object bodies', async () => {
    const chunked = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc
        .array(
          fc.oneof(
            fc.constantFrom(
              '0\r\n',
              '\r\n',
              '5\r\n',
              'ffffffffffffffff\r\n',
              ';chunk-signature=',
              'x-amz-checksum-crc32:AAAAAA==\r\n',
            ),
            headerValue,
          ),
          { maxLength: 12 },
        )
        .map((parts) => new TextEncoder().encode(parts.join(''))),
    )
    const declared = fc.oneof(fc.nat({ max: 300 }).map(String), headerValue)
    await fuzz(
      world,
      fc.tuple(chunked, declared, fc.boolean()).map(
        ([body, length, trailer]) =>
          new Request(`${S3}/fuzz/chunked-${String(body.length)}`, {
            method: 'PUT',
            headers: {
              ...SIGNED,
              'content-encoding': 'aws-chunked',
              'x-amz-content-sha256': trailer
                ? 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'
                : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
              'x-amz-decoded-content-length': length,
              ...(trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {}),
            },
            body,
          }),
      ),
      { unchanged: false },
    )
  })

  it('POST Object forms', async () => {
    const field = fc.tuple(
      fc.constantFrom(
        'key',
        'policy',
        'x-amz-algorithm',
        'x-amz-credential',
        'x-amz-signature',
        'AWSAccessKeyId',
        'signature',
        'file',
        'Content-Type',
      ),
      headerValue,
    )
    const boundary = 'fuzzboundary'
    const form = fc.oneof(
      text.map((t) => ({ body: t, type: `multipart/form-data; boundary=${boundary}` })),
      fc.array(field, { maxLength: 8 }).map((fields) => ({
        body:
          fields
            .map(
              ([name, value]) =>
                `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
            )
            .join('') + `--${boundary}--\r\n`,
        type: `multipart/form-data; boundary=${boundary}`,
      })),
      headerValue.map((type) => ({ body: 'x', type })),
    )
    await fuzz(
      world,
      form.map(
        ({ body, type }) =>
          new Request(`${S3}/fuzz-none`, {
            method: 'POST',
            headers: { 'content-type': type },
            body,
          }),
      ),
    )
  })

  it('Range headers on GET', async () => {
    const range = fc.oneof(
      headerValue,
      fc
        .tuple(
          fc.constantFrom('bytes=', 'bytes =', 'items=', ''),
          fc.array(
            fc.tuple(
              fc.option(fc.integer({ min: -5, max: 2 ** 53 })),
              fc.option(fc.integer({ min: -5, max: 2 ** 53 })),
            ),
            { maxLength: 3 },
          ),
        )
        .map(([unit, parts]) => unit + parts.map(([a, b]) => `${a ?? ''}-${b ?? ''}`).join(',')),
    )
    await fuzz(
      world,
      range.map((r) => new Request(`${S3}/fuzz/seed`, { headers: { ...SIGNED, range: r } })),
    )
  })

  it('copy sources of CopyObject and UploadPartCopy', async () => {
    const source = fc.oneof(
      headerValue,
      fc
        .tuple(
          fc.constantFrom('', '/'),
          fc.constantFrom('fuzz', 'fuzz-none', '', '%'),
          fc.constantFrom('/seed', '/', '', '/%zz', '/seed?versionId=', '/seed?versionId=x'),
        )
        .map((p) => p.join('')),
    )
    const path = fc.constantFrom('/fuzz-none/dest', '/fuzz-none/dest?partNumber=1&uploadId=nope')
    await fuzz(
      world,
      fc.tuple(source, path, headerValue).map(
        ([s, p, range]) =>
          new Request(`${S3}${p}`, {
            method: 'PUT',
            headers: { ...SIGNED, 'x-amz-copy-source': s, 'x-amz-copy-source-range': range },
          }),
      ),
    )
  })
})
