import { InvalidArgument, InvalidURI } from '../../s3/errors.js'

/** Where an S3 request points: service (no bucket), bucket, or object. */
export interface S3Address {
  readonly bucket: string | undefined
  /** Percent-decoded once; undefined when empty. */
  readonly key: string | undefined
  readonly style: 'virtual' | 'path'
}

// Region token as in endpoints.ts: us-east-1, us-gov-west-1, us-iso-east-1, cn-north-1 …
const REGION = '[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d+'
// The S3 service host after an optional virtual-hosted bucket: s3, s3.<region>, s3-<region> (legacy),
// s3-external-1, s3.dualstack.<region>, s3-fips.<region>, s3-fips.dualstack.<region>, .com.cn.
const AWS_S3_HOST = new RegExp(
  `^(?:(.+?)\\.)?s3(?:[.-](?:fips|dualstack|external-1|${REGION}))*\\.amazonaws\\.com(?:\\.cn)?$`,
)

// `<RequestRoute>.s3-object-lambda[-fips].<region>.amazonaws.com`: WriteGetObjectResponse's host,
// whose route prefix addresses like a virtual-hosted bucket (as on a custom endpoint).
const AWS_OBJECT_LAMBDA_HOST = new RegExp(
  `^(.+?)\\.s3-object-lambda(?:-fips)?\\.${REGION}\\.amazonaws\\.com(?:\\.cn)?$`,
)

/** A host (`localhost:4566`) from a configured endpoint given as a URL or a bare host. */
function endpointHost(endpoint: string | URL): string {
  if (endpoint instanceof URL) return endpoint.host.toLowerCase()
  return (endpoint.includes('://') ? new URL(endpoint).host : endpoint).toLowerCase()
}

/**
 * Percent-decodes once. A `+` stays a plus: paths are not form-encoded. Bad escapes are AWS's
 * InvalidURI (uncaptured for this exact case; S3 answers it for unparseable URIs).
 */
export function decodePathComponent(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new InvalidURI(raw)
  }
}

/** The virtual-hosted bucket for this host, or undefined for a path-style (or unknown) host. */
function virtualBucket(url: URL, customHosts: readonly string[]): string | undefined {
  const hostname = url.hostname.toLowerCase()
  const aws = AWS_S3_HOST.exec(hostname) ?? AWS_OBJECT_LAMBDA_HOST.exec(hostname)
  if (aws !== null) return aws[1]
  const host = url.host.toLowerCase()
  for (const custom of customHosts) {
    if (host.endsWith(`.${custom}`)) return host.slice(0, -custom.length - 1)
  }
  // A custom endpoint itself, an IP, or a host we do not know: path-style (server mode).
  return undefined
}

/**
 * Bucket and key from a request URL (reference/sdk-wire-facts.md §1c): virtual-hosted
 * `<bucket>.s3.<region>.amazonaws.com/<key>` or `<bucket>.<custom host>/<key>`, else path-style
 * `/<bucket>/<key>`. `customEndpoints` are the user's endpoints (URLs or `host:port`).
 * The WHATWG URL has already removed `.`/`..` segments; that cannot be undone here.
 */
export function resolveS3Address(
  url: URL,
  customEndpoints: readonly (string | URL)[] = [],
): S3Address {
  const bucket = virtualBucket(url, customEndpoints.map(endpointHost))
  const path = url.pathname.startsWith('/') ? url.pathname.slice(1) : url.pathname
  if (bucket !== undefined) {
    return { bucket, key: path === '' ? undefined : decodePathComponent(path), style: 'virtual' }
  }
  const slash = path.indexOf('/')
  const rawBucket = slash === -1 ? path : path.slice(0, slash)
  const rawKey = slash === -1 ? '' : path.slice(slash + 1)
  return {
    bucket: rawBucket === '' ? undefined : decodePathComponent(rawBucket),
    key: rawKey === '' ? undefined : decodePathComponent(rawKey),
    style: 'path',
  }
}

/** A parsed `x-amz-copy-source`. */
export interface CopySource {
  readonly bucket: string
  readonly key: string
  readonly versionId?: string
}

// Characters an encoded copy source may hold; anything else (a space, non-ASCII, `"`…) means the
// value was sent raw, as @aws-sdk/client-s3 does (reference/sdk-wire-facts.md §1a).
const ENCODED_FORM = /^[A-Za-z0-9\-._~/%!$&'()*+,;=:@]*$/

function decodeLeniently(value: string): string {
  if (!ENCODED_FORM.test(value)) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value // a literal `%` in a raw key (`100%.txt`)
  }
}

const INVALID_COPY_SOURCE =
  'Copy Source must mention the source bucket and key: sourcebucket/sourcekey'

/**
 * `bucket/key`, `/bucket/key`, URL-encoded or not, with an optional `?versionId=`.
 * A raw key containing a valid `%XX` sequence is ambiguous; like S3 we decode it.
 */
export function parseCopySource(header: string): CopySource {
  let value = header
  let versionId: string | undefined
  const q = value.lastIndexOf('?versionId=')
  if (q !== -1) {
    versionId = decodeLeniently(value.slice(q + '?versionId='.length))
    value = value.slice(0, q)
  }
  const decoded = decodeLeniently(value.startsWith('/') ? value.slice(1) : value)
  const slash = decoded.indexOf('/')
  const bucket = slash === -1 ? '' : decoded.slice(0, slash)
  const key = slash === -1 ? '' : decoded.slice(slash + 1)
  if (bucket === '' || key === '') {
    throw new InvalidArgument(INVALID_COPY_SOURCE, 'x-amz-copy-source', header)
  }
  return versionId === undefined || versionId === '' ? { bucket, key } : { bucket, key, versionId }
}
