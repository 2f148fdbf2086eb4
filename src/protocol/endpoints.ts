import type { ServiceName } from '../core/aws-error.js'

/** Which service a request is for, and the region it addresses. */
export interface ServiceEndpoint {
  readonly service: ServiceName
  /** From the host for AWS hosts; from the signature's scope (or the default) for custom endpoints. */
  readonly region: string | undefined
  /** True for AWS's own hostnames, false for `options.endpoints`. */
  readonly awsHost: boolean
  /**
   * For S3: the SigV4 service the request is signed for, which tells S3's endpoint families apart:
   * `s3` (general-purpose buckets), `s3express` (directory buckets: the `s3express-control` and
   * zonal hosts) and `s3-object-lambda`. From the host for AWS hosts, from the credential scope
   * on a custom endpoint (one port serves them all).
   */
  readonly signingService?: S3SigningService
}

/** The SigV4 services of S3's endpoint families. */
export type S3SigningService = 's3' | 's3express' | 's3-object-lambda'

// kms.<region>.amazonaws.com and the FIPS variant kms-fips.<region>.amazonaws.com (China: .com.cn).
const KMS_HOST = /^kms(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/
// Every S3 host form: s3.amazonaws.com, s3.<region>, s3-<region>, s3-fips, s3.dualstack, s3-external-1,
// with or without a virtual-hosted bucket in front.
const S3_HOST =
  /(?:^|\.)s3(?:[.-](?:fips|dualstack|external-1|[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+))*\.amazonaws\.com(?:\.cn)?$/
const S3_REGION =
  /(?:^|\.)s3(?:[.-](?:fips|dualstack))*[.-]([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+)\.amazonaws\.com/
// S3 Express One Zone (directory buckets): the Regional control plane
// `s3express-control.<region>.amazonaws.com` and the zonal `<bucket>.s3express-<az>.<region>…`
// hosts, with their FIPS variants (@aws-sdk/client-s3 endpoint rules). The mock emulates no
// directory bucket, but answers there rather than let a request leave the process.
const S3_EXPRESS_HOST =
  /(?:^|\.)s3express-(?:fips-)?(?:control|[a-z0-9]+-az\d+)\.([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+)\.amazonaws\.com(?:\.cn)?$/
// S3 Object Lambda: `<RequestRoute>.s3-object-lambda[-fips].<region>.amazonaws.com`.
const S3_OBJECT_LAMBDA_HOST =
  /(?:^|\.)s3-object-lambda(?:-fips)?\.([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+)\.amazonaws\.com(?:\.cn)?$/

/** Normalised custom endpoints: scheme + host + port, as the user configured them. */
export class CustomEndpoints {
  readonly #origins: { protocol: string; host: string }[]

  constructor(endpoints: readonly (string | URL)[]) {
    this.#origins = endpoints.map((e) => {
      const url = new URL(e)
      return { protocol: url.protocol, host: url.host.toLowerCase() }
    })
  }

  /** Matches the endpoint itself and virtual-hosted buckets under it (`bucket.localhost:4566`). */
  matches(url: URL): boolean {
    const host = url.host.toLowerCase()
    return this.#origins.some(
      (o) => o.protocol === url.protocol && (host === o.host || host.endsWith(`.${o.host}`)),
    )
  }
}

/**
 * Classifies a request: KMS and S3 on AWS's own hosts, or any service on a custom endpoint
 * (told apart by `X-Amz-Target` and the signature scope, as one port serves both). Anything
 * else is not ours and is left alone.
 */
export function classifyRequest(
  url: URL,
  headers: Headers,
  custom: CustomEndpoints,
): ServiceEndpoint | undefined {
  const host = url.hostname.toLowerCase()
  const kms = KMS_HOST.exec(host)
  if (kms !== null) return { service: 'kms', region: kms[1], awsHost: true }
  if (S3_HOST.test(host)) {
    const region = S3_REGION.exec(host)?.[1] ?? 'us-east-1'
    return { service: 's3', region, awsHost: true, signingService: 's3' }
  }
  const express = S3_EXPRESS_HOST.exec(host)
  if (express !== null) {
    return { service: 's3', region: express[1], awsHost: true, signingService: 's3express' }
  }
  const lambda = S3_OBJECT_LAMBDA_HOST.exec(host)
  if (lambda !== null) {
    return { service: 's3', region: lambda[1], awsHost: true, signingService: 's3-object-lambda' }
  }
  if (!custom.matches(url)) return undefined
  const target = headers.get('x-amz-target') ?? ''
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(
    headers.get('authorization') ?? '',
  )
  if (target.startsWith('TrentService.') || scope?.[2] === 'kms') {
    return { service: 'kms', region: scope?.[1], awsHost: false }
  }
  // A presigned URL carries its scope in the query.
  const signedFor = (
    scope ?? /^[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(url.searchParams.get('X-Amz-Credential') ?? '')
  )?.at(-1)
  const signingService: S3SigningService =
    signedFor === 's3express' || signedFor === 's3-object-lambda' ? signedFor : 's3'
  return { service: 's3', region: scope?.[1], awsHost: false, signingService }
}

/** Cheap ownership test for the transport: is this URL one the mock answers? */
export function isOwnedUrl(url: URL, custom: CustomEndpoints): boolean {
  const host = url.hostname.toLowerCase()
  return (
    KMS_HOST.test(host) ||
    S3_HOST.test(host) ||
    S3_EXPRESS_HOST.test(host) ||
    S3_OBJECT_LAMBDA_HOST.test(host) ||
    custom.matches(url)
  )
}
