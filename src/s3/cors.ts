import { InvalidArgument, InvalidRequest, MalformedXML } from './errors.js'
import { BadRequest, CorsForbidden } from './errors-config.js'

/**
 * Bucket CORS as S3 checks and applies it (PutBucketCors API reference; S3 user guide "Cross-origin
 * resource sharing"; S3's answers as recorded in public captures, cited per rule). Pure: the
 * preflight and actual-request evaluations take the rules and the request's CORS headers and
 * return what to answer, for the protocol (in-process and server mode) and the browser lane.
 */

/** One rule, named as S3's `CORSRule` shape; lists in the order given (GetBucketCors returns them so). */
export interface CorsRule {
  readonly ID?: string
  readonly AllowedHeaders?: readonly string[]
  readonly AllowedMethods: readonly string[]
  readonly AllowedOrigins: readonly string[]
  readonly ExposeHeaders?: readonly string[]
  readonly MaxAgeSeconds?: number
}

/** "You can add up to 100 rules to the configuration" (user guide, CORS configuration). */
const MAX_RULES = 100
const MAX_ID_LENGTH = 255
/** "Valid values are GET, PUT, HEAD, POST, and DELETE" (CORSRule, AllowedMethods). */
const METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE'])

/** What every CORS answer of S3 names in `Vary`. */
export const CORS_VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method'

const wildcards = (pattern: string): number => pattern.split('*').length - 1

/**
 * Validates a configuration, first fault first. Recorded answers: no rules, more than 100, a rule
 * without an origin or a method → MalformedXML; an unknown method and a second `*` → InvalidRequest
 * with S3's texts. ID length, duplicate IDs and a negative MaxAgeSeconds → InvalidArgument with
 * _uncaptured_ texts.
 */
export function validCorsRules(rules: readonly CorsRule[]): readonly CorsRule[] {
  if (rules.length === 0 || rules.length > MAX_RULES) throw new MalformedXML()
  const ids = new Set<string>()
  for (const rule of rules) {
    if (rule.AllowedOrigins.length === 0 || rule.AllowedMethods.length === 0) {
      throw new MalformedXML()
    }
    if (rule.ID !== undefined) {
      if (rule.ID.length > MAX_ID_LENGTH) {
        throw new InvalidArgument('ID length should not exceed allowed limit of 255', 'ID', rule.ID)
      }
      if (ids.has(rule.ID)) {
        throw new InvalidArgument('Rule ID must be unique. Found same ID for more than one rule')
      }
      ids.add(rule.ID)
    }
    const method = rule.AllowedMethods.find((m) => !METHODS.has(m))
    if (method !== undefined) {
      throw new InvalidRequest(
        `Found unsupported HTTP method in CORS config. Unsupported method is ${method}`,
      )
    }
    const origin = rule.AllowedOrigins.find((o) => wildcards(o) > 1)
    if (origin !== undefined) {
      throw new InvalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`)
    }
    const header = (rule.AllowedHeaders ?? []).find((h) => wildcards(h) > 1)
    if (header !== undefined) {
      throw new InvalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`)
    }
    if (rule.MaxAgeSeconds !== undefined && rule.MaxAgeSeconds < 0) {
      throw new InvalidArgument('MaxAgeSeconds must not be negative', 'MaxAgeSeconds')
    }
  }
  return rules.map((r) => structuredClone<CorsRule>(r))
}

/** `pattern` (at most one `*`, any run of characters, the empty one included) matches `text`. */
function wildcardMatch(pattern: string, text: string, foldCase: boolean): boolean {
  const p = foldCase ? pattern.toLowerCase() : pattern
  const t = foldCase ? text.toLowerCase() : text
  const star = p.indexOf('*')
  if (star === -1) return p === t
  const head = p.slice(0, star)
  const tail = p.slice(star + 1)
  return t.length >= head.length + tail.length && t.startsWith(head) && t.endsWith(tail)
}

