/**
 * A request body that could not be read to its end: the client's stream failed mid-way, or held a
 * chunk no HTTP client would send. Transports fail the body's stream with it; the dispatcher has
 * the service answer as it answers a body cut short (S3: `IncompleteBody`), never a 500.
 */
export class RequestBodyUnreadable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RequestBodyUnreadable'
  }
}
