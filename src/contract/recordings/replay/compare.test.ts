import { describe, expect, it } from 'vitest'
import { runSample } from '../../../../test/support/recordings.js'
import type { RecordedExchange, Recording } from '../format.js'
import { comparableExchanges } from '../normalize/mask.js'
import { DEVIATIONS } from '../deviations.js'
import { compareExchanges } from './compare.js'

/**
 * Two runs of the same SDK calls on two fresh in-process worlds differ in key ids, request ids,
 * dates, upload and version ids, ciphertext — and in nothing a user relies on. The comparison must
 * see them as equal, and must see any change to what a user relies on.
 */
const [first, second] = await Promise.all([runSample('run-aaaa1111'), runSample('run-bbbb2222')])

/** A copy of the recording with exchange `index` (0-based) changed. */
function mutate(
  recording: Recording,
  index: number,
  change: (exchange: RecordedExchange) => RecordedExchange,
): Recording {
  return {
    ...recording,
    exchanges: recording.exchanges.map((e, i) => (i === index ? change(e) : e)),
  }
}

const indexOf = (recording: Recording, predicate: (e: RecordedExchange) => boolean): number => {
  const index = recording.exchanges.findIndex(predicate)
  if (index < 0) throw new Error('no such exchange in the sample')
  return index
}

const putSseKms = indexOf(
  first.recording,
  (e) =>
    e.request.method === 'PUT' && e.response.headers['x-amz-server-side-encryption'] === 'aws:kms',
)
const noSuchKey = indexOf(first.recording, (e) => e.response.status === 404)

describe('comparing a replay with a recording', () => {
  it('two runs of the same calls compare equal: what legitimately differs is masked', () => {
    // The runs really differ underneath (otherwise this proves nothing).
    expect(first.keyId).not.toBe(second.keyId)
    expect(JSON.stringify(first.recording.exchanges)).not.toBe(
      JSON.stringify(second.recording.exchanges),
    )
    const comparison = compareExchanges(first.recording, second.recording)
    expect(comparison.differences).toEqual([])
    expect(comparison.exchanges).toEqual({ recorded: 14, replayed: 14 })
  })

  it('a different status is a difference, named by exchange and operation', () => {
    const changed = mutate(first.recording, putSseKms, (e) => ({
      ...e,
      response: { ...e.response, status: 201 },
    }))
    const { differences } = compareExchanges(changed, second.recording)
    expect(differences).toEqual([
      {
        check: `#${putSseKms + 1} S3 PUT sample-<run>/<run>/object?x-id: status`,
        expected: 201,
        actual: 200,
      },
    ])
  })

  it('a different error code or message is a difference', () => {
    const changed = mutate(first.recording, noSuchKey, (e) => {
      const body = e.response.body
      if (body === undefined || !('text' in body)) throw new Error('expected an XML error body')
      return {
        ...e,
        response: {
          ...e.response,
          body: {
            text: body.text
              .replace('<Code>NoSuchKey</Code>', '<Code>AccessDenied</Code>')
              .replace(/<Message>[^<]*<\/Message>/, '<Message>Access Denied</Message>'),
          },
        },
      }
    })
    const { differences } = compareExchanges(changed, second.recording)
    expect(differences.map((d) => [d.check.replace(/^.*: /, ''), d.expected, d.actual])).toEqual([
      ['error code', 'AccessDenied', 'NoSuchKey'],
      ['error message', 'Access Denied', 'The specified key does not exist.'],
    ])
  })

  it('a header that matters, changed or missing, is a difference', () => {
    const changed = mutate(first.recording, putSseKms, (e) => {
      const { ['x-amz-server-side-encryption-context']: _context, ...headers } = e.response.headers
      return {
        ...e,
        response: {
          ...e.response,
          headers: { ...headers, 'x-amz-server-side-encryption': 'AES256' },
        },
      }
    })
    const { differences } = compareExchanges(changed, second.recording)
    expect(differences.map((d) => [d.check.replace(/^.*: /, ''), d.expected, d.actual])).toEqual([
      ['header x-amz-server-side-encryption', 'AES256', 'aws:kms'],
      [
        'header x-amz-server-side-encryption-context',
        undefined,
        'base64 JSON {"aws:s3:arn":"arn:aws:s3:::sample-<run>/<run>/object","purpose":"sample"}',
      ],
    ])
  })

  it('a body field that differs is a difference, by its path', () => {
    const describe = indexOf(first.recording, (e) =>
      (e.request.headers['x-amz-target'] ?? '').endsWith('DescribeKey'),
    )
    const changed = mutate(first.recording, describe, (e) => {
      const body = e.response.body as { json: { KeyMetadata: Record<string, unknown> } }
      return {
        ...e,
        response: {
          ...e.response,
          body: { json: { KeyMetadata: { ...body.json.KeyMetadata, KeyState: 'Disabled' } } },
        },
      }
    })
    const { differences } = compareExchanges(changed, second.recording)
    expect(differences).toEqual([
      {
        check: `#${describe + 1} KMS DescribeKey: body KeyMetadata.KeyState`,
        expected: 'Disabled',
        actual: 'Enabled',
      },
    ])
  })

  it('an exchange the mock did not make, or an extra one, is a difference', () => {
    const shorter = { ...first.recording, exchanges: first.recording.exchanges.slice(0, -1) }
    expect(compareExchanges(first.recording, shorter).differences).toEqual([
      {
        check: '#14 S3 DELETE sample-<run>/<run>/multipart?uploadId&x-id: exchange',
        expected: '204',
        actual: 'absent',
      },
    ])
    expect(compareExchanges(shorter, first.recording).differences).toEqual([
      {
        check: '#14 S3 DELETE sample-<run>/<run>/multipart?uploadId&x-id: exchange',
        expected: 'absent',
        actual: '204',
      },
    ])
  })

  it('exchanges of different operations pair even when they completed in another order', () => {
    const swapped = {
      ...second.recording,
      exchanges: [
        second.recording.exchanges[1]!,
        second.recording.exchanges[0]!,
        ...second.recording.exchanges.slice(2),
      ],
    }
    expect(compareExchanges(first.recording, swapped).differences).toEqual([])
  })

  it('the run-specific names are read through the vocabulary: without it, the paths differ', () => {
    const noVocabulary = { ...second.recording, vocabulary: {} }
    const { differences } = compareExchanges(first.recording, noVocabulary)
    expect(differences.length).toBeGreaterThan(0)
    expect(differences[0]?.check).toMatch(/sample-<run>.*: exchange$/)
  })
})

