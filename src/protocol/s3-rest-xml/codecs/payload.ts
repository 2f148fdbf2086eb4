import { readCapped } from '../../../core/read-capped.js'
import { MaxMessageLengthExceeded } from '../../../s3/errors.js'
import type { S3HttpRequest } from '../http.js'
import { DEFAULT_MAX_XML_BYTES, parseXml, type ParseXmlOptions, type XmlNode } from '../xml.js'
import { decodeBody } from './body.js'

/**
 * Caps of S3 request bodies that are not object data. S3 documents some: a CORS configuration is
 * at most 64 KB ("CORS configuration", S3 user guide), a bucket policy 20 KB (the domain gives the
 * policy's own error; the read cap is far above it). The other configuration documents are small
 * by their schema (a tag set of 50 tags, one encryption rule, a versioning status), so they share
 * the 64 KiB cap; S3's own caps for them are _uncaptured_. DeleteObjects (1000 keys) and
 * CompleteMultipartUpload (10,000 parts) keep `DEFAULT_MAX_XML_BYTES`.
 */
export const MAX_CONFIG_BYTES = 64 * 1024
export const MAX_POLICY_READ_BYTES = 1024 * 1024

/**
 * Reads the body of a request whose payload is not object data (an XML document, a policy) up
 * to `maxBytes`. It is bound to `x-amz-content-sha256` exactly as object bodies are (the SHA-256
 * of the bytes read must match, else `XAmzContentSHA256Mismatch`), and aws-chunked framing is
 * removed. Over the cap is `MaxMessageLengthExceeded`, at once when the declared length says so,
 * else as soon as the bytes pass it; either way the rest is never read (the stream is cancelled).
 */
export async function readPayload(req: S3HttpRequest, maxBytes: number): Promise<Uint8Array> {
  const decoded = decodeBody(req)
  if ((decoded.ContentLength ?? 0) > maxBytes) {
    await decoded.Body.cancel().catch(() => undefined)
    throw new MaxMessageLengthExceeded()
  }
  return readCapped(decoded.Body, maxBytes, () => new MaxMessageLengthExceeded())
}

/** Reads a request's XML document within its cap (bound to its SHA-256) and parses it. */
export async function readXmlBody(req: S3HttpRequest, options: ParseXmlOptions): Promise<XmlNode> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES
  return parseXml(await readPayload(req, maxBytes), { ...options, maxBytes })
}
