import type { MockPrincipal } from '../core/iam/principal.js'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { UsageError } from '../core/usage-error.js'
import { validateAgainstSchema } from './json-schema.js'
import { worldFileSchema } from './world-file-schema.js'

/**
 * A world file (SPEC §6): keys, aliases, buckets and objects to load with `world.load()`. The
 * JSON Schema ships as `s3-kms-mock/schema/world.schema.json`; examples are in `fixtures/`.
 * @public
 * @example
 * ```json
 * {
 *   "$schema": "../node_modules/s3-kms-mock/schema/world.schema.json",
 *   "keys": [{ "ref": "invoices", "aliases": ["alias/invoices"] }],
 *   "buckets": [{
 *     "name": "invoices",
 *     "encryption": { "type": "SSE-KMS", "key": "invoices", "bucketKeyEnabled": true },
 *     "objects": [{ "key": "acme/1.txt", "body": "hello", "encryption": { "type": "SSE-KMS", "key": "invoices", "context": { "tenant": "acme" } } }]
 *   }]
 * }
 * ```
 */
export interface WorldFile {
  $schema?: string
  keys?: WorldFileKey[]
  buckets?: WorldFileBucket[]
  /** IAM identities to add (SPEC §5.7); see the `principals` option. */
  principals?: MockPrincipal[]
}

/** A KMS key of a world file. @public */
export interface WorldFileKey {
  /** A name for the key inside the file, for `"key": "<ref>"` in buckets and objects. */
  ref?: string
  region?: string
  description?: string
  keySpec?: string
  keyUsage?: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC'
  /** Pinned key material, base64 of 32 bytes (imported through GetParametersForImport + ImportKeyMaterial). */
  material?: string
  aliases?: string[]
  enabled?: boolean
  rotation?: boolean
  tags?: Record<string, string>
}

/** A bucket of a world file. @public */
export interface WorldFileBucket {
  name: string
  region?: string
  versioning?: 'Enabled' | 'Suspended'
  encryption?: WorldFileBucketEncryption
  /** A bucket policy document, put with PutBucketPolicy before the objects. */
  policy?: Record<string, unknown>
  objects?: WorldFileObject[]
}

/** A bucket's default encryption. @public */
export interface WorldFileBucketEncryption {
  type: 'SSE-S3' | 'SSE-KMS'
  key?: string
  bucketKeyEnabled?: boolean
  blockedEncryptionTypes?: ('SSE-C' | 'NONE')[]
}

/** An object of a world file: `body` (text) or `bodyBase64`. @public */
export interface WorldFileObject {
  key: string
  body?: string
  bodyBase64?: string
  contentType?: string
  metadata?: Record<string, string>
  encryption?: WorldFileObjectEncryption
}

/** How an object is encrypted; without it the bucket default applies. @public */
export interface WorldFileObjectEncryption {
  type: 'SSE-S3' | 'SSE-KMS' | 'SSE-C'
  /** SSE-KMS: the key (a `ref` of the file or any key id form). */
  key?: string
  /** SSE-KMS: the encryption context. */
  context?: Record<string, string>
  bucketKeyEnabled?: boolean
  /** SSE-C: the customer key, base64 of 32 bytes. */
  customerKey?: string
}

/** A problem in a world file: where, and what. */
export interface WorldFileProblem {
  readonly path: string
  readonly message: string
}

/** The reader-facing name of a file argument, for messages. */
export function worldFileName(file: string | URL | WorldFile): string {
  if (typeof file === 'string') return file
  if (file instanceof URL) return file.protocol === 'file:' ? fileURLToPath(file) : file.href
  return '(object)'
}

export function worldFileError(name: string, problems: readonly WorldFileProblem[]): UsageError {
  const shown = problems.slice(0, 8).map((p) => `${p.path} ${p.message}`)
  const more = problems.length > 8 ? `; and ${problems.length - 8} more` : ''
  return new UsageError(
    `Failed to load world file ${name}: ${shown.join('; ')}${more}. Fix the file: its format is the JSON Schema s3-kms-mock/schema/world.schema.json.`,
  )
}

