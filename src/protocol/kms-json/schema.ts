import { SerializationException, ValidationException } from '../../kms/errors.js'

/**
 * The JSON shapes of KMS requests, as the service model declares them: member types and the
 * constraints AWS's request validation reports ("1 validation error detected: …") before an
 * operation runs. Blobs arrive base64-encoded and leave here as Uint8Array.
 */
export type Member =
  | { type: 'string'; required?: boolean; min?: number; max?: number; enum?: readonly string[] }
  | { type: 'blob'; required?: boolean; min?: number; max?: number }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'boolean'; required?: boolean }
  | { type: 'timestamp'; required?: boolean }
  | { type: 'map'; required?: boolean }
  | { type: 'list'; required?: boolean; of: Member; min?: number; max?: number }
  | { type: 'structure'; required?: boolean; members: Structure }

export type Structure = Readonly<Record<string, Member>>

/** The member kinds a value of type T can be decoded from. */
type MemberFor<T> = T extends Uint8Array
  ? Extract<Member, { type: 'blob' }>
  : T extends string
    ? Extract<Member, { type: 'string' }>
    : T extends number
      ? Extract<Member, { type: 'integer' }>
      : T extends boolean
        ? Extract<Member, { type: 'boolean' }>
        : T extends Date
          ? Extract<Member, { type: 'timestamp' }>
          : T extends readonly unknown[]
            ? Extract<Member, { type: 'list' }>
            : Extract<Member, { type: 'map' | 'structure' }>

/**
 * A request structure that describes T: a member of the right kind for every member of T. Members
 * the operation ignores (`GrantTokens`) may be declared too, for AWS's validation of them.
 */
export type StructureOf<T> = { readonly [K in keyof T]-?: MemberFor<NonNullable<T[K]>> } & Structure

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)

function jsonToken(value: unknown): string {
  if (value === null) return 'VALUE_NULL'
  if (Array.isArray(value)) return 'START_ARRAY'
  switch (typeof value) {
    case 'string':
      return 'STRING_VALUE'
    case 'number':
      return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT'
    case 'boolean':
      return value ? 'VALUE_TRUE' : 'VALUE_FALSE'
    default:
      return 'START_OBJECT'
  }
}

function mismatch(value: unknown, expected: string): SerializationException {
  if (Array.isArray(value))
    return new SerializationException('Start of list found where not expected')
  if (value !== null && typeof value === 'object') {
    return new SerializationException('Start of structure or map found where not expected.')
  }
  return new SerializationException(`${jsonToken(value)} can not be converted to ${expected}`)
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Checks a parsed JSON body against a structure. Type mismatches throw SerializationException at
 * once (as the JSON deserializer does); constraint violations are collected and reported together
 * in AWS's ValidationException format.
 */
export function decodeStructure<T>(body: unknown, shape: StructureOf<T>): T {
  const violations: string[] = []
  const out = decodeStruct(body, shape, '', violations)
  if (violations.length > 0) {
    const count = violations.length
    throw new ValidationException(
      `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
    )
  }
  // The one place a wire value becomes a domain type: every member of T has a member of its kind
  // in the shape (StructureOf), and each was just checked against it.
  return out as T
}

function decodeStruct(
  body: unknown,
  shape: Structure,
  path: string,
  violations: string[],
): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw mismatch(body, 'a structure')
  const source = body as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(shape)) {
    const at = path === '' ? lowerFirst(name) : `${path}.${lowerFirst(name)}`
    const value = source[name]
    if (value === undefined || value === null) {
      if (member.required === true)
        violations.push(
          `Value null at '${at}' failed to satisfy constraint: Member must not be null`,
        )
      continue
    }
    out[name] = decodeMember(value, member, at, violations)
  }
  return out
}

function lengthChecks(
  length: number,
  member: { min?: number; max?: number },
  shown: string,
  at: string,
  violations: string[],
): void {
  if (member.min !== undefined && length < member.min) {
    violations.push(
      `Value ${shown}at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${member.min}`,
    )
  }
  if (member.max !== undefined && length > member.max) {
    violations.push(
      `Value ${shown}at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${member.max}`,
    )
  }
}

function decodeMember(value: unknown, member: Member, at: string, violations: string[]): unknown {
  switch (member.type) {
    case 'string': {
      if (typeof value !== 'string') throw mismatch(value, 'a String')
      lengthChecks(value.length, member, `'${value}' `, at, violations)
      if (member.enum !== undefined && !member.enum.includes(value)) {
        violations.push(
          `Value '${value}' at '${at}' failed to satisfy constraint: Member must satisfy enum value set: [${member.enum.join(', ')}]`,
        )
      }
      return value
    }
    case 'blob': {
      if (typeof value !== 'string') throw mismatch(value, 'a ByteBuffer')
      if (!BASE64.test(value) || value.length % 4 === 1)
        throw new SerializationException('Base64 encoded data is not valid')
      const bytes = new Uint8Array(Buffer.from(value, 'base64'))
      // Blob values are never echoed: they may be plaintext or key material.
      lengthChecks(bytes.length, member, '', at, violations)
      return bytes
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(value, 'an Integer')
      if (member.min !== undefined && value < member.min) {
        violations.push(
          `Value '${value}' at '${at}' failed to satisfy constraint: Member must have value greater than or equal to ${member.min}`,
        )
      }
      if (member.max !== undefined && value > member.max) {
        violations.push(
          `Value '${value}' at '${at}' failed to satisfy constraint: Member must have value less than or equal to ${member.max}`,
        )
      }
      return value
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(value, 'a Boolean')
      return value
    case 'timestamp':
      if (typeof value !== 'number') throw mismatch(value, 'a Date')
      return new Date(value * 1000)
    case 'map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw mismatch(value, 'a Map')
      const out: Record<string, string> = {}
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        // KMS reads non-string context values as strings (KMS developer guide, "Encryption context rules").
        if (v === null || typeof v === 'object') throw mismatch(v, 'a String')
        out[k] = typeof v === 'string' ? v : JSON.stringify(v)
      }
      return out
    }
    case 'list': {
      if (!Array.isArray(value)) throw mismatch(value, 'a List')
      lengthChecks(value.length, member, '', at, violations)
      return value.map((item, i) =>
        decodeMember(item, member.of, `${at}.${i + 1}.member`, violations),
      )
    }
    case 'structure':
      return decodeStruct(value, member.members, at, violations)
  }
}