describe('masking', () => {
  const [put] = comparableExchanges({
    vocabulary: first.recording.vocabulary,
    exchanges: [first.recording.exchanges[putSseKms]!],
  })

  it('masks ids, dates, ETag values and accounts, and keeps what a user relies on', () => {
    expect(put).toMatchObject({
      operation: 'S3 PUT sample-<run>/<run>/object?x-id',
      service: 's3',
      anonymous: false,
      status: 200,
      errorCode: undefined,
    })
    expect(put?.headers).toEqual({
      etag: '"<etag>"',
      'x-amz-checksum-crc32':
        first.recording.exchanges[putSseKms]!.response.headers['x-amz-checksum-crc32'],
      'x-amz-checksum-type': 'FULL_OBJECT',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:<account>:key/<uuid>',
      'x-amz-server-side-encryption-context':
        'base64 JSON {"aws:s3:arn":"arn:aws:s3:::sample-<run>/<run>/object","purpose":"sample"}',
      'x-amz-version-id': '<version-id>',
    })
  })

  it('masks KMS ids, dates, ciphertext and key material ids; keeps states, specs and lengths', () => {
    const exchanges = comparableExchanges(first.recording)
    const generate = exchanges.find((e) => e.operation === 'KMS GenerateDataKey')
    expect(generate?.body).toEqual({
      CiphertextBlob: '<ciphertext: 165 bytes>',
      KeyId: 'arn:aws:kms:us-east-1:<account>:key/<uuid>',
      KeyMaterialId: '<opaque>',
      Plaintext: '<masked: 32 bytes>',
    })
    const created = exchanges.find((e) => e.operation === 'KMS CreateKey')
    expect(created?.body).toMatchObject({
      KeyMetadata: {
        AWSAccountId: '<account>',
        KeyId: '<uuid>',
        CreationDate: '<date>',
        Description: 'sample',
        KeyState: 'Enabled',
        KeySpec: 'SYMMETRIC_DEFAULT',
        Enabled: true,
      },
    })
  })

  it('a declared deviation adds its masks: the ciphertext blob format (kms-ciphertext-blob)', () => {
    const rules = DEVIATIONS.flatMap((d) => (d.masks === undefined ? [] : [d.masks]))
    const generate = comparableExchanges(first.recording, rules).find(
      (e) => e.operation === 'KMS GenerateDataKey',
    )
    expect(generate?.body).toMatchObject({ CiphertextBlob: '<ciphertext>' })
  })

  it('an S3 error keeps its code, message and resource; only request and host ids are masked', () => {
    const missing = comparableExchanges(first.recording)[noSuchKey]
    expect(missing).toMatchObject({
      status: 404,
      errorCode: 'NoSuchKey',
      errorMessage: 'The specified key does not exist.',
      body: { Error: { Key: '<run>/missing', RequestId: '<request-id>', HostId: '<request-id>' } },
    })
    expect(missing?.headers).toEqual({ 'content-type': 'application/xml' })
  })

  it('reads virtual-hosted and path-style addressing as the same bucket and key', () => {
    const exchange = first.recording.exchanges[putSseKms]!
    const pathStyle: RecordedExchange = {
      ...exchange,
      request: {
        ...exchange.request,
        origin: 'http://127.0.0.1:4566',
        path: `/sample-run-aaaa1111${exchange.request.path}`,
      },
    }
    expect(exchange.request.origin).toBe('https://sample-run-aaaa1111.s3.us-east-1.amazonaws.com')
    const [a, b] = comparableExchanges({
      vocabulary: first.recording.vocabulary,
      exchanges: [exchange, pathStyle],
    })
    expect(b?.operation).toBe(a?.operation)
  })
})

