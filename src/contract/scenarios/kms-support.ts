import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  ScheduleKeyDeletionCommand,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms'
import type { ContractKey, ScenarioContext } from '../define.js'

/**
 * Small helpers shared by the KMS and SSE-KMS scenarios (kms-*.ts, s3-sse-kms.ts,
 * s3-default-encryption.ts). They only use what every target offers: the SDK clients and the
 * scenario's own clean-up list.
 */

/** Base64 of the UTF-8 JSON of a string map: the `x-amz-server-side-encryption-context` form. */
export const base64Json = (value: unknown): string =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64')

/** The string map inside a base64 JSON context header, or the raw value when it is not one. */
export function decodeContext(value: string | undefined): unknown {
  if (value === undefined) return undefined
  try {
    return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown
  } catch {
    return value
  }
}

/** `arn:<partition>:kms:<region>:<account>` of a key ARN: the prefix of every ARN in its account. */
export const kmsArnPrefix = (keyArn: string): string => keyArn.split(':').slice(0, 5).join(':')

/** The ARN of an alias in the key's account and region. */
export const aliasArnOf = (key: ContractKey, aliasName: string): string =>
  `${kmsArnPrefix(key.arn)}:${aliasName}`

/** The ARN a key with this id would have in the key's account and region. */
export const keyArnLike = (key: ContractKey, keyId: string): string =>
  `${kmsArnPrefix(key.arn)}:key/${keyId}`

/** A region other than the target's, for "key in another region" cases. */
export const otherRegion = (region: string): string =>
  region === 'eu-west-1' ? 'us-west-2' : 'eu-west-1'

/** A well-formed key id no account has (KMS key ids are random UUIDs). */
export const UNKNOWN_KEY_ID = '0badc0de-0000-4000-8000-00000000c0de'

/**
 * An alias name unique to this run and scenario (derived from `t.key`, so no randomness here):
 * `alias/` + letters, digits, `-` and `_` only.
 */
export function uniqueAliasName(t: ScenarioContext, name: string): string {
  const unique = t.key(name).replace(/[^a-zA-Z0-9_-]+/g, '-')
  return `alias/${unique}`.slice(0, 250)
}

/** Creates an alias for the key and deletes it after the scenario. */
export async function createAlias(
  t: ScenarioContext,
  key: ContractKey,
  name: string,
): Promise<{ name: string; arn: string }> {
  const aliasName = uniqueAliasName(t, name)
  await t.kms.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: key.keyId }))
  t.defer(() => t.kms.send(new DeleteAliasCommand({ AliasName: aliasName })))
  return { name: aliasName, arn: aliasArnOf(key, aliasName) }
}

/**
 * Creates a key of the scenario's own (needs `kms-create-keys`) and schedules its deletion after
 * the scenario with the shortest window AWS allows (7 days).
 */
export async function createKey(
  t: ScenarioContext,
  input: CreateKeyCommandInput = {},
): Promise<ContractKey> {
  const { KeyMetadata } = await t.kms.send(
    new CreateKeyCommand({ Description: 's3-kms-mock contract scenario', ...input }),
  )
  const keyId = KeyMetadata?.KeyId
  const arn = KeyMetadata?.Arn
  if (keyId === undefined || arn === undefined) {
    throw new Error('Failed to create a KMS key: CreateKey returned no KeyId/Arn')
  }
  t.defer(async () => {
    try {
      await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    } catch (error) {
      // A scenario may have scheduled the deletion itself already.
      if ((error as { name?: string }).name !== 'KMSInvalidStateException') throw error
    }
  })
  return { keyId, arn }
}

/** Reads an SDK streaming body as UTF-8 text. */
export async function bodyText(
  body: { transformToString(): Promise<string> } | undefined,
): Promise<string | undefined> {
  return body === undefined ? undefined : body.transformToString()
}

/** A command whose HTTP request gets an extra header before it is signed. */
export function withHeader<C extends { middlewareStack: object }>(
  command: C,
  name: string,
  value: string,
): C {
  ;(command.middlewareStack as MiddlewareStackLike).add(
    (next) => async (args) => {
      const request = (args as { request?: { headers?: Record<string, string> } }).request
      if (request?.headers !== undefined) request.headers[name] = value
      return next(args)
    },
    { step: 'build', name: `contractHeader:${name}` },
  )
  return command
}

/** The part of the SDK's middleware stack `withHeader` uses. */
interface MiddlewareStackLike {
  add(
    middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
    options: { step: 'build'; name: string },
  ): void
}
