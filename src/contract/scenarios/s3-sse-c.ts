import {
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3'
import { createHash, randomBytes } from 'node:crypto'
import type { CheckOptions, ExpectedError, ScenarioContext } from '../define.js'
import { defineScenario, type Scenario } from '../define.js'

/**
 * SSE-C on single objects (SPEC §4.2, reference §1.1–§1.2), and the helpers the other SSE-C,
 * presign and policy scenarios share. Keys are made fresh in every scenario and never printed:
 * checks compare key MD5s (which S3 itself returns), never keys.
 */

// ── Helpers ─────────────────────────────────────────────────────────────────

/** A customer key as the SDK takes it. `b64` is secret: it goes into requests only. */
export interface CustomerKey {
  readonly b64: string
  /** Base64 MD5 of the raw key: public, S3 echoes it in `x-amz-server-side-encryption-customer-key-MD5`. */
  readonly md5: string
}

/**
 * A fresh random 256-bit customer key (or `bytes` long, to provoke the length error). `b64` is
 * not enumerable, so printing or serialising the key by accident shows only its MD5.
 */
export function newCustomerKey(bytes = 32): CustomerKey {
  const raw = randomBytes(bytes)
  const key = { md5: createHash('md5').update(raw).digest('base64') }
  Object.defineProperty(key, 'b64', { value: raw.toString('base64'), enumerable: false })
  return key as CustomerKey
}

/** The SDK members of an SSE-C request (the SDK recomputes the MD5 anyway, reference §1.4). */
export const sseC = (key: CustomerKey) => ({
  SSECustomerAlgorithm: 'AES256',
  SSECustomerKey: key.b64,
  SSECustomerKeyMD5: key.md5,
})

/** The SDK members naming a copy source's customer key. */
export const copySourceSseC = (key: CustomerKey) => ({
  CopySourceSSECustomerAlgorithm: 'AES256',
  CopySourceSSECustomerKey: key.b64,
  CopySourceSSECustomerKeyMD5: key.md5,
})

/** The raw request headers of an SSE-C request, for `fetch` on presigned URLs. */
export const sseCHeaders = (key: CustomerKey): Record<string, string> => ({
  'x-amz-server-side-encryption-customer-algorithm': 'AES256',
  'x-amz-server-side-encryption-customer-key': key.b64,
  'x-amz-server-side-encryption-customer-key-md5': key.md5,
})

/** What S3 answers about an SSE-C object: algorithm and key MD5, no SSE header (reference §1.2). */
export const sseCOutput = (key: CustomerKey) => ({
  ServerSideEncryption: undefined,
  SSECustomerAlgorithm: 'AES256',
  SSECustomerKeyMD5: key.md5,
})

/** The encryption members of an SDK output, for one readable check. */
export function encryptionOf(out: {
  ServerSideEncryption?: string | undefined
  SSECustomerAlgorithm?: string | undefined
  SSECustomerKeyMD5?: string | undefined
}): Record<string, string | undefined> {
  return {
    ServerSideEncryption: out.ServerSideEncryption,
    SSECustomerAlgorithm: out.SSECustomerAlgorithm,
    SSECustomerKeyMD5: out.SSECustomerKeyMD5,
  }
}

/** AWS's SSE-C texts (reference §1.1), exact. */
export const SSE_C = {
  insecure:
    'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.',
  badAlgorithm: 'The Encryption request you specified is not valid. Supported value: AES256.',
  noAlgorithm:
    'Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.',
  noKey:
    'Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.',
  badKey: 'The secret key was invalid for the specified algorithm.',
  badMd5: 'The calculated MD5 hash of the key did not match the hash that was provided.',
  noMd5:
    'Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.',
  incompatible:
    'Server Side Encryption with Customer provided key is incompatible with the encryption method specified',
  keyRequired:
    'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
  wrongKey:
    'Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.',
  notApplicable: 'The encryption parameters are not applicable to this object.',
  partNeedsKey:
    'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
  partKeyMismatch: 'The provided encryption parameters did not match the ones used originally.',
} as const

/** Every SSE-C `InvalidArgument` names this header (reference §1.1). */
export const SSE_ARGUMENT = 'x-amz-server-side-encryption'

/** Open questions of reference §6, as the checks name them. */
export const OPEN = {
  http: 'reference §6.1: SSE-C over plain http — exact code and message (MinIO is the only source)',
  noMd5: 'reference §6.2: SSE-C key without its MD5 header — code and message',
  block:
    'reference §6.7: the 2026 SSE-C block — the 403 message, and GetBucketEncryption on a fresh bucket',
  headNoBody:
    'reference §1.1: HEAD of an SSE-C object without SSE-C headers — 400 expected, not captured',
  notApplicable:
    'not in reference §1.1: SSE-C headers on an object stored without SSE-C — text quoted in boto/boto3#982, not captured',
  copyWrongKey:
    'reference §1.1: CopyObject with the wrong source key — 403 known, message not captured',
} as const

/**
 * The SDK gives a HEAD error (no body) the status as its name and no message beyond the status
 * text; `$metadata` keeps the status. `code` here is what the JS SDK reports for such a response.
 */
export const HEAD_400: ExpectedError = { status: 400, code: 'Unknown' }
export const HEAD_403: ExpectedError = { status: 403, code: 'Unknown' }

/** An S3 error with the `ArgumentName` / `ArgumentValue` members `InvalidArgument` errors carry. */
export interface ExpectedS3Error extends ExpectedError {
  readonly argumentName?: string
  readonly argumentValue?: string
}

/** `t.expectError`, plus a check of `ArgumentName`/`ArgumentValue` when expected. */
export async function expectS3Error(
  t: ScenarioContext,
  label: string,
  call: Promise<unknown>,
  expected: ExpectedS3Error,
  options?: CheckOptions,
): Promise<void> {
  const { argumentName, argumentValue, ...error } = expected
  let thrown: unknown
  const observed = await t.expectError(
    label,
    call.catch((err: unknown) => {
      thrown = err
      throw err
    }),
    error,
    options,
  )
  if (observed === undefined || (argumentName === undefined && argumentValue === undefined)) return
  const fields = (thrown ?? {}) as { ArgumentName?: unknown; ArgumentValue?: unknown }
  const actual: Record<string, unknown> = {}
  const wanted: Record<string, unknown> = {}
  if (argumentName !== undefined) {
    actual.ArgumentName = fields.ArgumentName
    wanted.ArgumentName = argumentName
  }
  if (argumentValue !== undefined) {
    actual.ArgumentValue = fields.ArgumentValue
    wanted.ArgumentValue = argumentValue
  }
  t.check(`${label}: error fields`, actual, wanted, options)
}

/** Anything with a middleware stack: an SDK command. */
interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (next: (args: never) => Promise<unknown>) => (args: never) => Promise<unknown>,
      options: { step: 'build'; name: string; priority: 'low' },
    ): void
  }
}

