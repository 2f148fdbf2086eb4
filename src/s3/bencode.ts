/**
 * Bencoding, the BitTorrent metainfo format (BEP 3): integers `i<n>e`, byte strings `<len>:<bytes>`,
 * lists `l…e`, dictionaries `d…e` with keys sorted as raw byte strings. Encoding only: the mock
 * writes .torrent files (GetObjectTorrent), it never reads one.
 */
export type Bencodable =
  number | string | Uint8Array | readonly Bencodable[] | { readonly [key: string]: Bencodable }

export function bencode(value: Bencodable): Buffer {
  const chunks: Buffer[] = []
  write(value, chunks)
  return Buffer.concat(chunks)
}

function write(value: Bencodable, out: Buffer[]): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`bencode: not an integer: ${value}`)
    out.push(Buffer.from(`i${value}e`))
  } else if (typeof value === 'string' || value instanceof Uint8Array) {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value)
    out.push(Buffer.from(`${bytes.length}:`), bytes)
  } else if (Array.isArray(value)) {
    out.push(Buffer.from('l'))
    for (const item of value as readonly Bencodable[]) write(item, out)
    out.push(Buffer.from('e'))
  } else {
    const dict = value as { readonly [key: string]: Bencodable }
    out.push(Buffer.from('d'))
    const keys = Object.keys(dict).map((k) => Buffer.from(k, 'utf8'))
    for (const key of keys.sort((a, b) => Buffer.compare(a, b))) {
      write(key, out)
      write(dict[key.toString('utf8')] as Bencodable, out)
    }
    out.push(Buffer.from('e'))
  }
}
