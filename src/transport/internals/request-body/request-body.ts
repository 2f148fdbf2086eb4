import { internalChanged } from '../versions.js'

/**
 * Replaces what `request.body` returns with the stream `make` builds on first read, by defining an
 * own `body` property that shadows Fetch's getter on `Request.prototype`. Fetch's own readers
 * (`formData()`, `text()`, `clone()`) keep using the request's internal body, not the property: a
 * POST form is still read whole, and a `clone()` still tees the original. Built lazily so a
 * reader that never asks for `body` leaves the original unlocked.
 */
export function replaceBody(request: Request, make: () => ReadableStream<Uint8Array>): void {
  let made: ReadableStream<Uint8Array> | undefined
  Object.defineProperty(request, 'body', {
    configurable: true,
    enumerable: true,
    get: () => (made ??= make()),
  })
}

/** The request's own body stream as Fetch holds it now, past a `body` that `replaceBody` defined. */
export function ownBody(request: Request): ReadableStream<Uint8Array> {
  if (Object.getOwnPropertyDescriptor(Request.prototype, 'body')?.get === undefined) {
    throw internalChanged('Request.prototype.body', 'is not a getter')
  }
  // Fetch's getter, run for this request.
  const body: unknown = Reflect.get(Request.prototype, 'body', request)
  if (!(body instanceof ReadableStream)) throw new TypeError('s3-kms-mock: the request has no body')
  return body as ReadableStream<Uint8Array>
}