/** An `Access-Control-Request-Headers` value's names, lower-case, empty elements ignored. */
function headerNames(value: string | undefined): string[] {
  if (value === undefined) return []
  return value
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '')
}

/** The request members CORS looks at. */
export interface CorsRequest {
  readonly origin: string | undefined
  /** The request's own method (OPTIONS for a preflight). */
  readonly method: string
  readonly requestMethod?: string | undefined
  readonly requestHeaders?: string | undefined
}

/**
 * The first rule that allows the origin, method and every requested header ("Amazon S3 evaluates
 * the CORSRules … and uses the first CORSRule rule that matches", user guide), and the headers
 * to answer with: the origin (or `*` when only `*` allows it, then without credentials), every
 * method of the rule, the requested headers, expose headers, max age, `Vary`.
 */
function allowing(
  rules: readonly CorsRule[],
  origin: string,
  method: string,
  requested: readonly string[],
): Record<string, string> | undefined {
  for (const rule of rules) {
    const named = rule.AllowedOrigins.some((o) => o !== '*' && wildcardMatch(o, origin, false))
    const any = !named && rule.AllowedOrigins.includes('*')
    if (!named && !any) continue
    if (!rule.AllowedMethods.includes(method)) continue
    const headers = rule.AllowedHeaders ?? []
    if (!requested.every((name) => headers.some((h) => wildcardMatch(h, name, true)))) continue
    return {
      'Access-Control-Allow-Origin': any ? '*' : origin,
      'Access-Control-Allow-Methods': rule.AllowedMethods.join(', '),
      ...(requested.length === 0 ? {} : { 'Access-Control-Allow-Headers': requested.join(', ') }),
      ...(rule.ExposeHeaders === undefined || rule.ExposeHeaders.length === 0
        ? {}
        : { 'Access-Control-Expose-Headers': rule.ExposeHeaders.join(', ') }),
      ...(rule.MaxAgeSeconds === undefined
        ? {}
        : { 'Access-Control-Max-Age': String(rule.MaxAgeSeconds) }),
      ...(any ? {} : { 'Access-Control-Allow-Credentials': 'true' }),
      Vary: CORS_VARY,
    }
  }
  return undefined
}

/**
 * A preflight `OPTIONS`: the headers of a 200, or the error S3 answers. Recorded texts: no
 * `Origin` → 400 BadRequest; no configuration → 403 "CORS is not enabled for this bucket."; no
 * rule allows it → 403 with S3's "evalution" text. A preflight without
 * `Access-Control-Request-Method` is 400 (s3-tests; text follows the Origin one, _uncaptured_).
 */
export function corsPreflight(
  rules: readonly CorsRule[] | undefined,
  request: CorsRequest,
  resourceType: 'BUCKET' | 'OBJECT',
): Record<string, string> {
  if (request.origin === undefined) {
    throw new BadRequest('Insufficient information. Origin request header needed.')
  }
  const method = request.requestMethod ?? 'OPTIONS'
  if (rules === undefined) throw new CorsForbidden(method, resourceType, 'notEnabled')
  if (request.requestMethod === undefined) {
    throw new BadRequest(
      'Insufficient information. Access-Control-Request-Method request header needed.',
    )
  }
  const headers = allowing(rules, request.origin, method, headerNames(request.requestHeaders))
  if (headers === undefined) throw new CorsForbidden(method, resourceType, 'notAllowed')
  return headers
}

/**
 * An actual request with an `Origin`: the CORS headers its response carries, whatever its
 * outcome, or none. S3 never refuses the request for CORS (the browser does); it matches by
 * `Access-Control-Request-Method`/`-Headers` when sent, else by the request's own method.
 */
export function corsActual(
  rules: readonly CorsRule[] | undefined,
  request: CorsRequest,
): Record<string, string> | undefined {
  if (rules === undefined || request.origin === undefined) return undefined
  return allowing(
    rules,
    request.origin,
    request.requestMethod ?? request.method,
    headerNames(request.requestHeaders),
  )
}
