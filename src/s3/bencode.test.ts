import { describe, expect, it } from 'vitest'
import { bencode } from './bencode.js'

describe('bencode (BEP 3)', () => {
  it('encodes integers, strings, bytes, lists and dictionaries', () => {
    expect(bencode(42).toString()).toBe('i42e')
    expect(bencode(-3).toString()).toBe('i-3e')
    expect(bencode('spam').toString()).toBe('4:spam')
    expect(bencode(new Uint8Array([0, 255])).equals(Buffer.from([0x32, 0x3a, 0, 255]))).toBe(true)
    expect(bencode(['spam', 42]).toString()).toBe('l4:spami42ee')
    expect(bencode({ foo: 42, bar: 'spam' }).toString()).toBe('d3:bar4:spam3:fooi42ee')
  })

  it('sorts keys as raw bytes and counts UTF-8 bytes, not characters', () => {
    expect(
      bencode({ 'piece length': 1, pieces: '', 'announce-list': [], announce: '' }).toString(),
    ).toBe('d8:announce0:13:announce-listle12:piece lengthi1e6:pieces0:e')
    expect(bencode('é').toString()).toBe('2:é')
  })

  it('refuses what bencoding cannot hold', () => {
    expect(() => bencode(1.5)).toThrow(RangeError)
  })
})
