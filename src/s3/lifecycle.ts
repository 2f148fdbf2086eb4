import type { Random } from '../core/random.js'
import { InvalidArgument, InvalidRequest, MalformedXML } from './errors.js'
import type { Tag } from './tagging.js'

/**
 * Lifecycle configurations as PutBucketLifecycleConfiguration validates them. Shapes and member
 * names are S3's (`LifecycleRule`, `LifecycleRuleFilter` …). Texts are S3's recorded answers
 * (LocalStack's AWS-validated snapshots and public captures); the rest are marked _uncaptured_.
 */

export interface LifecycleRuleAndOperator {
  readonly Prefix?: string
  readonly Tags?: readonly Tag[]
  readonly ObjectSizeGreaterThan?: number
  readonly ObjectSizeLessThan?: number
}
export interface LifecycleRuleFilter extends Omit<LifecycleRuleAndOperator, 'Tags'> {
  readonly Tag?: Tag
  readonly And?: LifecycleRuleAndOperator
}
export interface LifecycleExpiration {
  readonly Date?: Date
  readonly Days?: number
  readonly ExpiredObjectDeleteMarker?: boolean
}
export interface Transition {
  readonly Date?: Date
  readonly Days?: number
  readonly StorageClass?: string
}
export interface NoncurrentVersionTransition {
  readonly NoncurrentDays?: number
  readonly NewerNoncurrentVersions?: number
  readonly StorageClass?: string
}
export interface LifecycleRule {
  readonly ID?: string
  readonly Status: string
  readonly Filter?: LifecycleRuleFilter
  /** The deprecated rule-level prefix (Lifecycle V1). */
  readonly Prefix?: string
  readonly Expiration?: LifecycleExpiration
  readonly Transitions?: readonly Transition[]
  readonly NoncurrentVersionTransitions?: readonly NoncurrentVersionTransition[]
  readonly NoncurrentVersionExpiration?: {
    readonly NoncurrentDays?: number
    readonly NewerNoncurrentVersions?: number
  }
  readonly AbortIncompleteMultipartUpload?: { readonly DaysAfterInitiation?: number }
}
/** A stored rule: validated, with the ID S3 gives rules sent without one. */
export type StoredLifecycleRule = LifecycleRule & { readonly ID: string }

const MAX_RULES = 1000
const MAX_ID_LENGTH = 255
/** "'ObjectSizeLessThan' should be between 1 and 1099511627776000" (recorded). */
const MAX_SIZE = 1_099_511_627_776_000
const TRANSITION_CLASSES = [
  'GLACIER',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
]
/** Storage classes a transition may reach only after 30 days (recorded text). */
const THIRTY_DAY_CLASSES = new Set(['STANDARD_IA', 'ONEZONE_IA'])

const positive = (n: number | undefined): boolean => n !== undefined && Number.isInteger(n) && n > 0
const isMidnight = (d: Date): boolean => d.getTime() % 86_400_000 === 0

function tagsOf(filter: LifecycleRuleFilter | undefined): readonly Tag[] {
  if (filter === undefined) return []
  return filter.Tag !== undefined ? [filter.Tag] : (filter.And?.Tags ?? [])
}

function sizesOf(filter: LifecycleRuleFilter | undefined): { gt?: number; lt?: number } {
  const source = filter?.And ?? filter
  return {
    ...(source?.ObjectSizeGreaterThan === undefined ? {} : { gt: source.ObjectSizeGreaterThan }),
    ...(source?.ObjectSizeLessThan === undefined ? {} : { lt: source.ObjectSizeLessThan }),
  }
}

/** "A Filter must have exactly one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan, or And". */
function assertFilter(filter: LifecycleRuleFilter): void {
  const predicates = [
    filter.Prefix,
    filter.Tag,
    filter.ObjectSizeGreaterThan,
    filter.ObjectSizeLessThan,
    filter.And,
  ].filter((p) => p !== undefined)
  if (predicates.length > 1) throw new MalformedXML()
  const and = filter.And
  if (and !== undefined) {
    const count =
      (and.Prefix === undefined ? 0 : 1) +
      (and.Tags?.length ?? 0) +
      (and.ObjectSizeGreaterThan === undefined ? 0 : 1) +
      (and.ObjectSizeLessThan === undefined ? 0 : 1)
    // An And holding one predicate was MalformedXML (wire capture).
    if (count < 2) throw new MalformedXML()
    const keys = new Set((and.Tags ?? []).map((t) => t.Key))
    if (keys.size !== (and.Tags ?? []).length) {
      throw new InvalidRequest('Duplicate Tag Keys are not allowed.')
    }
  }
  const { gt, lt } = sizesOf(filter)
  if (lt !== undefined && (lt < 1 || lt > MAX_SIZE)) {
    throw new InvalidRequest("'ObjectSizeLessThan' should be between 1 and 1099511627776000.")
  }
  if (gt !== undefined && (gt < 0 || gt > MAX_SIZE)) {
    // _uncaptured_: the LessThan text, for the other bound.
    throw new InvalidRequest("'ObjectSizeGreaterThan' should be between 0 and 1099511627776000.")
  }
  if (gt !== undefined && lt !== undefined && lt <= gt) {
    throw new InvalidRequest(
      "'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'.",
    )
  }
}