/**
 * Sets (or, for `undefined`, removes) request headers on one command, after the SDK built the
 * request and before it signs it. The SDK always recomputes the key MD5 (reference §1.4); this is
 * how a scenario sends a wrong or missing one through the real client.
 */
export function withHeaders<C extends WithMiddleware>(
  command: C,
  headers: Readonly<Record<string, string | undefined>>,
): C {
  const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()))
  command.middlewareStack.add(
    (next) => async (args: never) => {
      const request = (args as { request: { headers: Record<string, string> } }).request
      const kept = Object.entries(request.headers).filter(
        ([name]) => !names.has(name.toLowerCase()),
      )
      const added = Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined)
      request.headers = Object.fromEntries([...kept, ...added])
      return next(args)
    },
    { step: 'build', name: 'contractHeaders', priority: 'low' },
  )
  return command
}

/**
 * Sends one command over plain http: to the same host, the scheme switched after the SDK built
 * the request (SigV4 does not sign the scheme), or to `httpEndpoint` when the target answers
 * plain http on another URL (an endpoint's second listener; the host header is signed, so it is
 * set before signing). Needs the `http` capability.
 */
export function overHttp<C extends WithMiddleware>(command: C, httpEndpoint?: URL): C {
  command.middlewareStack.add(
    (next) => async (args: never) => {
      const request = (
        args as {
          request: {
            protocol: string
            hostname: string
            port?: number | undefined
            headers: Record<string, string>
          }
        }
      ).request
      request.protocol = 'http:'
      if (httpEndpoint === undefined) {
        if (request.port === 443) request.port = undefined
      } else {
        request.hostname = httpEndpoint.hostname
        request.port = httpEndpoint.port === '' ? undefined : Number(httpEndpoint.port)
        request.headers.host = httpEndpoint.host
      }
      return next(args)
    },
    { step: 'build', name: 'contractOverHttp', priority: 'low' },
  )
  return command
}

