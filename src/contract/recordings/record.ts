import type { RawExchange } from './format.js'

/**
 * Records the exchanges of a run with nock's recorder (SPEC §8). nock is an optional peer
 * dependency, imported only when a recording starts: it patches node's HTTP stack and `fetch`
 * while it records, which no one should pay for (or be exposed to) otherwise.
 *
 * Where it can run (docs/decisions/0004): in a process where MSW is not intercepting. nock 15 and
 * msw 3 cannot share a process at all, and next to msw 2 the recorder would not see what MSW
 * answers; so a recording is made of a target reached over the network (the server, LocalStack,
 * MinIO, AWS), from a process that runs no in-process mock — the CLI, or a child process.
 * nock 15 calls `Promise.withResolvers` (Node ≥ 22); on Node 20 the caller may pass
 * `polyfillPromiseWithResolvers`, which the CLI does since the process is its own.
 */

/** nock's recorder output with `output_objects: true` (the fields this code reads). */
export interface NockDefinition {
  readonly scope: string
  readonly method: string
  readonly path: string
  readonly body?: unknown
  readonly status: number
  readonly response?: unknown
  readonly rawHeaders?: Readonly<Record<string, string>> | readonly string[]
  readonly reqheaders?: Readonly<Record<string, string | readonly string[]>>
  readonly responseIsBinary?: boolean
}

interface NockRecorderModule {
  readonly recorder: {
    rec(options: Record<string, unknown>): void
    clear(): void
    play(): readonly (string | NockDefinition)[]
  }
  restore(): void
}

export interface Recorder {
  /** The exchanges recorded since the last `take()` (or the start), in completion order. */
  take(): Promise<RawExchange[]>
  /** Stops recording and removes nock's patches. */
  stop(): void
}

export interface StartRecorderOptions {
  /** Installs `Promise.withResolvers` when the runtime lacks it (Node 20), instead of failing. */
  readonly polyfillPromiseWithResolvers?: boolean
  /** Where nock is loaded from (tests); default `import('nock')`. */
  readonly loadNock?: () => Promise<unknown>
}

let recording = false

export async function startRecorder(options: StartRecorderOptions = {}): Promise<Recorder> {
  if (recording) throw new Error('Failed to start recording: a recording is already running')
  ensureWithResolvers(options.polyfillPromiseWithResolvers === true)
  const nock = await loadNock(options.loadNock)
  nock.recorder.clear()
  const emitter = await loadInterceptorEmitter()
  withBodylessHeadResponses(emitter, () => {
    nock.recorder.rec({
      output_objects: true,
      dont_print: true,
      enable_reqheaders_recording: true,
    })
  })
  recording = true
  let stopped = false
  return {
    async take() {
      await settle(() => nock.recorder.play().length)
      // An interim `100 Continue` is recorded as an exchange of its own: the final answer follows.
      const taken = nock.recorder
        .play()
        .flatMap((entry) =>
          typeof entry === 'string' || (entry.status < 200 && entry.status !== 101)
            ? []
            : [fromNockDefinition(entry)],
        )
      nock.recorder.clear()
      return taken
    },
    stop() {
      if (stopped) return
      stopped = true
      recording = false
      nock.restore()
      nock.recorder.clear()
    },
  }
}

async function loadNock(load?: () => Promise<unknown>): Promise<NockRecorderModule> {
  let loaded: unknown
  try {
    loaded = await (load ?? (() => import('nock')))()
  } catch (error) {
    throw new Error(
      `Failed to start recording: recordings need nock ≥ 15.0.6 (an optional peer dependency: npm i -D nock@15); importing it failed: ${(error as Error).message}`,
    )
  }
  const module = (loaded as { default?: unknown }).default ?? loaded
  const candidate = module as Partial<NockRecorderModule>
  if (typeof candidate.recorder?.rec !== 'function' || typeof candidate.restore !== 'function') {
    throw new Error(
      'Failed to start recording: the nock module has no recorder (need nock ≥ 15.0.6)',
    )
  }
  return candidate as NockRecorderModule
}

/** The event an @mswjs/interceptors "response" listener receives (the fields read here). */
interface ResponseEventLike {
  readonly request: Request
  readonly response: Response
}

interface EmitterPrototype {
  on(
    this: unknown,
    type: string,
    listener: (event: ResponseEventLike) => unknown,
    ...rest: unknown[]
  ): unknown
}

/**
 * The event emitter class of the @mswjs/interceptors copy nock uses (rettime), found from nock's
 * own directory; undefined when the layout is not the one this workaround knows.
 */
async function loadInterceptorEmitter(): Promise<EmitterPrototype | undefined> {
  try {
    const { createRequire } = await import('node:module')
    const { pathToFileURL } = await import('node:url')
    const fromNock = createRequire(createRequire(import.meta.url).resolve('nock'))
    const interceptors = fromNock.resolve('@mswjs/interceptors')
    const rettime = createRequire(interceptors).resolve('rettime')
    const module = (await import(pathToFileURL(rettime).href)) as {
      Emitter?: { prototype: EmitterPrototype }
    }
    return typeof module.Emitter?.prototype.on === 'function' ? module.Emitter.prototype : undefined
  } catch {
    return undefined
  }
}

