import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import type { Crc32c } from '@aws-crypto/crc32c'
import { createRequire } from 'node:module'
import { Crc64Nvme } from './crc64-nvme.js'
import {
  CRC32C_SPEC,
  CRC32_SPEC,
  CRC64NVME_SPEC,
  crcCombine,
  type ReflectedCrc,
} from './crc-combine.js'

/** The S3 flexible-checksum algorithms, as S3 spells them on the wire. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256'

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
]

export type CrcAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME'

/** A streaming hash; digest() returns big-endian bytes (S3 headers carry their base64). */
export interface Hasher {
  update(chunk: Uint8Array): void
  digest(): Uint8Array
}

export function isChecksumAlgorithm(value: string): value is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(value)
}

function uint32Bytes(value: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, value >>> 0)
  return out
}

class Crc32Hasher implements Hasher {
  #value = 0
  update(chunk: Uint8Array): void {
    this.#value = crc32(chunk, this.#value)
  }
  digest(): Uint8Array {
    return uint32Bytes(this.#value)
  }
}

/** @aws-crypto/crc32c loads with the first CRC32C checksum, not at import (start-up cost). */
let Crc32cClass: typeof Crc32c | undefined
function newCrc32c(): Crc32c {
  Crc32cClass ??= (
    createRequire(import.meta.url)('@aws-crypto/crc32c') as { Crc32c: typeof Crc32c }
  ).Crc32c
  return new Crc32cClass()
}

class Crc32cHasher implements Hasher {
  readonly #crc = newCrc32c()
  update(chunk: Uint8Array): void {
    this.#crc.update(chunk)
  }
  digest(): Uint8Array {
    return uint32Bytes(this.#crc.digest())
  }
}

class NodeHasher implements Hasher {
  readonly #hash
  constructor(name: 'sha1' | 'sha256' | 'md5') {
    this.#hash = createHash(name)
  }
  update(chunk: Uint8Array): void {
    this.#hash.update(chunk)
  }
  digest(): Uint8Array {
    return new Uint8Array(this.#hash.digest())
  }
}

export function createHasher(algorithm: ChecksumAlgorithm | 'MD5'): Hasher {
  switch (algorithm) {
    case 'CRC32':
      return new Crc32Hasher()
    case 'CRC32C':
      return new Crc32cHasher()
    case 'CRC64NVME':
      return new Crc64Nvme()
    case 'SHA1':
      return new NodeHasher('sha1')
    case 'SHA256':
      return new NodeHasher('sha256')
    case 'MD5':
      return new NodeHasher('md5')
  }
}

/** One-shot digest. */
export function digestOf(algorithm: ChecksumAlgorithm | 'MD5', data: Uint8Array): Uint8Array {
  const hasher = createHasher(algorithm)
  hasher.update(data)
  return hasher.digest()
}

/** `x-amz-checksum-crc32`, `x-amz-checksum-crc64nvme`, … */
export function checksumHeaderName(a: ChecksumAlgorithm): string {
  return `x-amz-checksum-${a.toLowerCase()}`
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/**
 * COMPOSITE multipart checksum as S3 reports it: base64(hash(part1‖part2‖…)) + '-' + partCount,
 * where each part is the raw digest of that part.
 */
export function compositeChecksum(
  a: ChecksumAlgorithm,
  partDigests: readonly Uint8Array[],
): string {
  const hasher = createHasher(a)
  for (const d of partDigests) hasher.update(d)
  return `${toBase64(hasher.digest())}-${partDigests.length}`
}

const crcSpecs: Record<CrcAlgorithm, ReflectedCrc> = {
  CRC32: CRC32_SPEC,
  CRC32C: CRC32C_SPEC,
  CRC64NVME: CRC64NVME_SPEC,
}

function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n
  for (const b of bytes) v = (v << 8n) | BigInt(b)
  return v
}

function fromBigInt(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size)
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn)
    value >>= 8n
  }
  return out
}

/**
 * FULL_OBJECT multipart checksum: the CRC of the whole object from each part's CRC and length
 * (zlib crc32_combine math), so S3 never re-reads the parts. Zero parts → CRC of the empty object.
 */
export function combineFullObjectCrc(
  a: CrcAlgorithm,
  parts: readonly { digest: Uint8Array; length: number }[],
): Uint8Array {
  const spec = crcSpecs[a]
  const size = spec.width / 8
  let crc = 0n // CRC of the empty string, for all three
  for (const part of parts) {
    if (part.digest.length !== size) {
      throw new RangeError(`${a} digest must be ${size} bytes, got ${part.digest.length}`)
    }
    crc = crcCombine(spec, crc, toBigInt(part.digest), part.length)
  }
  return fromBigInt(crc, size)
}
