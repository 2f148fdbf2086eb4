import type { Caller } from '../core/context.js'
import { authFormOf } from './auth/sigv4-parse.js'

/** What the protocol learns about a request before decoding it; shared by renderers and audit. */
export interface RequestMeta {
  readonly requestId: string
  /** S3's `x-amz-id-2` for this request (S3 requests only). */
  readonly hostId?: string
  readonly method: string
  readonly url: URL
  readonly secure: boolean
  readonly caller: Caller
  /** From the SigV4 credential scope, when the request is signed. */
  readonly scope?: { region: string; service: string; date: string }
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/

/** Reads the signature form and credential scope from the Authorization header or a presigned query. */
export function readRequestMeta(
  request: Request,
  requestId: string,
  accountId: string,
  url: URL = new URL(request.url),
): RequestMeta {
  const form = authFormOf(request, url)
  let signature: Caller['signature'] = 'anonymous'
  let credential: RegExpExecArray | null = null
  // Only a real SigV4 form counts as signed: `AWS4-HMAC-SHA256x …` is refused, never the root.
  if (form.kind === 'sigv4-header') {
    signature = 'sigv4'
    credential = CREDENTIAL.exec(form.value)
  } else if (form.kind === 'sigv4-query') {
    signature = 'sigv4'
    credential = CREDENTIAL.exec(`Credential=${url.searchParams.get('X-Amz-Credential') ?? ''}`)
  } else if (form.kind === 'sigv2-header' || form.kind === 'sigv2-query') {
    signature = 'sigv2'
  }
  const caller: Caller = {
    accountId,
    secure: url.protocol === 'https:',
    sourceIp: '127.0.0.1',
    userAgent: request.headers.get('user-agent') ?? '',
    signature,
    ...(credential?.[1] === undefined ? {} : { accessKeyId: credential[1] }),
  }
  const meta: RequestMeta = {
    requestId,
    method: request.method.toUpperCase(),
    url,
    secure: caller.secure,
    caller,
    ...(credential?.[2] !== undefined && credential[3] !== undefined && credential[4] !== undefined
      ? { scope: { date: credential[2], region: credential[3], service: credential[4] } }
      : {}),
  }
  return meta
}
