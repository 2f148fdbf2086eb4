/**
 * A request body a transport holds whole before the world reads it (the fast lane: the SDK's bytes
 * of a declared length). A transport sets it on the Request it hands over; the protocol may take
 * the bytes instead of reading `body`, which saves building and reading a stream per request.
 */
export const REQUEST_BYTES: unique symbol = Symbol('s3-kms-mock.requestBytes')

interface WithBytes {
  readonly [REQUEST_BYTES]?: Uint8Array | undefined
}

/** The request's whole body when its transport offers it (and its stream was not taken). */
export function requestBytes(request: Request): Uint8Array | undefined {
  return (request as WithBytes)[REQUEST_BYTES]
}