/** The default-encryption rule that lets a bucket take SSE-C writes (blocking-unblocking-s3-c-encryption-gpb). */
export const SSE_C_ALLOWED: ServerSideEncryptionConfiguration = {
  Rules: [
    {
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
      BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
    },
  ],
}

/**
 * Lets the scenario's own bucket take SSE-C writes: since April 2026 a new bucket refuses them
 * until its default encryption says `BlockedEncryptionTypes: NONE` (reference §1). Needs
 * `create-bucket`: it configures the bucket. On an engine without that block (`sse-c-block`
 * missing: S3-compatible engines, or no bucket-encryption API at all) there is nothing to lift,
 * and the step is left out.
 */
export async function allowSseC(t: ScenarioContext, bucket = t.bucket): Promise<void> {
  if (!t.has('sse-c-block')) return
  await t.s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: SSE_C_ALLOWED,
    }),
  )
}

/** An object body as text. */
export async function textOf(
  body: { transformToString(): Promise<string> } | undefined,
): Promise<string | undefined> {
  return body === undefined ? undefined : body.transformToString()
}

/** Base64 MD5 of a text, as `Content-MD5` and an SSE-S3 ETag (hex) would carry it. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text).digest('hex')
}

/** The capabilities of a scenario that writes SSE-C objects into its own bucket. */
const SSE_C_WRITES = ['sse-c', 'https', 'create-bucket'] as const

// ── Scenarios ───────────────────────────────────────────────────────────────

const BODY = 'The customer keeps the key; S3 keeps only a salted HMAC of it.'

const roundTrip = defineScenario({
  name: 'sse-c-put-get-head',
  description:
    'An object PUT with a customer key reads back with the same key, and PUT, GET and HEAD all report AES256 and the key MD5.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('doc.txt')
    const put = await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(key) }),
    )
    t.check('PUT: encryption reported', encryptionOf(put), sseCOutput(key))
    t.check('PUT: ETag is not the MD5 of the body', put.ETag === `"${md5Hex(BODY)}"`, false)

    const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }))
    t.check('GET: encryption reported', encryptionOf(got), sseCOutput(key))
    t.check('GET: body', await textOf(got.Body), BODY)

    const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }))
    t.check('HEAD: encryption reported', encryptionOf(head), sseCOutput(key))
    t.check('HEAD: length', head.ContentLength, Buffer.byteLength(BODY))
    t.check('HEAD: ETag is the one PUT returned', head.ETag, put.ETag)
  },
})

