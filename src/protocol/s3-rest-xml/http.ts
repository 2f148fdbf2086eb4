import type { ChunkSignatureVerifier, SigV4Credentials } from '../auth/sigv4.js'
import type { RequestMeta } from '../request-meta.js'
import { buildXml, type XmlInput } from './xml.js'

/**
 * One S3 request as the codecs see it: the Fetch request plus what the handler already worked
 * out (bucket and key from the address, the query, ids for the response).
 */
export interface S3HttpRequest {
  readonly request: Request
  readonly url: URL
  readonly method: string
  readonly bucket: string | undefined
  readonly key: string | undefined
  readonly query: URLSearchParams
  /** The request's headers, plus the `x-amz-*` parameters of a presigned query. */
  readonly headers: Headers
  readonly meta: RequestMeta
  /** Chunk-signature checks for signed aws-chunked bodies, when credentials are configured. */
  chunkSignatures?: ChunkSignatureVerifier
  /** The configured key pairs, for a signature a codec checks itself (POST Object's policy). */
  credentials?: readonly SigV4Credentials[]
}

export type Headerish = Record<string, string | undefined>

/** Drops undefined values so a codec can list optional headers inline. */
export function definedHeaders(headers: Headerish): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value
  return out
}

export function xmlResponse(
  root: string,
  content: XmlInput,
  headers: Headerish = {},
  status = 200,
): Response {
  return new Response(buildXml(root, content), {
    status,
    headers: { 'content-type': 'application/xml', ...definedHeaders(headers) },
  })
}

export function emptyResponse(headers: Headerish = {}, status = 200): Response {
  return new Response(null, { status, headers: definedHeaders(headers) })
}

/** Required bucket (routing guarantees it for bucket and object operations). */
export function bucketOf(req: S3HttpRequest): string {
  return req.bucket ?? ''
}

export function keyOf(req: S3HttpRequest): string {
  return req.key ?? ''
}

export const optional = (value: string | null): string | undefined => value ?? undefined

/** The object a sub-resource request addresses (`?tagging`, `?acl`): bucket, key, `versionId`. */
export function objectTarget(req: S3HttpRequest): {
  Bucket: string
  Key: string
  VersionId?: string
} {
  const versionId = optional(req.query.get('versionId'))
  return {
    Bucket: bucketOf(req),
    Key: keyOf(req),
    ...(versionId === undefined ? {} : { VersionId: versionId }),
  }
}

/** HTTP dates (RFC 7231) as S3 writes Last-Modified and Expires. */
export const httpDate = (date: Date | undefined): string | undefined => date?.toUTCString()
