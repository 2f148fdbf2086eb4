import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { runSample, SESSION_TOKEN, SSE_C_KEY } from '../../../../test/support/recordings.js'
import { serializeRecording, type RawExchange } from '../format.js'
import { redactExchange } from './redact.js'

/** What is written to a recording never holds a secret (SPEC §8, team rule on key material). */
const sample = await runSample('run-cccc3333')

/** Every secret value the raw exchanges carried, found without trusting the redaction's rules. */
function secretsIn(raw: readonly RawExchange[]): string[] {
  const secrets = new Set<string>([SSE_C_KEY, SESSION_TOKEN])
  for (const exchange of raw) {
    for (const [name, value] of [
      ...Object.entries(exchange.requestHeaders),
      ...Object.entries(exchange.responseHeaders),
    ]) {
      if (/authorization|customer-key|security-token/i.test(name)) secrets.add(value)
    }
    for (const body of [exchange.requestBody, exchange.responseBody]) {
      const text = body === undefined ? '' : Buffer.from(body).toString('utf8')
      for (const match of text.matchAll(/"(?:Plaintext|PrivateKeyPlaintext)"\s*:\s*"([^"]+)"/g)) {
        secrets.add(match[1] ?? '')
      }
    }
  }
  return [...secrets].filter((s) => s.length > 0)
}

