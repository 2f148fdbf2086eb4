import type { HttpRequest } from '@smithy/types'
import type { Clock } from '../core/clock.js'
import { NodeSha256 } from '../protocol/auth/node-sha256.js'
import { SignatureV4 } from '../protocol/auth/signature-v4-lib.js'

/**
 * A minimal S3/KMS client over `world.handle()`, for `world.load()`: requests are built and
 * SigV4-signed as the AWS SDK builds them, so loading a world file goes through the same
 * protocol decoding, authentication, domain rules and audit as a user's calls (SPEC §6).
 */
export interface WorldClient {
  /** A KMS JSON call; resolves with the response members, rejects with `WorldCallError`. */
  kms(
    region: string,
    operation: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>>
  /** An S3 REST call (path-style); rejects with `WorldCallError` when S3 answers an error. */
  s3(request: S3CallInput): Promise<void>
}

export interface S3CallInput {
  readonly region: string
  readonly method: 'PUT' | 'POST' | 'DELETE'
  readonly bucket: string
  readonly key?: string
  readonly query?: Readonly<Record<string, string>>
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: Uint8Array | string
}

/** What AWS answered when a call failed. */
export class WorldCallError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'WorldCallError'
  }
}

/** RFC 3986 encoding of one path segment, as SigV4 canonicalises S3 keys. */
const encodeSegment = (segment: string): string =>
  encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

const s3OperationOf = (input: S3CallInput): string => {
  if (input.key !== undefined) return input.method === 'PUT' ? 'PutObject' : input.method
  if (input.query?.versioning !== undefined) return 'PutBucketVersioning'
  if (input.query?.encryption !== undefined) return 'PutBucketEncryption'
  if (input.query?.policy !== undefined) return 'PutBucketPolicy'
  return 'CreateBucket'
}

export function worldClient(
  handle: (request: Request) => Promise<Response>,
  clock: Clock,
  credentials: { accessKeyId: string; secretAccessKey: string },
): WorldClient {
  async function send(
    service: 'kms' | 's3',
    region: string,
    request: HttpRequest,
  ): Promise<Response> {
    const signer = new SignatureV4({
      service,
      region,
      credentials,
      sha256: NodeSha256,
      uriEscapePath: service !== 's3',
    })
    const signed = await signer.sign(request, { signingDate: clock.now() })
    const query = new URLSearchParams(signed.query as Record<string, string>).toString()
    const url = `https://${signed.hostname}${signed.path}${query === '' ? '' : `?${query}`}`
    const headers = new Headers(signed.headers)
    headers.delete('host')
    return handle(
      new Request(url, {
        method: signed.method,
        headers,
        ...(signed.body === undefined ? {} : { body: signed.body as BodyInit }),
      }),
    )
  }

  return {
    async kms(region, operation, input) {
      const hostname = `kms.${region}.amazonaws.com`
      const response = await send('kms', region, {
        method: 'POST',
        protocol: 'https:',
        hostname,
        path: '/',
        query: {},
        headers: {
          host: hostname,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `TrentService.${operation}`,
        },
        body: JSON.stringify(input),
      })
      const text = await response.text()
      const json = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>
      if (!response.ok) {
        const type = typeof json.__type === 'string' ? json.__type : 'UnknownError'
        const message = json.message ?? json.Message
        throw new WorldCallError(
          operation,
          type.replace(/^.*#/, ''),
          response.status,
          typeof message === 'string' ? message : '',
        )
      }
      return json
    },

    async s3(input) {
      const hostname = `s3.${input.region}.amazonaws.com`
      const key =
        input.key === undefined ? '' : `/${input.key.split('/').map(encodeSegment).join('/')}`
      const body =
        typeof input.body === 'string' ? new TextEncoder().encode(input.body) : input.body
      const response = await send('s3', input.region, {
        method: input.method,
        protocol: 'https:',
        hostname,
        path: `/${input.bucket}${key}`,
        query: { ...input.query },
        headers: {
          host: hostname,
          ...(body === undefined ? {} : { 'content-length': String(body.length) }),
          ...input.headers,
        },
        ...(body === undefined ? {} : { body }),
      })
      const text = await response.text()
      if (!response.ok) {
        const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? 'UnknownError'
        const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? ''
        throw new WorldCallError(s3OperationOf(input), code, response.status, unescapeXml(message))
      }
    },
  }
}

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