const etagPerPut = defineScenario({
  name: 'sse-c-etag-differs-per-put',
  description:
    'Two PUTs of the same body with the same customer key get different ETags, neither the MD5 of the body.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const first = await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: t.key('a.txt'), Body: BODY, ...sseC(key) }),
    )
    const second = await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: t.key('b.txt'), Body: BODY, ...sseC(key) }),
    )
    t.check('the two ETags differ', first.ETag !== second.ETag, true)
    t.check(
      'neither ETag is the MD5 of the body',
      [first.ETag, second.ETag].includes(`"${md5Hex(BODY)}"`),
      false,
    )
  },
})

const withoutKey = defineScenario({
  name: 'sse-c-read-without-key',
  description:
    'GET of an SSE-C object without the SSE-C headers is refused with 400 InvalidRequest; HEAD gets a bare 400.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('locked.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(key) }))
    await t.expectError(
      'GET without the key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key })),
      {
        status: 400,
        code: 'InvalidRequest',
        message: SSE_C.keyRequired,
      },
    )
    await t.expectError(
      'HEAD without the key',
      t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key })),
      HEAD_400,
      { openQuestion: OPEN.headNoBody },
    )
  },
})

const wrongKey = defineScenario({
  name: 'sse-c-read-wrong-key',
  description:
    'GET of an SSE-C object with another well-formed key is refused with 403 AccessDenied; HEAD gets a bare 403.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const Key = t.key('locked.txt')
    await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(newCustomerKey()) }),
    )
    const other = newCustomerKey()
    await t.expectError(
      'GET with another key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(other) })),
      { status: 403, code: 'AccessDenied', message: SSE_C.wrongKey },
    )
    await t.expectError(
      'HEAD with another key',
      t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key, ...sseC(other) })),
      HEAD_403,
    )
    // On reads the key comparison wins over the length check (AWS-captured get-obj-sse-c-no-md5).
    await t.expectError(
      'GET with a 16-byte key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(newCustomerKey(16)) })),
      { status: 403, code: 'AccessDenied', message: SSE_C.wrongKey },
    )
  },
})

const badKeyLength = defineScenario({
  name: 'sse-c-put-bad-key-length',
  description:
    'A PUT whose customer key is not 256 bits is refused with 400 InvalidArgument and stores nothing.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const Key = t.key('short-key.txt')
    await expectS3Error(
      t,
      'PUT with a 16-byte key',
      t.s3.send(
        new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(newCustomerKey(16)) }),
      ),
      { status: 400, code: 'InvalidArgument', message: SSE_C.badKey, argumentName: SSE_ARGUMENT },
    )
    await t.expectError(
      'nothing was stored',
      t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key })),
      { status: 404, code: 'NotFound' },
    )
  },
})

const badMd5 = defineScenario({
  name: 'sse-c-put-bad-key-md5',
  description:
    'A PUT whose key MD5 does not match the key is refused with 400 InvalidArgument naming the SSE header.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const command = withHeaders(
      new PutObjectCommand({ Bucket: t.bucket, Key: t.key('md5.txt'), Body: BODY, ...sseC(key) }),
      { 'x-amz-server-side-encryption-customer-key-md5': newCustomerKey().md5 },
    )
    await expectS3Error(t, 'PUT with the MD5 of another key', t.s3.send(command), {
      status: 400,
      code: 'InvalidArgument',
      message: SSE_C.badMd5,
      argumentName: SSE_ARGUMENT,
    })
  },
})

const noMd5 = defineScenario({
  name: 'sse-c-put-missing-key-md5',
  description:
    'A PUT that sends the customer key without its MD5 is refused with 400 InvalidArgument.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const command = withHeaders(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('no-md5.txt'),
        Body: BODY,
        ...sseC(newCustomerKey()),
      }),
      { 'x-amz-server-side-encryption-customer-key-md5': undefined },
    )
    await t.expectError(
      'PUT without the key MD5',
      t.s3.send(command),
      { status: 400, code: 'InvalidArgument', message: SSE_C.noMd5 },
      { openQuestion: OPEN.noMd5 },
    )
  },
})