/** Reads (for a path or file URL) and parses a world file, without checking it. */
export async function readWorldFile(file: string | URL | WorldFile): Promise<unknown> {
  if (typeof file !== 'string' && !(file instanceof URL)) return file
  const name = worldFileName(file)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `Failed to load world file ${name}: ${(error as Error).message}. Pass a path to a JSON world file, a file URL, or the parsed object.`,
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new UsageError(
      `Failed to load world file ${name}: it is not JSON (${(error as Error).message}). Fix the file.`,
    )
  }
}

const KEY_ID_FORMS =
  /^(alias\/|arn:|mrk-[0-9a-f]{32}$|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)/

/** True for a value KMS reads as a key id (id, ARN, alias); anything else must be a `ref`. */
export const isKeyIdForm = (value: string): boolean => KEY_ID_FORMS.test(value)

/**
 * Checks a parsed world file against the schema and the rules the schema cannot say (which
 * fields go together, refs that exist). Returns it typed, or throws a `UsageError` naming every
 * problem's JSON path.
 */
export function checkWorldFile(value: unknown, name: string): WorldFile {
  const problems: WorldFileProblem[] = validateAgainstSchema(value, worldFileSchema)
  if (problems.length > 0) throw worldFileError(name, problems)
  const file = value as WorldFile
  const refs = new Set<string>()
  file.keys?.forEach((key, i) => {
    const path = `$.keys[${i}]`
    if (key.ref !== undefined) {
      if (refs.has(key.ref))
        problems.push({ path: `${path}.ref`, message: `"${key.ref}" is used by an earlier key` })
      refs.add(key.ref)
    }
    if (key.material !== undefined) {
      const symmetric = (key.keySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT'
      if (!symmetric || (key.keyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT') {
        problems.push({
          path: `${path}.material`,
          message: 'can only be pinned for SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys',
        })
      } else if (Buffer.from(key.material, 'base64').length !== 32) {
        problems.push({
          path: `${path}.material`,
          message: `must be 32 bytes (found ${Buffer.from(key.material, 'base64').length})`,
        })
      }
    }
  })
  const checkKey = (reference: string | undefined, path: string): void => {
    if (reference !== undefined && !refs.has(reference) && !isKeyIdForm(reference)) {
      problems.push({
        path,
        message: `"${reference}" is neither the ref of a key in this file nor a KMS key id, ARN or alias name`,
      })
    }
  }
  const buckets = new Set<string>()
  file.buckets?.forEach((bucket, i) => {
    const path = `$.buckets[${i}]`
    if (buckets.has(bucket.name))
      problems.push({
        path: `${path}.name`,
        message: `"${bucket.name}" is used by an earlier bucket`,
      })
    buckets.add(bucket.name)
    const encryption = bucket.encryption
    if (encryption?.type === 'SSE-S3' && encryption.key !== undefined) {
      problems.push({ path: `${path}.encryption.key`, message: 'is only for SSE-KMS' })
    }
    checkKey(encryption?.key, `${path}.encryption.key`)
    bucket.objects?.forEach((object, j) => {
      const at = `${path}.objects[${j}]`
      if (object.body !== undefined && object.bodyBase64 !== undefined) {
        problems.push({ path: at, message: 'has both body and bodyBase64 (give one)' })
      }
      const e = object.encryption
      if (e !== undefined && e.type !== 'SSE-KMS') {
        for (const field of ['key', 'context', 'bucketKeyEnabled'] as const) {
          if (e[field] !== undefined) {
            problems.push({ path: `${at}.encryption.${field}`, message: 'is only for SSE-KMS' })
          }
        }
      }
      if (e?.type === 'SSE-C') {
        const length = e.customerKey === undefined ? 0 : Buffer.from(e.customerKey, 'base64').length
        if (e.customerKey === undefined) {
          problems.push({ path: `${at}.encryption`, message: 'is SSE-C without a customerKey' })
        } else if (length !== 32) {
          problems.push({
            path: `${at}.encryption.customerKey`,
            message: `must be 32 bytes (found ${length})`,
          })
        }
      } else if (e?.customerKey !== undefined) {
        problems.push({ path: `${at}.encryption.customerKey`, message: 'is only for SSE-C' })
      }
      checkKey(e?.key, `${at}.encryption.key`)
    })
  })
  if (problems.length > 0) throw worldFileError(name, problems)
  return file
}
