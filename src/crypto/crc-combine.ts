/**
 * CRC combination (zlib's crc32_combine: multiply by x^(8·len) modulo the polynomial), generic
 * over the reflected CRCs S3 offers for FULL_OBJECT checksums. BigInt keeps one code path for
 * 32- and 64-bit CRCs; it runs O(log len) per part, so speed is irrelevant.
 */
export interface ReflectedCrc {
  readonly width: 32 | 64
  /** Reflected polynomial. */
  readonly poly: bigint
}

export const CRC32_SPEC: ReflectedCrc = { width: 32, poly: 0xedb88320n }
export const CRC32C_SPEC: ReflectedCrc = { width: 32, poly: 0x82f63b78n }
export const CRC64NVME_SPEC: ReflectedCrc = { width: 64, poly: 0x9a6c9329ac4bc9b5n }

const tables = new Map<ReflectedCrc, bigint[]>()

/** a·b modulo the polynomial, in reflected bit order (zlib multmodp). */
function multModP(spec: ReflectedCrc, a: bigint, b: bigint): bigint {
  let m = 1n << BigInt(spec.width - 1)
  let p = 0n
  for (;;) {
    if (a & m) {
      p ^= b
      if ((a & (m - 1n)) === 0n) break
    }
    m >>= 1n
    b = b & 1n ? (b >> 1n) ^ spec.poly : b >> 1n
  }
  return p
}

/** x^(2^k) for k = 0..width-1: the table zlib builds once. */
function x2nTable(spec: ReflectedCrc): bigint[] {
  let table = tables.get(spec)
  if (table) return table
  table = []
  let p = 1n << BigInt(spec.width - 2) // x^1
  for (let k = 0; k < spec.width; k++) {
    table.push(p)
    p = multModP(spec, p, p)
  }
  tables.set(spec, table)
  return table
}

/** x^(n·2^k) modulo the polynomial. */
function x2nModP(spec: ReflectedCrc, n: bigint, k: number): bigint {
  const table = x2nTable(spec)
  let p = 1n << BigInt(spec.width - 1) // x^0
  while (n > 0n) {
    if (n & 1n) p = multModP(spec, table[k % spec.width] ?? 0n, p)
    n >>= 1n
    k++
  }
  return p
}

/** CRC of A‖B from crc(A), crc(B) and len(B) in bytes. */
export function crcCombine(
  spec: ReflectedCrc,
  crcA: bigint,
  crcB: bigint,
  lengthB: number,
): bigint {
  if (lengthB === 0) return crcA
  return multModP(spec, x2nModP(spec, BigInt(lengthB), 3), crcA) ^ crcB
}
