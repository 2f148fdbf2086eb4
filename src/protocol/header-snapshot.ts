/**
 * A request's headers, read many times over: the S3 codecs, access checks and body decoding look
 * up 25–45 of them per request, and each lookup on a Fetch `Headers` re-validates and lower-cases
 * the name. A snapshot reads the request's headers once into a Map and answers lookups from it,
 * behind the same `Headers` interface. Read-only, as a Request's own headers are.
 */
export class HeaderSnapshot extends Headers {
  readonly #fields = new Map<string, string>()

  constructor(source: Headers) {
    super()
    // Fetch iterates names lower-cased, sorted, repeated fields joined: the snapshot keeps that.
    source.forEach((value, name) => {
      this.#fields.set(name, value)
    })
  }

  override get(name: string): string | null {
    return this.#fields.get(name.toLowerCase()) ?? null
  }

  override has(name: string): boolean {
    return this.#fields.has(name.toLowerCase())
  }

  override forEach(
    callback: (value: string, key: string, parent: Headers) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, value] of this.#fields) callback.call(thisArg, value, name, this)
  }

  // Iteration (not in this project's DOM typings, but what Fetch offers) reads the snapshot too.
  entries(): IterableIterator<[string, string]> {
    return this.#fields.entries()
  }

  keys(): IterableIterator<string> {
    return this.#fields.keys()
  }

  values(): IterableIterator<string> {
    return this.#fields.values()
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#fields.entries()
  }

  override getSetCookie(): string[] {
    const value = this.#fields.get('set-cookie')
    return value === undefined ? [] : [value]
  }

  override set(): void {
    throw new TypeError('Headers of a request are immutable.')
  }

  override append(): void {
    throw new TypeError('Headers of a request are immutable.')
  }

  override delete(): void {
    throw new TypeError('Headers of a request are immutable.')
  }
}
