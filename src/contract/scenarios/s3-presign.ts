import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { defineScenario, type Scenario, type ScenarioContext } from '../define.js'
import {
  allowSseC,
  encryptionOf,
  newCustomerKey,
  sseC,
  sseCHeaders,
  sseCOutput,
  textOf,
} from './s3-sse-c.js'

/**
 * Presigned URLs fetched with plain `fetch` (SPEC §4.2, §5.5; reference §1.3 and sdk-wire-facts
 * §1c). The presigner does not hoist SSE headers into the query: they become signed headers, so
 * whoever fetches the URL must send them, with the same values.
 */

const BODY = 'fetched with a presigned URL'
const EXPIRES_IN = 300

/** What a failed fetch answered: status and the XML error's code and message. */
async function errorOfResponse(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text()
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1]
  return { status: response.status, code: field('Code'), message: field('Message') }
}

/** The SSE response headers of a fetch, named as the SDK names them. */
function encryptionHeaders(response: Response): Record<string, string | undefined> {
  const header = (name: string) => response.headers.get(name) ?? undefined
  return {
    ServerSideEncryption: header('x-amz-server-side-encryption'),
    SSEKMSKeyId: header('x-amz-server-side-encryption-aws-kms-key-id'),
    SSECustomerAlgorithm: header('x-amz-server-side-encryption-customer-algorithm'),
    SSECustomerKeyMD5: header('x-amz-server-side-encryption-customer-key-md5'),
  }
}

/**
 * A presigned PutObject from the default presigner: its URL carries the CRC32 of an empty body
 * (sdk-wire-facts §1c), which S3 ignores, storing whatever body comes.
 */
function presignPut(
  t: ScenarioContext,
  input: Omit<PutObjectCommandInput, 'Bucket' | 'Body'> & { Key: string },
): Promise<string> {
  return getSignedUrl(t.s3, new PutObjectCommand({ Bucket: t.bucket, ...input }), {
    expiresIn: EXPIRES_IN,
  })
}

const SIGNATURE_MISMATCH = {
  status: 403,
  code: 'SignatureDoesNotMatch',
  message:
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
}

const getSseKms = defineScenario({
  name: 'presigned-get-sse-kms',
  description:
    'A presigned GET of an SSE-KMS object, fetched with no extra headers, returns the body and reports aws:kms with the key ARN.',
  requires: ['presign', 'sse-kms'],
  async run(t) {
    const kmsKey = await t.customerKey()
    const Key = t.key('kms.txt')
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key,
        Body: BODY,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: kmsKey.arn,
      }),
    )
    const url = await getSignedUrl(t.s3, new GetObjectCommand({ Bucket: t.bucket, Key }), {
      expiresIn: EXPIRES_IN,
    })
    const response = await t.fetch(url)
    t.check('fetch: status', response.status, 200)
    t.check('fetch: encryption reported', encryptionHeaders(response), {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKey.arn,
      SSECustomerAlgorithm: undefined,
      SSECustomerKeyMD5: undefined,
    })
    t.check('fetch: body', await response.text(), BODY)
  },
})

const putSseKms = defineScenario({
  name: 'presigned-put-sse-kms',
  description:
    'A presigned PUT with SSE-KMS, fetched with the signed SSE headers, stores the object under the KMS key.',
  requires: ['presign', 'sse-kms'],
  async run(t) {
    const kmsKey = await t.customerKey()
    const Key = t.key('kms-upload.txt')
    const url = await presignPut(t, {
      Key,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKey.arn,
    })
    const response = await t.fetch(url, {
      method: 'PUT',
      body: BODY,
      headers: {
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': kmsKey.arn,
      },
    })
    t.check('fetch PUT: status', response.status, 200)
    const expected = {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKey.arn,
      SSECustomerAlgorithm: undefined,
      SSECustomerKeyMD5: undefined,
    }
    t.check('fetch PUT: encryption reported', encryptionHeaders(response), expected)
    await response.body?.cancel()
    const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key }))
    t.check(
      'HEAD: encryption stored',
      { ...encryptionOf(head), SSEKMSKeyId: head.SSEKMSKeyId },
      expected,
    )
    t.check('HEAD: length', head.ContentLength, Buffer.byteLength(BODY))
  },
})

