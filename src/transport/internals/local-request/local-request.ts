import { REQUEST_BYTES } from '../../../core/request-bytes.js'

export type LocalInit = RequestInit & { duplex?: 'half' }

/**
 * A Fetch `Request` built without undici's constructor, which on Node 20 (WebIDL conversion of
 * the init, URL parsing, an AbortSignal and a Headers copy) was the fast lane's largest own cost
 * per request. A `Request` by prototype, it answers url, method, headers, body and signal itself;
 * any other member (text(), formData(), clone(), ...) goes to a real Request made on first use.
 * Bytes are offered whole to the protocol (REQUEST_BYTES) until their stream is asked for.
 */
class LocalRequest {
  readonly url: string
  readonly method: string
  readonly headers: Headers
  readonly #init: LocalInit
  #bytes: Uint8Array | undefined
  #body: ReadableStream<Uint8Array> | null
  #real: Request | undefined

  constructor(url: string, init: LocalInit, body: ReadableStream<Uint8Array> | Uint8Array | null) {
    this.url = url
    this.method = init.method ?? 'GET'
    this.headers = new Headers(init.headers)
    this.#init = init
    if (body instanceof Uint8Array) {
      this.#bytes = body
      this.#body = null
    } else {
      this.#body = body
    }
  }

  get [REQUEST_BYTES](): Uint8Array | undefined {
    return this.#real === undefined && this.#body === null ? this.#bytes : undefined
  }

  get body(): ReadableStream<Uint8Array> | null {
    // Once a real Request exists its body is the one to read: clone() tees it.
    if (this.#real !== undefined) return this.#real.body
    if (this.#body === null && this.#bytes !== undefined) this.#body = oneChunk(this.#bytes)
    return this.#body
  }

  get bodyUsed(): boolean {
    return this.#real?.bodyUsed ?? this.#body?.locked ?? false
  }

  get signal(): AbortSignal {
    this.#init.signal ??= new AbortController().signal
    return this.#init.signal
  }

  /** The undici Request with the same parts, for the members answered above by delegation. */
  real(): Request {
    if (this.#real !== undefined) return this.#real
    const body = this.body
    this.#real = new Request(this.url, {
      ...this.#init,
      headers: this.headers,
      body,
      ...(body === null ? {} : { duplex: 'half' }),
    })
    return this.#real
  }
}

Object.setPrototypeOf(LocalRequest.prototype, Request.prototype)
/** Members each LocalRequest holds as its own fields. */
const OWN_MEMBERS = new Set<PropertyKey>(['constructor', 'url', 'method', 'headers'])
for (const name of Reflect.ownKeys(Request.prototype)) {
  if (OWN_MEMBERS.has(name) || Object.hasOwn(LocalRequest.prototype, name)) continue
  const member = Object.getOwnPropertyDescriptor(Request.prototype, name)
  if (member?.get !== undefined) {
    Object.defineProperty(LocalRequest.prototype, name, {
      configurable: true,
      get(this: LocalRequest): unknown {
        return Reflect.get(Request.prototype, name, this.real())
      },
    })
  } else if (typeof member?.value === 'function') {
    const method = member.value as (...args: unknown[]) => unknown
    Object.defineProperty(LocalRequest.prototype, name, {
      configurable: true,
      writable: true,
      value(this: LocalRequest, ...args: unknown[]): unknown {
        return method.apply(this.real(), args)
      },
    })
  }
}

function oneChunk(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes)
      controller.close()
    },
  })
}

/**
 * A Fetch `Request` for the fast lane, with `bytes` offered whole to the protocol
 * (`REQUEST_BYTES`) or a stream as its body.
 */
export function localRequest(
  url: string,
  init: LocalInit,
  body: ReadableStream<Uint8Array> | Uint8Array | null,
): Request {
  // A Request by prototype (above): everything a Request has, answered or delegated.
  return new LocalRequest(url, init, body) as unknown as Request
}
