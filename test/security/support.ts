import { S3Client } from '@aws-sdk/client-s3'
import { SignatureV4 } from '@smithy/signature-v4'
import { createHash } from 'node:crypto'
import { testCredentials } from '../support/kms.js'
import { NodeSha256 as Sha256 } from '../../src/protocol/auth/node-sha256.js'
import type { MockAws } from '../../src/index.js'

export interface RawRequest {
  readonly url: string
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly service: 's3' | 'kms'
  readonly region?: string
  /** When the signature says it was made. Default: now. */
  readonly signingDate?: Date
  readonly credentials?: { accessKeyId: string; secretAccessKey: string }
  /** S3: send `x-amz-content-sha256` of the body (as the SDK does). Default true for S3. */
  readonly contentSha256?: boolean
}

/** A SigV4-signed request as a client would send it, for tests that then tamper with it. */
export async function signed(raw: RawRequest): Promise<{ url: string; init: RequestInit }> {
  const url = new URL(raw.url)
  const body = raw.body ?? ''
  const headers: Record<string, string> = { host: url.host, ...raw.headers }
  if (raw.contentSha256 ?? raw.service === 's3') {
    headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex')
  }
  const signer = new SignatureV4({
    service: raw.service,
    region: raw.region ?? 'us-east-1',
    credentials: raw.credentials ?? testCredentials,
    sha256: Sha256,
    uriEscapePath: raw.service !== 's3',
  })
  const query: Record<string, string> = {}
  url.searchParams.forEach((v, k) => (query[k] = v))
  const request = await signer.sign(
    {
      method: raw.method ?? 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      path: url.pathname,
      query,
      headers,
      body,
    },
    raw.signingDate === undefined ? {} : { signingDate: raw.signingDate },
  )
  const sent: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== 'host') sent[name] = value
  }
  return {
    url: raw.url,
    init: { method: raw.method ?? 'GET', headers: sent, ...(body === '' ? {} : { body }) },
  }
}

/** A KMS JSON call's headers (without signature). */
export function kmsHeaders(operation: string): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `TrentService.${operation}`,
  }
}

export interface Answer {
  readonly status: number
  readonly code: string | undefined
  readonly message: string | undefined
  readonly text: string
}

/** Status, AWS error code and message of a response, S3 XML or KMS JSON. */
export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text()
  if (text.startsWith('{')) {
    const json = JSON.parse(text) as { __type?: string; message?: string }
    return { status: response.status, code: json.__type, message: json.message, text }
  }
  return {
    status: response.status,
    code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1],
    text,
  }
}

/** An S3 client on a world's fast lane, with the test credentials and no retries. */
export const s3On = (world: MockAws): S3Client =>
  new S3Client({
    region: 'us-east-1',
    credentials: testCredentials,
    requestHandler: world.requestHandler,
    maxAttempts: 1,
  })
