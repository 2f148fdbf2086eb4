import { isDeepStrictEqual } from 'node:util'
import type { FaultHandle } from '../core/faults.js'
import { UsageError } from '../core/usage-error.js'
import { s3KmsMockMatchers } from '../testing/matchers/index.js'
import { createMockAws } from '../world/create-world.js'
import type { MockAws } from '../world/mock-aws.js'
import type { RelayMessage, RelayReply, WireRequest, WireResponse } from './protocol.js'
import { decodeWire, encodeWire } from './wire.js'

/**
 * The Node side of the browser relay (ADR 0010): worlds by the id the page gave them, each
 * answering the page's requests through `world.handle` (the same protocol and domain code as the
 * MSW and fast lanes, with node:crypto) and its inspection calls. Runner-neutral: vitest's
 * browser command is one caller (src/vitest-plugin.ts); any channel that carries a string works.
 * @public
 */
export interface RelayHost {
  /** Answers one encoded `RelayMessage` with an encoded reply; never rejects. */
  answer(message: string): Promise<string>
  /**
   * Answers one request of a page's world, bytes in and out: what a channel with a binary path
   * calls (relay/frame.ts), sparing the JSON text's base64.
   */
  answerRequest(world: string, request: WireRequest): Promise<WireResponse>
  /** Drops every world. */
  close(): void
}

type Matcher = (
  this: unknown,
  received: unknown,
  ...args: unknown[]
) => {
  pass: boolean
  message: () => string
}

const EMPTY_BODY_METHODS = new Set(['GET', 'HEAD'])

async function answerRequest(world: MockAws, wire: WireRequest): Promise<WireResponse> {
  const method = wire.method.toUpperCase()
  const body = EMPTY_BODY_METHODS.has(method) ? null : wire.body
  // What the browser's network stack adds on the wire and a page's Request never holds (forbidden
  // header names): Host, and Content-Length of a body. SigV4 signs both.
  const headers = new Headers(wire.headers as [string, string][])
  if (!headers.has('host')) headers.set('host', new URL(wire.url).host)
  if (body !== null && !headers.has('content-length')) {
    headers.set('content-length', String(body.length))
  }
  const request = new Request(wire.url, {
    method,
    headers,
    // The page's bytes, whole; Fetch's BodyInit types want an ArrayBuffer-backed view.
    body: body as Uint8Array<ArrayBuffer> | null,
  })
  const response = await world.handle(request)
  const bytes =
    method === 'HEAD' || response.body === null
      ? null
      : new Uint8Array(await response.arrayBuffer())
  const answered: [string, string][] = []
  response.headers.forEach((value, name) => answered.push([name, value]))
  return {
    status: response.status,
    statusText: response.statusText,
    headers: answered,
    body: bytes,
  }
}

/** Creates a host with no worlds yet. @public */
export function createRelayHost(): RelayHost {
  const worlds = new Map<string, MockAws>()
  const faults = new Map<number, FaultHandle>()
  let nextFault = 1

  const worldOf = (id: string): MockAws => {
    const world = worlds.get(id)
    if (world === undefined) {
      throw new UsageError(
        `s3-kms-mock: no world '${id}' on the Node side. Call start() first, and check that the s3KmsMockBrowser() plugin is in your vitest config.`,
      )
    }
    return world
  }

  async function run(message: RelayMessage): Promise<unknown> {
    if (message.op === 'create') {
      const { endpoints, ...rest } = message.options
      worlds.set(
        message.world,
        createMockAws({ ...rest, ...(endpoints === undefined ? {} : { endpoints }) }),
      )
      return undefined
    }
    if (message.op === 'dispose') {
      worlds.delete(message.world)
      return undefined
    }
    const world = worldOf(message.world)
    switch (message.op) {
      case 'request':
        return answerRequest(world, message.request)
      case 'reset':
        world.reset()
        return undefined
      case 'load':
        return world.load(message.file)
      case 'inspect':
        return world.inspect(message.options)
      case 'as':
        return world.as(message.principal)
      case 's3.buckets':
        return world.s3.buckets()
      case 's3.keys':
        return world.s3.keys(message.bucket)
      case 's3.object': {
        const ref = world.s3.object(message.bucket, message.key, message.versionId)
        if (message.what === 'exists') return ref.exists()
        return message.what === 'describe' ? ref.describe() : ref.raw()
      }
      case 'kms.keys':
        return world.kms.keys(message.region)
      case 'kms.describeKey':
        return world.kms.describeKey(message.keyId, message.region)
      case 'audit.events':
        return world.audit.events(message.filter)
      case 'audit.dropped':
        return world.audit.dropped
      case 'faults.inject': {
        const id = nextFault++
        faults.set(id, world.faults.inject(message.rule))
        return id
      }
      case 'faults.remove':
        faults.get(message.fault)?.remove()
        faults.delete(message.fault)
        return undefined
      case 'faults.hits':
        return faults.get(message.fault)?.hits ?? 0
      case 'faults.clear':
        world.faults.clear()
        return undefined
      case 'match': {
        const matcher = (s3KmsMockMatchers as Record<string, Matcher | undefined>)[message.matcher]
        if (matcher === undefined)
          throw new UsageError(`s3-kms-mock: no matcher ${message.matcher}`)
        const { subject } = message
        const received =
          subject.kind === 'world'
            ? world
            : world.s3.object(subject.bucket, subject.key, subject.versionId)
        // Arguments crossed as JSON, so plain deep equality is the runner's `equals` here.
        const context = { isNot: message.isNot, equals: isDeepStrictEqual }
        const outcome = matcher.call(context, received, ...message.args)
        return { pass: outcome.pass, message: outcome.message() }
      }
    }
  }

  return {
    async answer(text) {
      let reply: RelayReply
      try {
        reply = { ok: true, value: await run(decodeWire(text) as RelayMessage) }
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error))
        reply = { ok: false, name: e.name, message: e.message }
      }
      return encodeWire(reply)
    },
    answerRequest: (world, request) => answerRequest(worldOf(world), request),
    close() {
      worlds.clear()
      faults.clear()
    },
  }
}
