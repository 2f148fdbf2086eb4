/**
 * The recording file (`fixtures/recordings/<target>/<scenario>.json`): every HTTP exchange of one
 * scenario run, in the order the responses completed, with every secret masked before it is
 * written (normalize/redact.ts). Plain JSON with a fixed key order, so a re-recording diffs
 * line by line in review.
 */

/** The `format` field of every recording this code writes and reads. */
export const RECORDING_FORMAT = 's3-kms-mock-recording/1'

/**
 * A body as stored: JSON parsed (KMS, bucket policies), text (XML, small UTF-8 objects), base64
 * (small binary objects) or only its size and SHA-256 (large or opaque bodies, streamed uploads).
 */
export type RecordedBody =
  | { readonly json: unknown }
  | { readonly text: string }
  | { readonly base64: string }
  | { readonly bytes: number; readonly sha256?: string }

export interface RecordedRequest {
  readonly method: string
  /** `scheme://host[:port]` as the client addressed it (virtual-hosted buckets included). */
  readonly origin: string
  /** The URL path, percent-encoded as sent. */
  readonly path: string
  /** Query parameters, names sorted; a repeated name keeps every value in order. */
  readonly query: Readonly<Record<string, string | readonly string[]>>
  /** The request headers worth reading (lower-case, sorted); secrets masked. */
  readonly headers: Readonly<Record<string, string>>
  readonly body?: RecordedBody
}

export interface RecordedResponse {
  readonly status: number
  /** Every response header (lower-case, sorted); secrets masked. */
  readonly headers: Readonly<Record<string, string>>
  readonly body?: RecordedBody
}

export interface RecordedExchange {
  readonly request: RecordedRequest
  readonly response: RecordedResponse
}

export interface Recording {
  readonly format: typeof RECORDING_FORMAT
  /** The target the scenario ran on (`server`, `aws`, …). */
  readonly target: string
  /**
   * The engine and version that answered (`ceph-rgw 16.2.15`, `s3-kms-mock server`), when the
   * target declared it; a replay names it in its differences.
   */
  readonly engine?: string
  readonly scenario: string
  /**
   * Run-specific names the scenario used (the run's key prefix, buckets it created), so the
   * comparison can read them as placeholders (`<run>`, `<bucket:1>`) on both sides.
   */
  readonly vocabulary: Readonly<Record<string, string>>
  readonly exchanges: readonly RecordedExchange[]
}

/** One exchange as it crossed the wire, before anything is masked. */
export interface RawExchange {
  readonly method: string
  readonly url: string
  readonly requestHeaders: Readonly<Record<string, string>>
  /** Undefined when the body is not known (the recorder saw it only in an encoded form). */
  readonly requestBody: Uint8Array | undefined
  readonly status: number
  readonly responseHeaders: Readonly<Record<string, string>>
  readonly responseBody: Uint8Array
}

/** Serializes a recording: two-space JSON, trailing newline (what prettier leaves alone). */
export function serializeRecording(recording: Recording): string {
  return `${JSON.stringify(recording, null, 2)}\n`
}

/** Parses and checks a recording file's shape; the error names the file and what is wrong. */
export function parseRecording(text: string, file: string): Recording {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`Failed to read the recording ${file}: ${(error as Error).message}`)
  }
  const fail = (what: string): never => {
    throw new Error(`Failed to read the recording ${file}: ${what}`)
  }
  if (!isObject(value)) return fail('not a JSON object')
  if (value.format !== RECORDING_FORMAT) {
    return fail(`format ${JSON.stringify(value.format)} is not ${RECORDING_FORMAT}`)
  }
  if (typeof value.target !== 'string' || typeof value.scenario !== 'string') {
    return fail('target and scenario must be strings')
  }
  if (value.engine !== undefined && typeof value.engine !== 'string') {
    return fail('engine must be a string')
  }
  if (!isObject(value.vocabulary)) return fail('vocabulary must be an object')
  if (!Array.isArray(value.exchanges)) return fail('exchanges must be an array')
  value.exchanges.forEach((exchange: unknown, index) => {
    if (
      !isObject(exchange) ||
      !isObject(exchange.request) ||
      !isObject(exchange.response) ||
      typeof exchange.request.method !== 'string' ||
      typeof exchange.request.origin !== 'string' ||
      typeof exchange.request.path !== 'string' ||
      !isObject(exchange.request.query) ||
      !isObject(exchange.request.headers) ||
      typeof exchange.response.status !== 'number' ||
      !isObject(exchange.response.headers)
    ) {
      fail(
        `exchange ${index + 1} lacks request.method/origin/path/query/headers or response.status/headers`,
      )
    }
  })
  return value as unknown as Recording
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