function assertActions(rule: LifecycleRule): void {
  const { Expiration: exp, NoncurrentVersionExpiration: nve } = rule
  const abort = rule.AbortIncompleteMultipartUpload
  const hasAction =
    exp !== undefined ||
    nve !== undefined ||
    abort !== undefined ||
    (rule.Transitions?.length ?? 0) > 0 ||
    (rule.NoncurrentVersionTransitions?.length ?? 0) > 0
  if (!hasAction) throw new InvalidRequest('At least one action needs to be specified in a rule')
  const tagged = tagsOf(rule.Filter).length > 0
  const sized = Object.keys(sizesOf(rule.Filter)).length > 0
  if (exp !== undefined) {
    const marker = exp.ExpiredObjectDeleteMarker
    if (marker !== undefined && (exp.Days !== undefined || exp.Date !== undefined)) {
      throw new MalformedXML()
    }
    if (marker === undefined && exp.Days === undefined && exp.Date === undefined) {
      throw new MalformedXML()
    }
    if (exp.Days !== undefined && exp.Date !== undefined) throw new MalformedXML()
    if (exp.Days !== undefined && !positive(exp.Days)) {
      throw new InvalidArgument("'Days' for Expiration action must be a positive integer")
    }
    if (exp.Date !== undefined && !isMidnight(exp.Date)) {
      throw new InvalidArgument("'Date' must be at midnight GMT")
    }
    if (marker !== undefined && sized) {
      throw new InvalidRequest('ExpiredObjectDeleteMarker cannot be specified with Object Size.')
    }
  }
  if (nve !== undefined) {
    if (nve.NoncurrentDays === undefined) throw new MalformedXML()
    if (!positive(nve.NoncurrentDays)) {
      throw new InvalidArgument(
        "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer",
      )
    }
  }
  if (abort !== undefined) {
    if (!positive(abort.DaysAfterInitiation)) {
      // _uncaptured_ (NooBaa copies S3's form).
      throw new InvalidArgument(
        "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
      )
    }
    if (tagged) {
      throw new InvalidRequest('AbortIncompleteMultipartUpload cannot be specified with Tags.')
    }
    if (sized) {
      throw new InvalidRequest(
        'AbortIncompleteMultipartUpload cannot be specified with Object Size.',
      )
    }
  }
  for (const t of rule.Transitions ?? []) {
    const storageClass = t.StorageClass ?? ''
    if (!TRANSITION_CLASSES.includes(storageClass)) throw new MalformedXML()
    if (t.Days !== undefined && THIRTY_DAY_CLASSES.has(storageClass) && t.Days < 30) {
      throw new InvalidArgument(
        `'Days' in Transition action must be greater than or equal to 30 for storageClass '${storageClass}'`,
      )
    }
    if (t.Date !== undefined && !isMidnight(t.Date)) {
      throw new InvalidArgument("'Date' must be at midnight GMT")
    }
  }
  for (const t of rule.NoncurrentVersionTransitions ?? []) {
    if (!TRANSITION_CLASSES.includes(t.StorageClass ?? '')) throw new MalformedXML()
  }
}

/** The ID S3 gives a rule sent without one: base64 of a lower-case v4 UUID (recorded). */
function generatedId(random: Random): string {
  const b = Buffer.from(random.bytes(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const hex = b.toString('hex')
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  return Buffer.from(uuid).toString('base64')
}

/** Validates a configuration, first fault first, and gives each rule its ID. */
export function validLifecycleRules(
  rules: readonly LifecycleRule[],
  random: Random,
): StoredLifecycleRule[] {
  if (rules.length === 0) throw new MalformedXML()
  if (rules.length > MAX_RULES) {
    throw new InvalidRequest(
      'The number of lifecycle rules must not exceed the allowed limit of 1000 rules.',
    )
  }
  const v2 = rules.some((r) => r.Filter !== undefined)
  const ids = new Set<string>()
  for (const rule of rules) {
    if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw new MalformedXML()
    if (rule.Filter === undefined && rule.Prefix === undefined) throw new MalformedXML()
    if (rule.Filter !== undefined && rule.Prefix !== undefined) throw new MalformedXML()
    if (v2 && rule.Prefix !== undefined) {
      throw new InvalidRequest(
        'Base level prefix cannot be used in Lifecycle V2, prefixes are only supported in the Filter.',
      )
    }
    if (rule.ID !== undefined) {
      if (rule.ID.length > MAX_ID_LENGTH) {
        throw new InvalidArgument('ID length should not exceed allowed limit of 255')
      }
      if (ids.has(rule.ID)) {
        throw new InvalidArgument('Rule ID must be unique. Found same ID for more than one rule')
      }
      ids.add(rule.ID)
    }
    if (rule.Filter !== undefined) assertFilter(rule.Filter)
    assertActions(rule)
    if (!v2 && rule.NoncurrentVersionExpiration?.NewerNoncurrentVersions !== undefined) {
      throw new InvalidRequest('NewerNoncurrentVersions element can only be used in Lifecycle V2.')
    }
  }
  return rules.map((rule) => ({ ...structuredClone(rule), ID: rule.ID ?? generatedId(random) }))
}
