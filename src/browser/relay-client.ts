import { UsageError } from '../core/usage-error.js'
import type {
  RelayChannel,
  RelayMessage,
  RelayReply,
  WireRequest,
  WireResponse,
} from '../relay/protocol.js'
import { decodeWire, encodeWire } from '../relay/wire.js'

/** Message bodies without the world id, which the client adds. */
type Body = RelayMessage extends infer M
  ? M extends RelayMessage
    ? Omit<M, 'world'>
    : never
  : never

/** Sends one world's messages and turns an error reply back into an error of the same name. */
export class RelayClient {
  readonly #channel: RelayChannel
  readonly #world: string

  constructor(channel: RelayChannel, world: string) {
    this.#channel = channel
    this.#world = world
  }

  /** A page request: through the channel's binary path when it has one. */
  async request(request: WireRequest): Promise<WireResponse> {
    if (this.#channel.request !== undefined) return this.#channel.request(this.#world, request)
    return (await this.send({ op: 'request', request })) as WireResponse
  }

  async send(body: Body): Promise<unknown> {
    const reply = decodeWire(
      await this.#channel.send(encodeWire({ ...body, world: this.#world })),
    ) as RelayReply
    if (reply.ok) return reply.value
    // UsageError keeps its class, so `toThrow(UsageError)` reads as in Node; others keep the name.
    const error =
      reply.name === 'UsageError' ? new UsageError(reply.message) : new Error(reply.message)
    error.name = reply.name
    throw error
  }
}
