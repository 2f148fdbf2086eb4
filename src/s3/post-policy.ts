import { strictBase64 } from './base64.js'
import { AccessDenied, EntityTooLarge, EntityTooSmall, InvalidPolicyDocument } from './errors.js'

/**
 * The POST policy of a browser-based upload (S3 API reference, "POST Policy",
 * sigv4-HTTPPOSTConstructPolicy): an expiration and a list of conditions every form field must
 * satisfy. Parsed here from its JSON text and checked against the form, the bucket, the file size
 * and the injected clock. Failures are S3's: 403 AccessDenied "Invalid according to Policy: …",
 * 400 EntityTooSmall/EntityTooLarge for content-length-range (ceph s3-tests, run against AWS:
 * test_post_object_upload_size_*), 400 InvalidPolicyDocument for a document S3 cannot read.
 *
 * The InvalidPolicyDocument texts are not captured from AWS: "Invalid Simple-Condition" is quoted
 * by Alibaba OSS and LocalStack, the others follow its pattern.
 */
export interface PostPolicy {
  readonly expiration: Date
  readonly conditions: readonly PostCondition[]
}

export type PostCondition =
  | { readonly kind: 'eq'; readonly field: string; readonly value: string; readonly shown: string }
  | {
      readonly kind: 'starts-with'
      readonly field: string
      readonly prefix: string
      readonly shown: string
    }
  | { readonly kind: 'content-length-range'; readonly min: number; readonly max: number }

/** The form as the policy sees it: field names lower-case (S3 matches them case-insensitively). */
export interface PostForm {
  readonly bucket: string
  readonly fields: ReadonlyMap<string, string>
  readonly fileSize: number
}

const invalid = (detail: string) => new InvalidPolicyDocument(`Invalid Policy: ${detail}`)

/** `2007-12-01T12:00:00.000Z` or without milliseconds (ISO 8601, GMT). */
const EXPIRATION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/

/** The condition as S3 prints it in its error text: `["eq", "$acl", "public-read"]`. */
function show(items: readonly unknown[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(', ')}]`
}

function fieldName(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('$') || raw.length < 2) {
    throw invalid(`Invalid 'condition' field name: ${JSON.stringify(raw)}`)
  }
  return raw.slice(1).toLowerCase()
}

function parseCondition(raw: unknown): PostCondition {
  if (Array.isArray(raw)) {
    const [operator, a, b] = raw as unknown[]
    if (raw.length !== 3) throw invalid(`Invalid condition: ${JSON.stringify(raw)}`)
    // Operator names are case-sensitive (ceph s3-tests test_post_object_condition_is_case_sensitive).
    if (operator === 'eq' || operator === 'starts-with') {
      if (typeof b !== 'string') throw invalid(`Invalid condition: ${JSON.stringify(raw)}`)
      const field = fieldName(a)
      return operator === 'eq'
        ? { kind: 'eq', field, value: b, shown: show(raw) }
        : { kind: 'starts-with', field, prefix: b, shown: show(raw) }
    }
    if (operator === 'content-length-range') {
      const min = Number(a)
      const max = Number(b)
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
        throw invalid(`Invalid content-length-range: ${JSON.stringify(raw)}`)
      }
      return { kind: 'content-length-range', min, max }
    }
    throw invalid(`Invalid condition operator: ${JSON.stringify(operator)}`)
  }
  if (raw !== null && typeof raw === 'object') {
    const entries = Object.entries(raw as Record<string, unknown>)
    const [entry] = entries
    if (entries.length !== 1 || entry === undefined) {
      throw invalid(
        'Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
      )
    }
    const [name, value] = entry
    if (typeof value !== 'string') throw invalid(`Invalid Simple-Condition: ${JSON.stringify(raw)}`)
    // An exact match is an `eq` on `$name`, and S3 reports it in that form.
    return { kind: 'eq', field: name.toLowerCase(), value, shown: show(['eq', `$${name}`, value]) }
  }
  throw invalid(`Invalid condition: ${JSON.stringify(raw)}`)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Parses the form's `policy` field (base64 of UTF-8 JSON, line breaks tolerated); anything S3
 * could not read is InvalidPolicyDocument.
 */
export function parsePostPolicy(field: string): PostPolicy {
  let document: unknown
  try {
    const bytes = strictBase64(field.replace(/\s+/g, ''))
    if (bytes === undefined) throw new Error('not base64')
    document = JSON.parse(utf8.decode(bytes))
  } catch {
    throw invalid('Invalid JSON.')
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw invalid('Invalid JSON.')
  }
  // Member names are case-sensitive: "EXPIRATION" is no expiration (ceph s3-tests).
  const { expiration, conditions } = document as Record<string, unknown>
  if (expiration === undefined) throw invalid('Policy missing expiration.')
  if (typeof expiration !== 'string' || !EXPIRATION.test(expiration)) {
    const shown = typeof expiration === 'string' ? expiration : JSON.stringify(expiration)
    throw invalid(`Invalid 'expiration' value: '${shown}'`)
  }
  const at = new Date(expiration)
  if (Number.isNaN(at.getTime())) throw invalid(`Invalid 'expiration' value: '${expiration}'`)
  if (conditions === undefined) throw invalid('Policy missing conditions.')
  if (!Array.isArray(conditions)) throw invalid("Invalid 'conditions' value: must be an array.")
  return { expiration: at, conditions: conditions.map(parseCondition) }
}

/**
 * Fields no condition has to name: the signature, the policy itself, the file, and `x-ignore-*`
 * (POST Policy, "Conditions"; `signature` and `awsaccesskeyid` for SigV2 forms).
 */
function exempt(name: string): boolean {
  return (
    name === 'policy' ||
    name === 'file' ||
    name === 'x-amz-signature' ||
    name === 'signature' ||
    name === 'awsaccesskeyid' ||
    name.startsWith('x-ignore-')
  )
}

function holds(condition: PostCondition, form: PostForm): boolean {
  if (condition.kind === 'content-length-range') return true
  // `bucket` is the bucket the request addresses, whatever the form says.
  const value = condition.field === 'bucket' ? form.bucket : form.fields.get(condition.field)
  if (value === undefined) return false
  if (condition.kind === 'eq') return value === condition.value
  // A Content-Type list must start with the prefix in each entry (POST Policy, "starts-with").
  if (condition.field === 'content-type') {
    return value.split(',').every((v) => v.trim().startsWith(condition.prefix))
  }
  return value.startsWith(condition.prefix)
}

/**
 * Checks a policy against a form: expiration first (against the injected clock), then each
 * condition in order, then fields no condition names, then the file size.
 */
export function checkPostPolicy(policy: PostPolicy, form: PostForm, now: Date): void {
  if (now.getTime() > policy.expiration.getTime()) {
    throw new AccessDenied('Invalid according to Policy: Policy expired.')
  }
  const named = new Set<string>()
  for (const condition of policy.conditions) {
    if (condition.kind === 'content-length-range') continue
    named.add(condition.field)
    if (!holds(condition, form)) {
      throw new AccessDenied(
        `Invalid according to Policy: Policy Condition failed: ${condition.shown}`,
      )
    }
  }
  const extra = [...form.fields.keys()].filter((name) => !exempt(name) && !named.has(name))
  if (extra.length > 0) {
    throw new AccessDenied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`)
  }
  for (const condition of policy.conditions) {
    if (condition.kind !== 'content-length-range') continue
    if (form.fileSize < condition.min) throw new EntityTooSmall(form.fileSize, condition.min)
    if (form.fileSize > condition.max) throw new EntityTooLarge(form.fileSize, condition.max)
  }
}
