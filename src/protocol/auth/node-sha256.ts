import { createHash, createHmac } from 'node:crypto'
import type { SourceData } from '@smithy/types'

/**
 * SHA-256 and HMAC-SHA256 over node:crypto, in the shape `SignatureV4` takes as its `sha256`
 * (smithy's `Checksum` constructor): for verifying signatures here and for signing
 * `world.load()`'s calls (world/world-client.ts).
 */
export class NodeSha256 {
  readonly #hash
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret))
  }
  update(data: Uint8Array): void {
    this.#hash.update(data)
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()))
  }
  reset(): void {
    // One digest per instance is all the signer needs.
  }
}

function bytesOf(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new Uint8Array(data)
}
