import { readFileSync } from 'node:fs'
import { UsageError } from '../core/usage-error.js'
import type { MockAwsOptions } from './options.js'

/** The world options an identities file may set (`serve --credentials FILE`). */
const KEYS = ['credentials', 'principals'] as const

/** What an identities file holds: world options, passed on untouched for the world to validate. */
export type IdentitiesOptions = Pick<MockAwsOptions, 'credentials'> & Record<string, unknown>

/**
 * Reads `serve --credentials FILE`: a JSON object whose keys are the world's identity options,
 * `credentials` (one `{ accessKeyId, secretAccessKey }` or a list) and `principals`. Errors name
 * the file and what is wrong, never a value from it (secrets live there).
 */
export function readIdentitiesFile(file: string): IdentitiesOptions {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `Cannot read the credentials file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    // Not the parser's message: it quotes the text around the fault, which may be a secret.
    throw new UsageError(`The credentials file ${file} is not valid JSON.`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(
      `The credentials file ${file} must hold a JSON object with "credentials" and/or "principals".`,
    )
  }
  const unknown = Object.keys(parsed).filter((k) => !(KEYS as readonly string[]).includes(k))
  if (unknown.length > 0) {
    throw new UsageError(
      `The credentials file ${file} has unknown key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k}"`).join(', ')}; it may hold only ${KEYS.map((k) => `"${k}"`).join(' and ')}.`,
    )
  }
  return parsed as IdentitiesOptions
}