const badAlgorithm = defineScenario({
  name: 'sse-c-bad-algorithm',
  description:
    'An SSE-C algorithm other than AES256 is refused with 400 InvalidEncryptionAlgorithmError on PUT and GET, and a bare 400 on HEAD.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('algo.txt')
    const bad = { ...sseC(key), SSECustomerAlgorithm: 'AES128' }
    const refusal: ExpectedS3Error = {
      status: 400,
      code: 'InvalidEncryptionAlgorithmError',
      message: SSE_C.badAlgorithm,
      argumentName: SSE_ARGUMENT,
      argumentValue: 'AES128',
    }
    await expectS3Error(
      t,
      'PUT with AES128',
      t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...bad })),
      refusal,
    )
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(key) }))
    await expectS3Error(
      t,
      'GET with AES128',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...bad })),
      refusal,
    )
    await t.expectError(
      'HEAD with AES128',
      t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key, ...bad })),
      HEAD_400,
    )
  },
})

const keyWithoutAlgorithm = defineScenario({
  name: 'sse-c-put-key-without-algorithm',
  description:
    'A PUT that sends a customer key but no algorithm, or an algorithm but no key, is refused with 400 InvalidArgument.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    await expectS3Error(
      t,
      'PUT with a key and no algorithm',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: t.key('no-algo.txt'),
          Body: BODY,
          SSECustomerKey: key.b64,
          SSECustomerKeyMD5: key.md5,
        }),
      ),
      {
        status: 400,
        code: 'InvalidArgument',
        message: SSE_C.noAlgorithm,
        argumentName: SSE_ARGUMENT,
      },
    )
    await expectS3Error(
      t,
      'PUT with an algorithm and no key',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: t.key('no-key.txt'),
          Body: BODY,
          SSECustomerAlgorithm: 'AES256',
        }),
      ),
      { status: 400, code: 'InvalidArgument', message: SSE_C.noKey, argumentName: SSE_ARGUMENT },
    )
  },
})

const withSseHeader = defineScenario({
  name: 'sse-c-put-with-sse-header',
  description:
    'A PUT naming both a customer key and x-amz-server-side-encryption is refused with 400 InvalidArgument.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    await expectS3Error(
      t,
      'PUT with SSE-C and AES256',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: t.key('both.txt'),
          Body: BODY,
          ServerSideEncryption: 'AES256',
          ...sseC(newCustomerKey()),
        }),
      ),
      {
        status: 400,
        code: 'InvalidArgument',
        message: SSE_C.incompatible,
        argumentName: SSE_ARGUMENT,
        argumentValue: 'AES256',
      },
    )
  },
})

const onPlainObject = defineScenario({
  name: 'sse-c-headers-on-plain-object',
  description:
    'GET with SSE-C headers of an object stored without SSE-C is refused with 400 InvalidRequest.',
  requires: ['sse-c', 'https'],
  async run(t) {
    const Key = t.key('plain.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY }))
    await t.expectError(
      'GET of an SSE-S3 object with a customer key',
      t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(newCustomerKey()) })),
      { status: 400, code: 'InvalidRequest', message: SSE_C.notApplicable },
      { openQuestion: OPEN.notApplicable },
    )
  },
})

const rangeGet = defineScenario({
  name: 'sse-c-range-get',
  description: 'A ranged GET of an SSE-C object with its key returns exactly the requested bytes.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('range.txt')
    const body = Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')}\n`).join(
      '',
    )
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: body, ...sseC(key) }))
    const got = await t.s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key, Range: 'bytes=1000-1099', ...sseC(key) }),
    )
    t.check('GET range: status', got.$metadata.httpStatusCode, 206)
    t.check('GET range: Content-Range', got.ContentRange, `bytes 1000-1099/${body.length}`)
    t.check('GET range: body', await textOf(got.Body), body.slice(1000, 1100))
    t.check('GET range: encryption reported', encryptionOf(got), sseCOutput(key))
  },
})

