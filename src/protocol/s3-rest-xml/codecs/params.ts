import { InvalidArgument } from '../../../s3/errors.js'

/**
 * An integer query parameter within bounds; anything else is S3's InvalidArgument naming the
 * parameter (e.g. `max-keys=abc` → "Provided max-keys not an integer or within integer range").
 */
export function intParam(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = query.get(name)
  if (raw === null || raw === '') return undefined
  const value = Number(raw)
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new InvalidArgument(`Provided ${name} not an integer or within integer range`, name, raw)
  }
  if (value < min || value > max) {
    throw new InvalidArgument(
      `Argument ${name} must be an integer between ${min} and ${max}`,
      name,
      raw,
    )
  }
  return value
}
