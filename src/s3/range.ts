import { InvalidRange } from './errors.js'

/** An inclusive byte range within an object. */
export interface ByteRange {
  readonly start: number
  readonly end: number
}

const DIGITS = /^\d*$/

/**
 * The `Range` of a GET/HEAD resolved against the object size, or `undefined` when the whole
 * object is to be sent. S3 is lenient (LocalStack's AWS-validated `parse_range_header`, from
 * localstack/localstack#9082): a header it cannot parse, a multi-range, `bytes=5-3`, or a suffix
 * range on an empty object is ignored (200 with the whole body); an end past the object is cut to
 * the last byte. Only a start at or past the end (including any range on an empty object) and
 * `bytes=-0` are unsatisfiable: 416 `InvalidRange`.
 */
export function resolveRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined
  const [unit, spec, ...extra] = header.split('=')
  if (unit?.trim() !== 'bytes' || spec === undefined || extra.length > 0 || spec.includes(',')) {
    return undefined
  }
  const [first, last, ...more] = spec.trim().split('-')
  if (first === undefined || last === undefined || more.length > 0) return undefined
  if (!DIGITS.test(first) || !DIGITS.test(last) || (first === '' && last === '')) return undefined
  const lastByte = size - 1
  if (first === '') {
    const suffix = Number(last)
    if (suffix === 0) throw new InvalidRange(header, size)
    const start = size - Math.min(suffix, size)
    return start > lastByte ? undefined : { start, end: lastByte }
  }
  const start = Number(first)
  if (start > lastByte) throw new InvalidRange(header, size)
  const end = last === '' ? lastByte : Math.min(Number(last), lastByte)
  return start > end ? undefined : { start, end }
}

/** `bytes start-end/size`, the value of GetObject's `ContentRange`. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`
}
