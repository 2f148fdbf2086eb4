/**
 * Canonical bytes of a KMS encryption context, used as AES-GCM additional authenticated data.
 *
 * KMS matches contexts exactly and ignores order, so pairs are sorted (by the UTF-8 bytes of the
 * key). Every key and value is length-prefixed, and the pair count leads, so the encoding is
 * injective: two different maps can never produce the same bytes. (Plain concatenation, as some
 * emulators do, makes `{a: 'bc'}` and `{ab: 'c'}` collide.) See docs/decisions/0002.
 */
export type EncryptionContext = Readonly<Record<string, string>>

const encoder = new TextEncoder()

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b)
}

export function canonicalEncryptionContext(context: EncryptionContext | undefined): Uint8Array {
  const pairs = Object.entries(context ?? {})
    .map(([k, v]) => [encoder.encode(k), encoder.encode(v)] as const)
    .sort((x, y) => compareBytes(x[0], y[0]))
  const parts: Uint8Array[] = [u32(pairs.length)]
  for (const [k, v] of pairs) parts.push(u32(k.length), k, u32(v.length), v)
  return Buffer.concat(parts)
}