/**
 * Works around a hang of nock 15.0.6's recorder on every HEAD response with a non-zero
 * Content-Length (S3's HeadObject): @mswjs/interceptors 0.45's response parser does not know a
 * HEAD response has no body, so the body stream it hands the "response" listeners never ends;
 * nock's listener awaits that body, and the interceptor holds the response from the client until
 * its listeners settle — the request never completes. While `register` runs (nock registering its
 * listener), every "response" listener added is wrapped to receive, for a HEAD request, the same
 * response without a body, which is what a HEAD response is.
 */
function withBodylessHeadResponses(
  emitter: EmitterPrototype | undefined,
  register: () => void,
): void {
  if (emitter === undefined) {
    register()
    return
  }
  const original = Object.getOwnPropertyDescriptor(emitter, 'on')
  const on = original?.value as EmitterPrototype['on']
  emitter.on = function (this: unknown, type, listener, ...rest) {
    if (type !== 'response') return on.call(this, type, listener, ...rest)
    const wrapped = (event: ResponseEventLike): unknown =>
      listener(
        event.request.method === 'HEAD' && event.response.status >= 200
          ? new Proxy(event, {
              get: (target, property) =>
                property === 'response'
                  ? new Response(null, {
                      status: target.response.status,
                      statusText: target.response.statusText,
                      headers: target.response.headers,
                    })
                  : (Reflect.get(target, property, target) as unknown),
            })
          : event,
      )
    return on.call(this, type, wrapped, ...rest)
  }
  try {
    register()
  } finally {
    if (original !== undefined) Object.defineProperty(emitter, 'on', original)
  }
}

function ensureWithResolvers(polyfill: boolean): void {
  const P = Promise as unknown as { withResolvers?: unknown }
  if (typeof P.withResolvers === 'function') return
  if (!polyfill) {
    throw new Error(
      'Failed to start recording: nock 15 needs Promise.withResolvers (Node ≥ 22). On Node 20, record through the CLI (s3-kms-mock contract --record), which installs a polyfill in its own process, or load the polyfill of docs/decisions/0004 first.',
    )
  }
  P.withResolvers = function withResolvers<T>(this: PromiseConstructor) {
    let resolve!: (value: T) => void
    let reject!: (reason: unknown) => void
    const promise = new this<T>((yes, no) => {
      resolve = yes
      reject = no
    })
    return { promise, resolve, reject }
  }
}

/**
 * Waits until the recorder has stopped adding exchanges: it records each one after reading a
 * copy of the response to its end, a few turns of the event loop after the client got it.
 */
async function settle(count: () => number): Promise<void> {
  let last = -1
  let stable = 0
  for (let turn = 0; turn < 1000 && stable < 20; turn++) {
    await new Promise((resolve) => setImmediate(resolve))
    const now = count()
    stable = now === last ? stable + 1 : 0
    last = now
  }
}

/** One nock definition as the exchange it recorded (bodies back to bytes where nock kept them). */
export function fromNockDefinition(definition: NockDefinition): RawExchange {
  const requestHeaders: Record<string, string> = {}
  for (const [name, value] of Object.entries(definition.reqheaders ?? {})) {
    requestHeaders[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ')
  }
  const responseHeaders: Record<string, string> = {}
  const raw = definition.rawHeaders ?? {}
  if (Array.isArray(raw)) {
    const list = raw as readonly string[]
    for (let i = 0; i + 1 < list.length; i += 2) {
      responseHeaders[(list[i] ?? '').toLowerCase()] = list[i + 1] ?? ''
    }
  } else {
    for (const [name, value] of Object.entries(raw as Record<string, string>)) {
      responseHeaders[name.toLowerCase()] = value
    }
  }
  return {
    method: definition.method.toUpperCase(),
    url: `${definition.scope}${definition.path}`,
    requestHeaders,
    requestBody: requestBytes(definition.body, requestHeaders['content-type'] ?? ''),
    status: definition.status,
    responseHeaders,
    responseBody: responseBytes(definition.response, definition.responseIsBinary === true),
  }
}

const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'))

/**
 * nock keeps a request body as parsed JSON, as text, or — when it is not UTF-8 — as hex without
 * saying so. Only JSON and textual bodies are taken back; others stay unknown (the recording keeps
 * their declared size).
 */
function requestBytes(body: unknown, contentType: string): Uint8Array | undefined {
  if (body === undefined || body === '') return new Uint8Array()
  if (typeof body === 'object') return utf8(JSON.stringify(body))
  if (typeof body === 'string' && /json|xml|text\//i.test(contentType)) return utf8(body)
  return undefined
}

function responseBytes(body: unknown, binary: boolean): Uint8Array {
  if (body === undefined || body === '') return new Uint8Array()
  // Content-encoded bodies come as hex chunks; binary ones as one hex string.
  if (Array.isArray(body)) {
    return new Uint8Array(Buffer.concat(body.map((chunk) => Buffer.from(String(chunk), 'hex'))))
  }
  if (typeof body === 'string')
    return binary ? new Uint8Array(Buffer.from(body, 'hex')) : utf8(body)
  return utf8(JSON.stringify(body))
}
