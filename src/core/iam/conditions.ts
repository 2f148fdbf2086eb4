import { wildcardMatch } from './wildcard.js'

/**
 * The Condition element (IAM JSON policy reference, "Condition operators" and "Multivalued
 * context keys"). Each condition names an operator, one key and a list of values:
 *
 * - a key absent from the request makes the condition false, except for the negated operators
 *   (`StringNotEquals`, `StringNotLike` …), which are then true, `…IfExists` (true), `Null`
 *   (which tests exactly that) and `ForAllValues:` (true);
 * - several values for one key are ORed: the condition holds when any value matches, and for a
 *   negated operator when none does;
 * - condition key names are case-insensitive, values case-sensitive unless the operator says not.
 */
export type ConditionBase =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase'
  | 'StringLike'
  | 'StringNotLike'
  | 'NumericEquals'
  | 'NumericNotEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateNotEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'NotIpAddress'
  | 'ArnEquals'
  | 'ArnLike'
  | 'ArnNotEquals'
  | 'ArnNotLike'
  | 'Null'

type Compare = (requestValue: string, policyValue: string) => boolean

const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text))
/** ISO 8601 or epoch seconds, as IAM's date operators take them. */
const date = (text: string): number => (/^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text))
const numeric =
  (test: (a: number, b: number) => boolean): Compare =>
  (r, p) => {
    const [a, b] = [num(r), num(p)]
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b)
  }
const dated =
  (test: (a: number, b: number) => boolean): Compare =>
  (r, p) => {
    const [a, b] = [date(r), date(p)]
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b)
  }

/** ARNs compare segment by segment; wildcards do not cross the first five colons. */
function arnLike(value: string, pattern: string): boolean {
  const split = (arn: string): string[] => {
    const parts = arn.split(':')
    return [...parts.slice(0, 5), parts.slice(5).join(':')]
  }
  const [v, p] = [split(value), split(pattern)]
  if (v.length !== 6 || p.length !== 6) return false
  return p.every((segment, i) => wildcardMatch(segment, v[i] ?? ''))
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0)
}

/** IPv4 CIDR (a bare address is a /32); IPv6 never matches the mock's 127.0.0.1 caller. */
function inCidr(address: string, cidr: string): boolean {
  const [base = '', bitsText = '32'] = cidr.split('/')
  const [a, b, bits] = [ipv4(address), ipv4(base), Number(bitsText)]
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    return false
  }
  const size = 2 ** (32 - bits)
  return Math.floor(a / size) === Math.floor(b / size)
}

/** Each operator as its positive comparison, and whether it is negated. */
const OPERATORS: Readonly<Record<Exclude<ConditionBase, 'Null'>, [Compare, boolean]>> = {
  StringEquals: [(r, p) => r === p, false],
  StringNotEquals: [(r, p) => r === p, true],
  StringEqualsIgnoreCase: [(r, p) => r.toLowerCase() === p.toLowerCase(), false],
  StringNotEqualsIgnoreCase: [(r, p) => r.toLowerCase() === p.toLowerCase(), true],
  StringLike: [(r, p) => wildcardMatch(p, r), false],
  StringNotLike: [(r, p) => wildcardMatch(p, r), true],
  NumericEquals: [numeric((a, b) => a === b), false],
  NumericNotEquals: [numeric((a, b) => a === b), true],
  NumericLessThan: [numeric((a, b) => a < b), false],
  NumericLessThanEquals: [numeric((a, b) => a <= b), false],
  NumericGreaterThan: [numeric((a, b) => a > b), false],
  NumericGreaterThanEquals: [numeric((a, b) => a >= b), false],
  DateEquals: [dated((a, b) => a === b), false],
  DateNotEquals: [dated((a, b) => a === b), true],
  DateLessThan: [dated((a, b) => a < b), false],
  DateLessThanEquals: [dated((a, b) => a <= b), false],
  DateGreaterThan: [dated((a, b) => a > b), false],
  DateGreaterThanEquals: [dated((a, b) => a >= b), false],
  Bool: [(r, p) => r.toLowerCase() === p.toLowerCase(), false],
  BinaryEquals: [(r, p) => r === p, false],
  IpAddress: [(r, p) => inCidr(r, p), false],
  NotIpAddress: [(r, p) => inCidr(r, p), true],
  ArnEquals: [(r, p) => arnLike(r, p), false],
  ArnLike: [(r, p) => arnLike(r, p), false],
  ArnNotEquals: [(r, p) => arnLike(r, p), true],
  ArnNotLike: [(r, p) => arnLike(r, p), true],
}

export interface ParsedOperator {
  readonly base: ConditionBase
  readonly ifExists: boolean
  readonly set: 'ForAnyValue' | 'ForAllValues' | undefined
}

/** `ForAnyValue:StringLikeIfExists` → its parts; undefined for a name IAM does not know. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name
  let set: ParsedOperator['set']
  for (const prefix of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.startsWith(`${prefix}:`)) {
      set = prefix
      rest = rest.slice(prefix.length + 1)
    }
  }
  const ifExists = rest.endsWith('IfExists')
  if (ifExists) rest = rest.slice(0, -'IfExists'.length)
  if (rest === 'Null') return ifExists ? undefined : { base: 'Null', ifExists, set }
  if (!Object.hasOwn(OPERATORS, rest)) return undefined
  return { base: rest as ConditionBase, ifExists, set }
}

/** One condition: operator, key and the policy's values (as strings). */
export interface Condition {
  readonly operator: ParsedOperator
  /** As written in the policy (for messages); matched case-insensitively. */
  readonly key: string
  readonly values: readonly string[]
}

/** Whether one condition holds for the request's condition keys (names in lower case). */
export function conditionHolds(
  condition: Condition,
  keys: Readonly<Record<string, readonly string[]>>,
): boolean {
  const { base, ifExists, set } = condition.operator
  const requestValues = keys[condition.key.toLowerCase()]
  const present = requestValues !== undefined && requestValues.length > 0
  if (base === 'Null') {
    return condition.values.some((v) => (v.toLowerCase() === 'true') === !present)
  }
  const [compare, negated] = OPERATORS[base]
  if (!present) {
    if (ifExists || set === 'ForAllValues') return true
    if (set === 'ForAnyValue') return false
    return negated
  }
  const matches = (r: string): boolean => {
    const any = condition.values.some((p) => compare(r, p))
    return negated ? !any : any
  }
  return set === 'ForAllValues' ? requestValues.every(matches) : requestValues.some(matches)
}
