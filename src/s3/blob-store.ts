import type { Random } from '../core/random.js'
import type { Secret } from '../core/secret.js'
import { AES_GCM_IV_BYTES } from '../crypto/aead.js'
import {
  decryptRange,
  DEFAULT_SEGMENT_SIZE,
  SegmentEncryptor,
  type SegmentedCiphertext,
} from '../crypto/segmented.js'

/**
 * Object bytes at rest, apart from their metadata (DESIGN §2: LocalStack's `storage/` beside
 * `models.py`). A `StoredBlob` is one immutable encrypted body: a single PUT, or one part of a
 * multipart upload. An `ObjectBody` is the blobs of one object version read in sequence, so
 * CompleteMultipartUpload only lists the parts' blobs and never copies bytes. Blobs hold no key:
 * the data key lives wrapped in the version's `EncryptionDescriptor`, so re-keying an object never
 * touches its blobs.
 */
export class StoredBlob {
  readonly #sealed: SegmentedCiphertext

  constructor(sealed: SegmentedCiphertext) {
    this.#sealed = sealed
  }

  /** Plaintext length in bytes. */
  get size(): number {
    return this.#sealed.plaintextLength
  }

  /** Plaintext bytes [start, end] (inclusive), decrypting only the segments they fall in. */
  read(key: Secret, start: number, end: number): ReadableStream<Uint8Array> {
    return decryptRange(key, this.#sealed, start, end)
  }

  /** What is at rest: base nonce, then each segment's ciphertext and tag. No plaintext. */
  rawBytes(): Uint8Array {
    return Buffer.concat([this.#sealed.baseNonce, ...this.#sealed.segments])
  }
}

/**
 * Encrypts a body as it streams in. `observe` sees every plaintext chunk first (the caller's MD5
 * and checksum hashers), so the body is read exactly once and never held whole: memory is the
 * ciphertext being stored plus one segment (SPEC §5.3).
 */
export async function writeBlob(
  source: ReadableStream<Uint8Array>,
  options: {
    key: Secret
    random: Random
    observe?: (chunk: Uint8Array) => void
    segmentSize?: number
  },
): Promise<StoredBlob> {
  const encryptor = new SegmentEncryptor(
    options.key,
    options.random.bytes(AES_GCM_IV_BYTES),
    options.segmentSize ?? DEFAULT_SEGMENT_SIZE,
  )
  const reader = source.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      options.observe?.(value)
      encryptor.update(value)
    }
  } catch (error) {
    // Stop the producer (e.g. the aws-chunked decoder) when hashing or encryption fails.
    await reader.cancel(error).catch(() => undefined)
    throw error
  }
  // The lock is not released: the stream is finished either way, and on Node 20 releasing a
  // reader builds a TypeError with its stack (~5-10 us, on every PUT and part).
  return new StoredBlob(encryptor.finish())
}

/** The blobs of one object version, read as one body. */
export class ObjectBody {
  readonly parts: readonly StoredBlob[]
  readonly size: number

  constructor(parts: readonly StoredBlob[]) {
    this.parts = parts
    this.size = parts.reduce((sum, p) => sum + p.size, 0)
  }

  /** Offset of the first byte of part `index` (0-based) within the object. */
  partOffset(index: number): number {
    let offset = 0
    for (let i = 0; i < index; i++) offset += this.parts[i]?.size ?? 0
    return offset
  }

  /**
   * Plaintext bytes [start, end] (inclusive) across parts, one part after another and each
   * lazily: nothing is decrypted before the consumer pulls it. `end < start` is an empty body.
   */
  read(key: Secret, start = 0, end = this.size - 1): ReadableStream<Uint8Array> {
    const pieces: { blob: StoredBlob; from: number; to: number }[] = []
    let offset = 0
    for (const blob of this.parts) {
      const from = Math.max(start, offset)
      const to = Math.min(end, offset + blob.size - 1)
      if (from <= to) pieces.push({ blob, from: from - offset, to: to - offset })
      offset += blob.size
    }
    // One part (every single PUT): its own lazy stream, without a second stream around it.
    const only = pieces.length === 1 ? pieces[0] : undefined
    if (only !== undefined) return only.blob.read(key, only.from, only.to)
    let current: ReadableStreamDefaultReader<Uint8Array> | undefined
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          for (;;) {
            if (current === undefined) {
              const next = pieces.shift()
              if (next === undefined) {
                controller.close()
                return
              }
              current = next.blob.read(key, next.from, next.to).getReader()
            }
            const { done, value } = await current.read()
            if (!done) {
              controller.enqueue(value)
              return
            }
            current = undefined
          }
        },
        async cancel(reason) {
          await current?.cancel(reason)
        },
      },
      { highWaterMark: 0 },
    )
  }

  /** Every part's bytes at rest, in order (for `world.s3.rawObject()`). */
  rawBytes(): Uint8Array {
    return Buffer.concat(this.parts.map((p) => p.rawBytes()))
  }
}