const overPlainHttp = defineScenario({
  name: 'sse-c-over-http',
  description:
    'SSE-C requests over plain http are refused with 400 InvalidRequest, on writes and on reads of an SSE-C object.',
  requires: [...SSE_C_WRITES, 'http'],
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const insecure = { status: 400, code: 'InvalidRequest', message: SSE_C.insecure }
    await t.expectError(
      'SSE-C PUT over http',
      t.s3.send(
        overHttp(
          new PutObjectCommand({
            Bucket: t.bucket,
            Key: t.key('http.txt'),
            Body: BODY,
            ...sseC(key),
          }),
          t.httpEndpoint,
        ),
      ),
      insecure,
      { openQuestion: OPEN.http },
    )
    const Key = t.key('https.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(key) }))
    await t.expectError(
      'SSE-C GET over http',
      t.s3.send(
        overHttp(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }), t.httpEndpoint),
      ),
      insecure,
      { openQuestion: OPEN.http },
    )
    const plain = await t.s3.send(
      overHttp(
        new PutObjectCommand({ Bucket: t.bucket, Key: t.key('plain.txt'), Body: BODY }),
        t.httpEndpoint,
      ),
    )
    t.check('a PUT without SSE-C over http works', plain.ServerSideEncryption, 'AES256')
  },
})

const versionsKeepKeys = defineScenario({
  name: 'sse-c-versions-keep-their-keys',
  description:
    'With versioning, each version of an SSE-C object opens only with the key it was written with.',
  requires: SSE_C_WRITES,
  async run(t) {
    await allowSseC(t)
    await t.s3.send(
      new PutBucketVersioningCommand({
        Bucket: t.bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    )
    const Key = t.key('versioned.txt')
    const [first, second] = [newCustomerKey(), newCustomerKey()]
    const v1 = await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key, Body: 'version one', ...sseC(first) }),
    )
    await t.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key, Body: 'version two', ...sseC(second) }),
    )
    const latest = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(second) }))
    t.check('GET latest with its key', await textOf(latest.Body), 'version two')
    const old = await t.s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key, VersionId: v1.VersionId, ...sseC(first) }),
    )
    t.check('GET first version with its key', await textOf(old.Body), 'version one')
    await t.expectError(
      'GET first version with the latest key',
      t.s3.send(
        new GetObjectCommand({ Bucket: t.bucket, Key, VersionId: v1.VersionId, ...sseC(second) }),
      ),
      { status: 403, code: 'AccessDenied', message: SSE_C.wrongKey },
    )
  },
})

// ── The 2026 block ──────────────────────────────────────────────────────────

