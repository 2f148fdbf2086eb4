import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto'

/**
 * Injected randomness (DESIGN §6 rule 6). This module is the only caller of `randomBytes`;
 * with a seed every id, key, IV and salt comes from a deterministic stream (SPEC §5.4).
 * @public
 */
export interface Random {
  /** `n` random bytes. */
  bytes(n: number): Uint8Array
  /** A version-4 UUID string. */
  uuid(): string
  /** A float in [0, 1), for fault probabilities. */
  fraction(): number
}

function uuidFromBytes(b: Uint8Array): string {
  const bytes = Buffer.from(b)
  // RFC 9562 version 4, variant 10xx.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function fractionFromBytes(b: Uint8Array): number {
  // 53 random bits → a double in [0, 1).
  const view = Buffer.from(b)
  const high = view.readUInt32BE(0) >>> 5
  const low = view.readUInt32BE(4) >>> 6
  return (high * 67108864 + low) / 9007199254740992
}

const SYSTEM_POOL_BYTES = 4096

/**
 * The system's CSPRNG. Small requests (IVs, nonces, data keys, request ids: several per request)
 * are cut from a pool refilled 4 KiB at a time, as node's own `randomUUID` does: one call into
 * the CSPRNG costs as much as a 4 KiB AES-GCM pass. Every caller gets its own copy.
 */
export function systemRandom(): Random {
  let pool = Buffer.alloc(0)
  const bytes = (n: number): Uint8Array => {
    if (n > SYSTEM_POOL_BYTES / 4) return new Uint8Array(randomBytes(n))
    if (pool.length < n) pool = randomBytes(SYSTEM_POOL_BYTES)
    const out = new Uint8Array(pool.subarray(0, n))
    // Handed-out bytes (data keys among them) do not linger in the pool.
    pool.fill(0, 0, n)
    pool = pool.subarray(n)
    return out
  }
  return {
    bytes,
    uuid: () => randomUUID(),
    fraction: () => fractionFromBytes(bytes(8)),
  }
}

const KEYSTREAM_BLOCK = 4096

/**
 * A deterministic stream: the AES-256-CTR keystream under SHA-256(seed). Same seed and same
 * sequence of calls give the same bytes on every run and platform.
 */
export function seededRandom(seed: string | number): Random {
  const key = createHash('sha256')
    .update(`s3-kms-mock/seed/${String(seed)}`)
    .digest()
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16))
  const zeros = Buffer.alloc(KEYSTREAM_BLOCK)
  let pool = Buffer.alloc(0)

  const bytes = (n: number): Uint8Array => {
    if (pool.length < n) {
      const needed = Math.max(KEYSTREAM_BLOCK, n - pool.length)
      const fresh = cipher.update(needed === KEYSTREAM_BLOCK ? zeros : Buffer.alloc(needed))
      pool = pool.length === 0 ? fresh : Buffer.concat([pool, fresh])
    }
    const out = new Uint8Array(pool.subarray(0, n))
    pool = pool.subarray(n)
    return out
  }
  return {
    bytes,
    uuid: () => uuidFromBytes(bytes(16)),
    fraction: () => fractionFromBytes(bytes(8)),
  }
}