describe('recordings never hold a secret', () => {
  it('the sample run really carried the secrets this test looks for', () => {
    const secrets = secretsIn(sample.raw)
    expect(secrets).toContain(SSE_C_KEY)
    expect(secrets).toContain(SESSION_TOKEN)
    // The SSE-C key's MD5, sent beside the key.
    expect(secrets).toContain(
      createHash('md5').update(Buffer.from(SSE_C_KEY, 'base64')).digest('base64'),
    )
    // A data key (GenerateDataKey) and its plaintext again (Decrypt).
    expect(secrets.filter((s) => Buffer.from(s, 'base64').length === 32).length).toBeGreaterThan(1)
    // Authorization headers (one per request, each different).
    expect(secrets.filter((s) => s.startsWith('AWS4-HMAC-SHA256 ')).length).toBe(sample.raw.length)
  })

  it('no SSE-C key or MD5, Authorization, session token or KMS plaintext is written', () => {
    const written = serializeRecording(sample.recording)
    for (const secret of secretsIn(sample.raw)) expect(written).not.toContain(secret)
    // Nor the signature alone (the hex after Signature=).
    for (const exchange of sample.raw) {
      const signature = /Signature=([0-9a-f]+)/.exec(
        exchange.requestHeaders.authorization ?? '',
      )?.[1]
      expect(signature).toBeDefined()
      expect(written).not.toContain(signature)
    }
  })

  it('masked values keep what the contract needs: presence, and the byte length of keys', () => {
    const sseC = sample.recording.exchanges.find(
      (e) => e.request.headers['x-amz-server-side-encryption-customer-algorithm'] !== undefined,
    )
    expect(sseC?.request.headers).toMatchObject({
      authorization: '<masked>',
      'x-amz-security-token': '<masked>',
      'x-amz-server-side-encryption-customer-algorithm': 'AES256',
      'x-amz-server-side-encryption-customer-key': '<masked: 32 bytes>',
      'x-amz-server-side-encryption-customer-key-md5': '<masked>',
    })
    const generate = sample.recording.exchanges.find(
      (e) => e.request.headers['x-amz-target'] === 'TrentService.GenerateDataKey',
    )
    expect(generate?.response.body).toMatchObject({ json: { Plaintext: '<masked: 32 bytes>' } })
  })

  it('presigned URLs lose their signature, credential, token and SSE-C key; other parameters stay', () => {
    const recorded = redactExchange({
      method: 'GET',
      url:
        'https://bucket.s3.us-east-1.amazonaws.com/key?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261123%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20261123T000000Z&X-Amz-Expires=900&X-Amz-Security-Token=tok' +
        `&x-amz-server-side-encryption-customer-key=${encodeURIComponent(SSE_C_KEY)}` +
        '&X-Amz-Signature=abcdef0123&X-Amz-SignedHeaders=host&versionId=v1',
      requestHeaders: {},
      requestBody: undefined,
      status: 200,
      responseHeaders: {
        'x-amz-server-side-encryption-customer-key-MD5': 'bWQ1',
        'Content-Type': 'text/plain',
      },
      responseBody: new TextEncoder().encode('hello'),
    })
    expect(recorded.request.query).toEqual({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': '<masked>',
      'X-Amz-Date': '20261123T000000Z',
      'X-Amz-Expires': '900',
      'X-Amz-Security-Token': '<masked>',
      'X-Amz-Signature': '<masked>',
      'X-Amz-SignedHeaders': 'host',
      versionId: 'v1',
      'x-amz-server-side-encryption-customer-key': '<masked>',
    })
    expect(recorded.response).toEqual({
      status: 200,
      headers: {
        'content-type': 'text/plain',
        'x-amz-server-side-encryption-customer-key-md5': '<masked>',
      },
      body: { text: 'hello' },
    })
  })

  it('bodies: JSON parsed, XML as text, small binary as base64, large or form bodies by size and hash only', () => {
    const base = {
      method: 'PUT',
      url: 'https://s3.amazonaws.com/b/k',
      requestHeaders: {},
      requestBody: undefined,
      status: 200,
    }
    const big = new Uint8Array(5000).fill(1)
    const form = new TextEncoder().encode(
      `--x\r\nContent-Disposition: form-data; name="key"\r\n\r\n${SSE_C_KEY}\r\n--x--`,
    )
    const body = (headers: Record<string, string>, bytes: Uint8Array) =>
      redactExchange({ ...base, responseHeaders: headers, responseBody: bytes }).response.body
    expect(
      body({ 'content-type': 'application/x-amz-json-1.1' }, new TextEncoder().encode('{"a":1}')),
    ).toEqual({
      json: { a: 1 },
    })
    expect(body({ 'content-type': 'application/xml' }, new TextEncoder().encode('<A/>'))).toEqual({
      text: '<A/>',
    })
    expect(body({}, new Uint8Array([0, 1, 2, 255]))).toEqual({ base64: 'AAEC/w==' })
    expect(body({}, big)).toEqual({
      bytes: 5000,
      sha256: createHash('sha256').update(big).digest('hex'),
    })
    const formBody = body({ 'content-type': 'multipart/form-data; boundary=x' }, form)
    expect(formBody).toMatchObject({ bytes: form.length })
    expect(JSON.stringify(formBody)).not.toContain(SSE_C_KEY)
    expect(body({}, new Uint8Array())).toBeUndefined()
  })

  it("AWS's SignatureDoesNotMatch body loses the canonical request (signed header values), string to sign, signature and key id", () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>' +
      '<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>' +
      '<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId>' +
      '<StringToSign>AWS4-HMAC-SHA256\n20261123T000000Z\n20261123/us-east-1/s3/aws4_request\nabc</StringToSign>' +
      '<SignatureProvided>0123abcd</SignatureProvided>' +
      `<CanonicalRequest>GET\n/key\n\nhost:bucket.s3.amazonaws.com\nx-amz-server-side-encryption-customer-key:${SSE_C_KEY}\n</CanonicalRequest>` +
      '<RequestId>R</RequestId></Error>'
    const recorded = redactExchange({
      method: 'GET',
      url: 'https://bucket.s3.amazonaws.com/key',
      requestHeaders: {},
      requestBody: undefined,
      status: 403,
      responseHeaders: { 'content-type': 'application/xml' },
      responseBody: new TextEncoder().encode(body),
    })
    const text = (recorded.response.body as { text: string }).text
    expect(text).not.toContain(SSE_C_KEY)
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE')
    expect(text).not.toContain('0123abcd')
    expect(text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>' +
        '<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>' +
        '<AWSAccessKeyId>&lt;masked&gt;</AWSAccessKeyId><StringToSign>&lt;masked&gt;</StringToSign>' +
        '<SignatureProvided>&lt;masked&gt;</SignatureProvided><CanonicalRequest>&lt;masked&gt;</CanonicalRequest>' +
        '<RequestId>R</RequestId></Error>',
    )
  })
})