const blockedOnNewBucket = defineScenario({
  name: 'sse-c-blocked-on-new-bucket',
  description:
    'A bucket created since April 2026 reports SSE-C as blocked and refuses SSE-C writes (PUT, multipart, copy) with 403 AccessDenied, before any key check.',
  requires: [...SSE_C_WRITES, 'bucket-encryption', 'sse-c-block'],
  async run(t) {
    const config = await t.s3.send(new GetBucketEncryptionCommand({ Bucket: t.bucket }))
    t.check(
      'GetBucketEncryption of a fresh bucket',
      config.ServerSideEncryptionConfiguration,
      {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
            BucketKeyEnabled: false,
            BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
          },
        ],
      },
      { openQuestion: OPEN.block },
    )
    const Key = t.key('blocked.txt')
    await t.expectError(
      'SSE-C PUT to a fresh bucket',
      t.s3.send(
        new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(newCustomerKey()) }),
      ),
      { status: 403, code: 'AccessDenied', message: 'Access Denied' },
      { openQuestion: OPEN.block },
    )
    await t.expectError(
      'SSE-C PUT with a 16-byte key to a fresh bucket (the block comes first)',
      t.s3.send(
        new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(newCustomerKey(16)) }),
      ),
      { status: 403, code: 'AccessDenied' },
      { openQuestion: OPEN.block },
    )
    await t.expectError(
      'nothing was stored',
      t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key })),
      {
        status: 404,
        code: 'NotFound',
      },
    )
    const plain = await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY }))
    t.check('a PUT without SSE-C still works (SSE-S3)', plain.ServerSideEncryption, 'AES256')
    await t.expectError(
      'SSE-C CreateMultipartUpload on a fresh bucket',
      t.s3.send(
        new CreateMultipartUploadCommand({
          Bucket: t.bucket,
          Key: t.key('blocked-upload.bin'),
          ...sseC(newCustomerKey()),
        }),
      ),
      { status: 403, code: 'AccessDenied', message: 'Access Denied' },
      { openQuestion: OPEN.block },
    )
    await t.expectError(
      'CopyObject to an SSE-C target on a fresh bucket',
      t.s3.send(
        new CopyObjectCommand({
          Bucket: t.bucket,
          Key: t.key('blocked-copy.txt'),
          CopySource: `${t.bucket}/${Key}`,
          ...sseC(newCustomerKey()),
        }),
      ),
      { status: 403, code: 'AccessDenied', message: 'Access Denied' },
      { openQuestion: OPEN.block },
    )
  },
})

const unblocked = defineScenario({
  name: 'sse-c-unblocked-by-bucket-encryption',
  description:
    'PutBucketEncryption with BlockedEncryptionTypes NONE lets a new bucket take SSE-C writes, and GetBucketEncryption says so.',
  requires: [...SSE_C_WRITES, 'bucket-encryption', 'sse-c-block'],
  async run(t) {
    await allowSseC(t)
    const config = await t.s3.send(new GetBucketEncryptionCommand({ Bucket: t.bucket }))
    t.check(
      'GetBucketEncryption: blocked types',
      config.ServerSideEncryptionConfiguration?.Rules?.[0]?.BlockedEncryptionTypes,
      { EncryptionType: ['NONE'] },
    )
    const key = newCustomerKey()
    const put = await t.s3.send(
      new PutObjectCommand({
        Bucket: t.bucket,
        Key: t.key('allowed.txt'),
        Body: BODY,
        ...sseC(key),
      }),
    )
    t.check('SSE-C PUT after unblocking', encryptionOf(put), sseCOutput(key))
  },
})

const blockKeepsReads = defineScenario({
  name: 'sse-c-block-keeps-objects-readable',
  description:
    'Blocking SSE-C again refuses new SSE-C writes while existing SSE-C objects stay readable with their key.',
  requires: [...SSE_C_WRITES, 'bucket-encryption', 'sse-c-block'],
  async run(t) {
    await allowSseC(t)
    const key = newCustomerKey()
    const Key = t.key('before-block.txt')
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: BODY, ...sseC(key) }))
    await t.s3.send(
      new PutBucketEncryptionCommand({
        Bucket: t.bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
            },
          ],
        },
      }),
    )
    const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key, ...sseC(key) }))
    t.check('GET of an existing SSE-C object after blocking', await textOf(got.Body), BODY)
    await t.expectError(
      'SSE-C PUT after blocking',
      t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: t.key('after-block.txt'),
          Body: BODY,
          ...sseC(key),
        }),
      ),
      { status: 403, code: 'AccessDenied', message: 'Access Denied' },
      { openQuestion: OPEN.block },
    )
  },
})

export const sseCScenarios: readonly Scenario[] = [
  roundTrip,
  etagPerPut,
  withoutKey,
  wrongKey,
  badKeyLength,
  badMd5,
  noMd5,
  badAlgorithm,
  keyWithoutAlgorithm,
  withSseHeader,
  onPlainObject,
  rangeGet,
  overPlainHttp,
  versionsKeepKeys,
  blockedOnNewBucket,
  unblocked,
  blockKeepsReads,
]
