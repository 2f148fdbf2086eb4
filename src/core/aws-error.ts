/**
 * The AWS services this library emulates. Each error knows which service's wire format it
 * belongs to only through the protocol that renders it; the error itself is plain data.
 */
export type ServiceName = 'kms' | 's3'

/**
 * One AWS error code as data (DESIGN §4): the wire code, the HTTP status AWS answers with,
 * AWS's exact message, and the extra body members and headers AWS sends. Protocol renderers
 * turn this into XML or JSON; nothing here knows either format.
 *
 * Subclasses are named as the code (`NotFoundException`, `NoSuchKey`) and fix `code` and `status`.
 * @public
 */
export abstract class AwsError extends Error {
  abstract readonly code: string
  abstract readonly status: number
  /** `server` for 5xx faults the SDK retries; everything a caller did wrong is `client`. */
  readonly fault: 'client' | 'server' = 'client'
  readonly fields: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>

  constructor(
    message: string,
    fields: Readonly<Record<string, string>> = {},
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = new.target.name
    this.fields = fields
    this.headers = headers
  }
}

/** True for any AWS error, across module copies (duck-typed so a second copy of the package still matches). */
export function isAwsError(value: unknown): value is AwsError {
  return (
    value instanceof AwsError ||
    (value instanceof Error &&
      typeof (value as Partial<AwsError>).code === 'string' &&
      typeof (value as Partial<AwsError>).status === 'number' &&
      typeof (value as Partial<AwsError>).fields === 'object')
  )
}