describe('declared deviations (docs/fidelity.md)', () => {
  it('a difference a deviation declares is tolerated, with its id, not reported', () => {
    // As if AWS had answered the DescribeKey the mock refuses as not emulated.
    const describeKey = indexOf(first.recording, (e) =>
      (e.request.headers['x-amz-target'] ?? '').endsWith('DescribeKey'),
    )
    const notEmulated = mutate(second.recording, describeKey, (e) => ({
      ...e,
      response: {
        status: 501,
        headers: { 'content-type': 'application/xml' },
        body: {
          text: '<Error><Code>NotImplemented</Code><Message>… (s3-kms-mock: DescribeKey)</Message></Error>',
        },
      },
    }))
    const comparison = compareExchanges(first.recording, notEmulated)
    expect(comparison.differences).toEqual([])
    expect(new Set(comparison.tolerated.map((t) => t.deviation))).toEqual(
      new Set(['s3-operations-not-emulated']),
    )
    // Without the deviation list, the same pair differs.
    expect(compareExchanges(first.recording, notEmulated, []).differences.length).toBeGreaterThan(0)
  })

  it('an explicit-deny text that names another IAM identity is tolerated; any other text is not', () => {
    const denied = (message: string) =>
      mutate(first.recording, noSuchKey, (e) => ({
        ...e,
        response: {
          ...e.response,
          status: 403,
          body: {
            text: `<Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`,
          },
        },
      }))
    const text = (identity: string) =>
      `User: ${identity} is not authorized to perform: s3:GetObject with an explicit deny in a resource-based policy`
    const aws = denied(text('arn:aws:iam::111122223333:user/alice'))
    const mock = denied(text('arn:aws:iam::000000000000:root'))
    const comparison = compareExchanges(aws, mock)
    expect(comparison.differences).toEqual([])
    expect(comparison.tolerated.map((t) => t.deviation)).toEqual(['s3-explicit-deny-text'])
    const other = denied('Access Denied')
    expect(compareExchanges(aws, other).differences.map((d) => d.check)).toEqual([
      `#${noSuchKey + 1} S3 GET sample-<run>/<run>/missing?x-id: error message`,
    ])
  })
})

describe('masking: transport and addressing', () => {
  const complete = (location: string, origin: string, path: string): RecordedExchange => ({
    request: { method: 'POST', origin, path, query: { uploadId: 'u1' }, headers: {} },
    response: {
      status: 200,
      headers: { 'content-type': 'application/xml', 'content-length': '300' },
      body: {
        text: `<CompleteMultipartUploadResult><Location>${location}</Location><Bucket>b-run1</Bucket><Key>run1/k</Key><ETag>"abc-2"</ETag></CompleteMultipartUploadResult>`,
      },
    },
  })

  it('a Location reads the same from a virtual-hosted and a path-style endpoint', () => {
    const vocabulary = { '<bucket>': 'b-run1', '<run>': 'run1' }
    const [aws] = comparableExchanges({
      vocabulary,
      exchanges: [
        complete(
          'https://b-run1.s3.us-east-1.amazonaws.com/run1/k',
          'https://b-run1.s3.us-east-1.amazonaws.com',
          '/run1/k',
        ),
      ],
    })
    const [server] = comparableExchanges({
      vocabulary,
      exchanges: [
        complete(
          'https://127.0.0.1:4566/b-run1/run1/k',
          'https://127.0.0.1:4566',
          '/b-run1/run1/k',
        ),
      ],
    })
    expect(aws?.operation).toBe('S3 POST <bucket>/<run>/k?uploadId')
    expect(aws?.body).toEqual({
      CompleteMultipartUploadResult: {
        Location: '<endpoint>/<bucket>/<run>/k',
        Bucket: '<bucket>',
        Key: '<run>/k',
        ETag: '"<etag>-2"',
      },
    })
    expect(server).toEqual(aws)
  })

  it('content-length is compared for HEAD and object bodies, not for XML/JSON or empty bodies', () => {
    const exchange = (
      method: string,
      headers: Record<string, string>,
      body?: { text: string },
    ) => ({
      request: { method, origin: 'https://b.s3.amazonaws.com', path: '/k', query: {}, headers: {} },
      response: { status: 200, headers, ...(body === undefined ? {} : { body }) },
    })
    const headersOf = (e: RecordedExchange) =>
      comparableExchanges({ vocabulary: {}, exchanges: [e] })[0]?.headers
    expect(headersOf(exchange('HEAD', { 'content-length': '11' }))).toEqual({
      'content-length': '11',
    })
    expect(headersOf(exchange('GET', { 'content-length': '5' }, { text: 'hello' }))).toEqual({
      'content-length': '5',
    })
    expect(headersOf(exchange('PUT', { 'content-length': '0' }))).toEqual({})
    expect(
      headersOf(
        exchange(
          'GET',
          { 'content-length': '90', 'content-type': 'application/xml' },
          { text: '<A/>' },
        ),
      ),
    ).toEqual({ 'content-type': 'application/xml' })
  })
})