const signedHeaderMissing = defineScenario({
  name: 'presigned-signed-header-missing',
  description:
    'A presigned PUT whose signed SSE header is not sent with it is refused with 403 SignatureDoesNotMatch and stores nothing.',
  requires: ['presign', 'sse-kms'],
  async run(t) {
    const Key = t.key('unsent-header.txt')
    const url = await presignPut(t, { Key, ServerSideEncryption: 'aws:kms' })
    const response = await t.fetch(url, { method: 'PUT', body: BODY })
    t.check('fetch PUT without the SSE header', await errorOfResponse(response), SIGNATURE_MISMATCH)
    await t.expectError(
      'nothing was stored',
      t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key })),
      { status: 404, code: 'NotFound' },
    )
  },
})

const SSE_C_PRESIGN = ['presign', 'sse-c', 'https', 'create-bucket'] as const

const getSseC = defineScenario({
  name: 'presigned-get-sse-c',
  description:
    'A presigned GET of an SSE-C object returns the body when the fetch sends the three SSE-C headers the URL was signed with.',
  requires: SSE_C_PRESIGN,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('sse-c.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(key) }))
    const url = await getSignedUrl(
      t.s3,
      new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }),
      { expiresIn: EXPIRES_IN },
    )
    const response = await t.fetch(url, { headers: sseCHeaders(key) })
    t.check('fetch with the SSE-C headers: status', response.status, 200)
    t.check('fetch with the SSE-C headers: encryption reported', encryptionHeaders(response), {
      ...sseCOutput(key),
      SSEKMSKeyId: undefined,
    })
    t.check('fetch with the SSE-C headers: body', await response.text(), BODY)
  },
})

const sseCBareUrl = defineScenario({
  name: 'presigned-sse-c-bare-url',
  description:
    'A presigned GET of an SSE-C object fetched without the signed SSE-C headers is refused with 403 SignatureDoesNotMatch.',
  requires: SSE_C_PRESIGN,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('sse-c.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(key) }))
    const url = await getSignedUrl(
      t.s3,
      new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }),
      { expiresIn: EXPIRES_IN },
    )
    const response = await t.fetch(url)
    t.check('fetch without the SSE-C headers', await errorOfResponse(response), SIGNATURE_MISMATCH)
  },
})

const putSseC = defineScenario({
  name: 'presigned-put-sse-c',
  description:
    'A presigned PUT with SSE-C, fetched with the SSE-C headers, stores an object that reads back with the same key.',
  requires: SSE_C_PRESIGN,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('sse-c-upload.txt')
    const url = await presignPut(t, { Key, ...sseC(key) })
    const response = await t.fetch(url, { method: 'PUT', body: BODY, headers: sseCHeaders(key) })
    t.check('fetch PUT: status', response.status, 200)
    t.check('fetch PUT: encryption reported', encryptionHeaders(response), {
      ...sseCOutput(key),
      SSEKMSKeyId: undefined,
    })
    await response.body?.cancel()
    const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }))
    t.check('GET with the key', await textOf(got.Body), BODY)
  },
})

const expired = defineScenario({
  name: 'presigned-url-expired',
  description:
    'A presigned URL fetched after its expiry is refused with 403 AccessDenied "Request has expired".',
  requires: ['presign'],
  async run(t) {
    const Key = t.key('old-link.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY }))
    // Signed an hour ago for 60 seconds: expired without waiting.
    const url = await getSignedUrl(t.s3, new GetObjectCommand({ Bucket: t.bucket, Key }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3600_000),
    })
    const response = await t.fetch(url)
    t.check('fetch after expiry', await errorOfResponse(response), {
      status: 403,
      code: 'AccessDenied',
      message: 'Request has expired',
    })
  },
})

const putDefaultChecksum = defineScenario({
  name: 'presigned-put-query-checksum-ignored',
  description:
    "A presigned PUT from a default client carries the empty body's CRC32 in its query; S3 ignores query checksums and stores the body (the SDK's own e2e test of this flow).",
  requires: ['presign'],
  async run(t) {
    const Key = t.key('default-client-upload.txt')
    const url = await presignPut(t, { Key })
    t.check(
      'URL: empty-body CRC32 in the query',
      new URL(url).searchParams.get('x-amz-checksum-crc32'),
      'AAAAAA==',
    )
    const response = await t.fetch(url, { method: 'PUT', body: BODY })
    t.check('fetch PUT: status', response.status, 200)
    const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key }))
    t.check('GetObject: body', await textOf(got.Body), BODY)
  },
})

export const presignScenarios: readonly Scenario[] = [
  putDefaultChecksum,
  getSseKms,
  putSseKms,
  signedHeaderMissing,
  getSseC,
  sseCBareUrl,
  putSseC,
  expired,
]
