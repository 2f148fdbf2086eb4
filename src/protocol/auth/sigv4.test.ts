import { describe, expect, it } from 'vitest'
import { SignatureV4 } from '@smithy/signature-v4'
import { ManualClock } from '../../core/clock.js'
import {
  AccessDenied,
  AuthorizationHeaderMalformed,
  AuthorizationQueryParametersError,
  InvalidArgument,
  SignatureDoesNotMatch,
} from '../../s3/errors.js'
import { AwsChunkedDecoder, awsChunkedOptions } from '../s3-rest-xml/body/aws-chunked.js'
import { verifySigV4 } from './sigv4.js'
import { NodeSha256 as Sha256 } from './node-sha256.js'

// The keys and examples of AWS's SigV4-for-S3 documentation (sig-v4-header-based-auth.html,
// sigv4-query-string-auth.html, sigv4-streaming.html).
const DOC = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const DOC_TIME = new ManualClock('2013-05-24T00:00:00Z')

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  )
}

describe('AWS documentation examples', () => {
  it('header-signed GET with a Range', async () => {
    const request = new Request('https://examplebucket.s3.amazonaws.com/test.txt', {
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        range: 'bytes=0-9',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date': '20130524T000000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      },
    })
    const result = await verifySigV4(request, { clock: DOC_TIME, credentials: [DOC] })
    expect(result.auth).toMatchObject({
      kind: 'header',
      accessKeyId: DOC.accessKeyId,
      region: 'us-east-1',
    })
    const changed = new Headers(request.headers)
    changed.set('range', 'bytes=0-10')
    const tampered = new Request(request, { headers: changed })
    const error = await failure(verifySigV4(tampered, { clock: DOC_TIME, credentials: [DOC] }))
    expect(error).toBeInstanceOf(SignatureDoesNotMatch)
    expect(error).toMatchObject({
      fields: {
        AWSAccessKeyId: DOC.accessKeyId,
        SignatureProvided: 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      },
    })
    expect((error as SignatureDoesNotMatch).fields.CanonicalRequest).toContain('range:bytes=0-10')
  })

  const PRESIGNED =
    'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404'

  it('presigned GET, valid until X-Amz-Date + X-Amz-Expires', async () => {
    const clock = new ManualClock('2013-05-24T23:59:59Z')
    await expect(
      verifySigV4(new Request(PRESIGNED), { clock, credentials: [DOC] }),
    ).resolves.toMatchObject({
      auth: { kind: 'presigned', expires: 86400 },
    })
    clock.advance(2000)
    const error = await failure(verifySigV4(new Request(PRESIGNED), { clock }))
    expect(error).toBeInstanceOf(AccessDenied)
    expect(error).toMatchObject({
      message: 'Request has expired',
      fields: {
        'X-Amz-Expires': '86400',
        Expires: '2013-05-25T00:00:00Z',
        ServerTime: '2013-05-25T00:00:01Z',
      },
    })
  })

  it('presigned GET with a tampered signature or key', async () => {
    const bad = PRESIGNED.replace(/.$/, '5')
    await expect(
      verifySigV4(new Request(bad), { clock: DOC_TIME, credentials: [DOC] }),
    ).rejects.toThrow(SignatureDoesNotMatch)
    await expect(verifySigV4(new Request(bad), { clock: DOC_TIME })).resolves.toBeDefined()
    await expect(
      verifySigV4(new Request(PRESIGNED), {
        clock: DOC_TIME,
        credentials: [{ accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' }],
      }),
    ).rejects.toMatchObject({
      code: 'InvalidAccessKeyId',
      fields: { AWSAccessKeyId: DOC.accessKeyId },
    })
  })

  it('signed streaming PUT: seed signature, then each chunk signature', async () => {
    const sigs = [
      'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
      '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
      'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
    ]
    const body = (corrupt: boolean) => {
      const data2 = Buffer.alloc(1024, 'a')
      if (corrupt) data2[10] = 0x62
      return Buffer.concat([
        Buffer.from(`10000;chunk-signature=${sigs[0]}\r\n`),
        Buffer.alloc(65536, 'a'),
        Buffer.from(`\r\n400;chunk-signature=${sigs[1]}\r\n`),
        data2,
        Buffer.from(`\r\n0;chunk-signature=${sigs[2]}\r\n\r\n`),
      ])
    }
    const headers = {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': '66824',
    }
    for (const corrupt of [false, true]) {
      const request = new Request('https://s3.amazonaws.com/examplebucket/chunkObject.txt', {
        method: 'PUT',
        headers,
        body: body(corrupt),
      })
      const { chunks } = await verifySigV4(request, { clock: DOC_TIME, credentials: [DOC] })
      expect(chunks).toBeDefined()
      const options = awsChunkedOptions(
        request.headers,
        chunks === undefined ? {} : { signatures: chunks },
      )
      if (options === undefined || request.body === null) throw new Error('not chunked')
      const decoded = new Response(
        request.body.pipeThrough(new AwsChunkedDecoder(options)),
      ).arrayBuffer()
      if (corrupt) await expect(decoded).rejects.toThrow(SignatureDoesNotMatch)
      else expect((await decoded).byteLength).toBe(66560)
    }
  })
})

describe('without credentials', () => {
  const presign = async (headers: Record<string, string>, expiresIn = 900) => {
    const signer = new SignatureV4({
      service: 's3',
      region: 'eu-west-1',
      credentials: DOC,
      sha256: Sha256,
      uriEscapePath: false,
    })
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'b.s3.eu-west-1.amazonaws.com',
        path: '/k',
        query: {},
        headers: { host: 'b.s3.eu-west-1.amazonaws.com', ...headers },
      },
      {
        signingDate: new Date('2026-01-01T00:00:00Z'),
        expiresIn,
        unhoistableHeaders: new Set(Object.keys(headers)),
      },
    )
    const q = new URLSearchParams(signed.query as Record<string, string>)
    return `https://b.s3.eu-west-1.amazonaws.com/k?${q.toString()}`
  }
  const clock = new ManualClock('2026-01-01T00:05:00Z')

  it('a signed header the request lacks is SignatureDoesNotMatch', async () => {
    const url = await presign({ 'x-amz-server-side-encryption-customer-algorithm': 'AES256' })
    await expect(verifySigV4(new Request(url), { clock })).rejects.toThrow(SignatureDoesNotMatch)
    await expect(
      verifySigV4(
        new Request(url, {
          headers: { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' },
        }),
        { clock },
      ),
    ).resolves.toMatchObject({ auth: { kind: 'presigned' } })
  })

  it.each([
    [
      'X-Amz-Expires',
      '604801',
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    ],
    ['X-Amz-Expires', 'soon', 'X-Amz-Expires should be a number'],
    ['X-Amz-Expires', '-1', 'X-Amz-Expires must be non-negative'],
    [
      'X-Amz-Credential',
      'AKID/20260101/eu-west-1/s3',
      'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    ],
    [
      'X-Amz-Credential',
      'AKID/20260101/eu-west-1/kms/aws4_request',
      'Error parsing the X-Amz-Credential parameter; incorrect service "kms". This endpoint belongs to "s3".',
    ],
    [
      'X-Amz-Credential',
      'AKID/20260101/eu-west-1/s3/aws5_request',
      'Error parsing the X-Amz-Credential parameter; incorrect terminal "aws5_request". This endpoint uses "aws4_request".',
    ],
    [
      'X-Amz-Date',
      '2026-01-01',
      `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`,
    ],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA1', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"'],
    [
      'X-Amz-Signature',
      null,
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    ],
  ])('%s=%s is AuthorizationQueryParametersError', async (name, value, message) => {
    const url = new URL(await presign({}))
    if (value === null) url.searchParams.delete(name)
    else url.searchParams.set(name, value)
    const error = await failure(verifySigV4(new Request(url), { clock }))
    expect(error).toBeInstanceOf(AuthorizationQueryParametersError)
    expect(error).toMatchObject({ status: 400, message })
  })

  it('a scope for another region names the expected one', async () => {
    const error = await failure(
      verifySigV4(new Request(await presign({})), { clock, region: 'us-east-1' }),
    )
    expect(error).toMatchObject({
      code: 'AuthorizationQueryParametersError',
      message:
        "Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is wrong; expecting 'us-east-1'",
      fields: { Region: 'us-east-1' },
    })
  })

  it('both an Authorization header and a presigned query is InvalidArgument', async () => {
    const request = new Request(await presign({}), {
      headers: { authorization: 'AWS4-HMAC-SHA256 x' },
    })
    await expect(verifySigV4(request, { clock })).rejects.toThrow(InvalidArgument)
  })

  it.each([
    [
      'AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/s3/aws4_request, Signature=00',
      'the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    ],
    [
      'AWS4-HMAC-SHA256 Credential=AKID/2026/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    ],
    [
      'AWS4-HMAC-SHA256 Credential=AKID/20260102/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      'Invalid credential date. Date is not the same as X-Amz-Date.',
    ],
  ])(
    'a malformed Authorization header is AuthorizationHeaderMalformed (%#)',
    async (authorization, detail) => {
      const request = new Request('https://b.s3.eu-west-1.amazonaws.com/k', {
        headers: { authorization, 'x-amz-date': '20260101T000000Z' },
      })
      const error = await failure(verifySigV4(request, { clock }))
      expect(error).toBeInstanceOf(AuthorizationHeaderMalformed)
      expect(error).toMatchObject({ message: `The authorization header is malformed; ${detail}` })
    },
  )

  it('no date is AccessDenied; anonymous and SigV2 requests pass through', async () => {
    const request = new Request('https://b.s3.eu-west-1.amazonaws.com/k', {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      },
    })
    await expect(verifySigV4(request, { clock })).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'AWS authentication requires a valid Date or x-amz-date header',
    })
    await expect(
      verifySigV4(new Request('https://b.s3.amazonaws.com/k'), { clock }),
    ).resolves.toEqual({ auth: undefined })
    await expect(
      verifySigV4(
        new Request('https://b.s3.amazonaws.com/k', { headers: { authorization: 'AWS AKID:sig' } }),
        { clock },
      ),
    ).resolves.toEqual({ auth: undefined })
  })
})
