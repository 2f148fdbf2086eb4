/**
 * The requests a scenario sent, as a difference names them: "step 3: PutBucketEncryption PUT
 * /bucket?encryption → HTTP 400 InvalidArgument (no message; body <Error><Code>…)". Without it an
 * engine that answers an error with no message shows only the SDK's "UnknownError", naming
 * neither the step nor the request (issue 18). A middleware on the target's clients notes each
 * request and, for an error, the start of the body it answered (read once, handed on unchanged).
 */

/** One request of the scenario and what it got. */
export interface TrailEntry {
  /** 1-based: the n-th request the scenario sent. */
  readonly step: number
  readonly operation: string
  readonly method: string
  /** The path and the names of the query parameters (values left out: upload ids, signatures). */
  readonly path: string
  status?: number | undefined
  /** The start of an error response's body, whitespace folded. */
  body?: string
}

/** The part of a Smithy client the trail attaches to. */
interface MiddlewareClient {
  readonly middlewareStack: {
    add(middleware: unknown, options: Record<string, unknown>): void
    remove(name: string): boolean
  }
}

interface HandlerArgs {
  readonly request?: {
    readonly method?: string
    readonly path?: string
    readonly query?: Readonly<Record<string, unknown>>
  }
}

interface HandlerOutput {
  readonly response?: { statusCode?: number; body?: unknown }
}

const MIDDLEWARE_NAME = 'contractRequestTrail'
const BODY_SHOWN = 300

export class RequestTrail {
  #entries: TrailEntry[] = []
  readonly #clients: MiddlewareClient[] = []

  /** Starts a new scenario's trail. */
  reset(): void {
    this.#entries = []
  }

  /** The last request sent, or undefined before the first. */
  last(): TrailEntry | undefined {
    return this.#entries.at(-1)
  }

  /** Notes every request `client` sends from now on (until `detach`). */
  attach(client: MiddlewareClient): void {
    client.middlewareStack.add(
      (next: (args: HandlerArgs) => Promise<HandlerOutput>, context: { commandName?: string }) =>
        async (args: HandlerArgs) => {
          const entry: TrailEntry = {
            step: this.#entries.length + 1,
            operation: (context.commandName ?? 'request').replace(/Command$/, ''),
            method: args.request?.method ?? '?',
            path: pathOf(args.request),
          }
          this.#entries.push(entry)
          const output = await next(args)
          const response = output.response
          entry.status = response?.statusCode
          if (response !== undefined && (response.statusCode ?? 0) >= 300) {
            const bytes = await readAll(response.body)
            if (bytes !== undefined) {
              response.body = bytes
              const text = Buffer.from(bytes).toString('utf8').replace(/\s+/g, ' ').trim()
              if (text !== '') {
                entry.body = text.length > BODY_SHOWN ? `${text.slice(0, BODY_SHOWN)}…` : text
              }
            }
          }
          return output
        },
      // Inside the deserializer (low priority in its step): it sees the raw response first.
      { step: 'deserialize', name: MIDDLEWARE_NAME, priority: 'low', override: true },
    )
    this.#clients.push(client)
  }

  /**
   * `fetch` that notes its requests too (presigned URLs): the path with the query's names only
   * (a presigned URL's values hold its signature and credential scope).
   */
  tracing(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      // Read without building a Request: that would take a streamed body from the real call.
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      )
      const method =
        init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')
      const names = [...new Set(url.searchParams.keys())].sort()
      const entry: TrailEntry = {
        step: this.#entries.length + 1,
        operation: 'fetch',
        method: method.toUpperCase(),
        path: `${url.pathname}${names.length === 0 ? '' : `?${names.join('&')}`}`,
      }
      this.#entries.push(entry)
      const response = await inner(input, init)
      entry.status = response.status
      if (response.status >= 300) {
        const text = (await response.clone().text()).replace(/\s+/g, ' ').trim()
        if (text !== '') {
          entry.body = text.length > BODY_SHOWN ? `${text.slice(0, BODY_SHOWN)}…` : text
        }
      }
      return response
    }
  }

  /** Removes the middleware from every client it was attached to. */
  detach(): void {
    for (const client of this.#clients.splice(0)) client.middlewareStack.remove(MIDDLEWARE_NAME)
  }
}

/**
 * The request and answer of an entry, with what the SDK made of the error (its code and
 * message) when the answer was one: "step 3: PutBucketEncryption PUT /b?encryption → HTTP 400
 * InvalidArgument (no message; body …)".
 */
export function describeStep(
  entry: TrailEntry,
  error?: { readonly code: string; readonly message: string },
): string {
  const request = `step ${entry.step}: ${entry.operation} ${entry.method} ${entry.path}`
  if (entry.status === undefined) return `${request} → no response`
  const parts = [`HTTP ${entry.status}`]
  if (error !== undefined) {
    parts.push(error.code)
    // The SDK says "UnknownError" when the body has no <Message>: show the body instead.
    const noMessage = error.message === '' || error.message === 'UnknownError'
    const detail = noMessage
      ? ['no message', ...(entry.body === undefined ? [] : [`body ${entry.body}`])]
      : [JSON.stringify(error.message)]
    parts.push(`(${detail.join('; ')})`)
  }
  return `${request} → ${parts.join(' ')}`
}

function pathOf(request: HandlerArgs['request']): string {
  const names = Object.keys(request?.query ?? {}).sort()
  return `${request?.path ?? '/'}${names.length === 0 ? '' : `?${names.join('&')}`}`
}

/** The whole body of an error response, when it is a stream or bytes (small: an error document). */
async function readAll(body: unknown): Promise<Uint8Array | undefined> {
  if (body instanceof Uint8Array) return body
  if (typeof body !== 'object' || body === null || !(Symbol.asyncIterator in body)) return undefined
  const chunks: Uint8Array[] = []
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  }
  return Buffer.concat(chunks)
}
