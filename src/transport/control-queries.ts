import type { AuditEvent } from '../core/audit.js'

/**
 * The query parameters of the read-only control endpoints, read into what the world's own
 * assertion API takes (`world.audit.events(filter)`, `world.s3.object(bucket, key, versionId)`),
 * so a suite in another language sees the same facts as an in-process one.
 */

/** A query the endpoint cannot answer: rendered as 400 JSON with this message. */
export class ControlQueryError extends Error {}

/** The top-level fields of an audit event a query may name (AuditEvent, core/audit.ts). */
const AUDIT_FIELDS: readonly (keyof AuditEvent)[] = [
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'userIdentity',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'readOnly',
  'resources',
  'eventType',
  'errorCode',
  'errorMessage',
  'injectedFault',
]

/** True when the value at `path` (an array matches when any element does) reads as `wanted`. */
function valueMatches(actual: unknown, path: readonly string[], wanted: string): boolean {
  if (Array.isArray(actual)) return actual.some((item) => valueMatches(item, path, wanted))
  const [head, ...rest] = path
  if (head === undefined) {
    // Query strings carry text: a boolean or number matches its JSON spelling, null as "null".
    return actual === null || typeof actual !== 'object' ? String(actual) === wanted : false
  }
  if (actual === null || typeof actual !== 'object') return false
  return valueMatches((actual as Record<string, unknown>)[head], rest, wanted)
}

/**
 * `?eventSource=kms.amazonaws.com&eventName=Decrypt` as a predicate over audit events: every
 * named field must match; a field named twice matches either value. A dotted name reaches into
 * an object field (`userIdentity.invokedBy=s3.amazonaws.com`, `requestParameters.keyId=…`), and
 * into each element of `resources` (`resources.ARN=…`).
 */
export function auditFilterFromQuery(query: URLSearchParams): (event: AuditEvent) => boolean {
  const wanted = new Map<string, string[]>()
  for (const [name, value] of query) {
    const [field = ''] = name.split('.')
    if (!(AUDIT_FIELDS as readonly string[]).includes(field)) {
      throw new ControlQueryError(
        `Unknown audit event field '${name}'. Filter on ${AUDIT_FIELDS.join(', ')} (dotted names reach into objects, e.g. userIdentity.invokedBy).`,
      )
    }
    wanted.set(name, [...(wanted.get(name) ?? []), value])
  }
  return (event) =>
    [...wanted].every(([name, values]) => {
      const path = name.split('.')
      return values.some((value) => valueMatches(event, path, value))
    })
}

export interface ObjectQuery {
  bucket: string
  key: string
  versionId: string | undefined
}

const OBJECT_PARAMETERS = ['bucket', 'key', 'versionId']

/** `?bucket=B&key=K[&versionId=V]`: bucket and key are required, nothing else is accepted. */
export function objectQueryFrom(query: URLSearchParams): ObjectQuery {
  for (const name of query.keys()) {
    if (!OBJECT_PARAMETERS.includes(name)) {
      throw new ControlQueryError(
        `Unknown parameter '${name}'. Use ?bucket=BUCKET&key=KEY and optionally &versionId=ID.`,
      )
    }
  }
  const bucket = query.get('bucket')
  const key = query.get('key')
  if (bucket === null || bucket === '' || key === null || key === '') {
    throw new ControlQueryError(
      'Name the object: ?bucket=BUCKET&key=KEY (URL-encoded), and optionally &versionId=ID.',
    )
  }
  return { bucket, key, versionId: query.get('versionId') ?? undefined }
}
