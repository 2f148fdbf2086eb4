import { partitionOf } from '../../core/arn.js'
import { MalformedPolicy } from '../errors.js'
import { type Condition, parseOperator } from '../../core/iam/conditions.js'
import { type ActionScope, isKnownConditionKey, scopesOfActionPattern } from './vocabulary.js'
import { wildcardMatch } from '../../core/iam/wildcard.js'

/**
 * A bucket policy as PutBucketPolicy validates and stores it. S3 answers every defect with 400
 * `MalformedPolicy` and a text naming it; the texts and where each was observed are listed in
 * docs/decisions/0005-bucket-policies.md.
 */
export interface BucketPolicy {
  /** The document as sent; GetBucketPolicy gives it back. */
  readonly text: string
  readonly version: string
  readonly statements: readonly Statement[]
}

export interface Statement {
  readonly sid: string | undefined
  readonly effect: 'Allow' | 'Deny'
  readonly principal: { readonly not: boolean; readonly principals: Principals }
  readonly action: { readonly not: boolean; readonly patterns: readonly string[] }
  readonly resource: { readonly not: boolean; readonly patterns: readonly string[] }
  readonly conditions: readonly Condition[]
}

/** `"*"` is `{ AWS: ['*'] }`: for anonymous users the two are the same (IAM, "Principal"). */
export interface Principals {
  readonly AWS: readonly string[]
  readonly CanonicalUser: readonly string[]
  readonly Service: readonly string[]
  readonly Federated: readonly string[]
}

/** "Bucket policies are limited to 20 KB in size" (user guide, "Adding a bucket policy"). */
const MAX_POLICY_BYTES = 20480
const VERSIONS = ['2008-10-17', '2012-10-17']
const POLICY_ELEMENTS = new Set(['Version', 'Id', 'Statement'])
// prettier-ignore
const STATEMENT_ELEMENTS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource',
  'Condition',
])

const malformed = (message: string): MalformedPolicy => new MalformedPolicy(message)
const syntax = (): MalformedPolicy => malformed('Invalid policy syntax.')

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A string or a non-empty list of strings (IAM: "the brackets are optional" for one value). */
function stringList(value: Json | undefined, invalid: () => MalformedPolicy): string[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0) throw invalid()
  return list.map((item) => {
    // `"Action": null` is a syntax error to S3; an empty name is an invalid one.
    if (typeof item !== 'string') throw syntax()
    if (item === '') throw invalid()
    return item
  })
}

/**
 * Parses and validates a policy for the bucket it is put on (`region` gives the ARN partition).
 * Throws `MalformedPolicy` with S3's text for the first defect found.
 */
export function parseBucketPolicy(text: string, bucket: string, region: string): BucketPolicy {
  if (!text.startsWith('{')) {
    throw malformed("Policies must be valid JSON and the first byte must be '{'")
  }
  let document: Json
  try {
    document = JSON.parse(text) as Json
  } catch {
    throw malformed('This policy contains invalid Json')
  }
  if (!isObject(document)) throw syntax()
  if (Buffer.byteLength(JSON.stringify(document)) > MAX_POLICY_BYTES) {
    throw malformed(
      `Normalized policy document exceeds the maximum allowed size of ${MAX_POLICY_BYTES} bytes`,
    )
  }
  for (const name of Object.keys(document)) if (!POLICY_ELEMENTS.has(name)) throw syntax()
  const version = document['Version'] ?? '2008-10-17'
  if (typeof version !== 'string' || !VERSIONS.includes(version)) {
    throw malformed('The policy must contain a valid version string')
  }
  if (document['Id'] !== undefined && typeof document['Id'] !== 'string') throw syntax()
  const statement = document['Statement']
  if (statement === undefined) throw malformed('Missing required field Statement')
  const items = Array.isArray(statement) ? statement : [statement]
  if (items.length === 0) throw malformed('Could not parse the policy: Statement is empty!')
  const arnPrefix = `arn:${partitionOf(region)}:s3:::`
  const statements = items.map((item) => parseStatement(item, bucket, arnPrefix))
  return { text, version, statements }
}

/** One of a pair of exclusive elements (`Action`/`NotAction` …), or the missing-field error. */
function either(
  item: { [key: string]: Json },
  name: string,
): { not: boolean; value: Json } | undefined {
  const plain = item[name]
  const negated = item[`Not${name}`]
  if (plain !== undefined && negated !== undefined) throw syntax()
  if (plain !== undefined) return { not: false, value: plain }
  if (negated !== undefined) return { not: true, value: negated }
  return undefined
}

function parseStatement(item: Json, bucket: string, arnPrefix: string): Statement {
  if (!isObject(item)) throw syntax()
  for (const name of Object.keys(item)) if (!STATEMENT_ELEMENTS.has(name)) throw syntax()
  const sid = item['Sid']
  if (sid !== undefined && typeof sid !== 'string') throw syntax()
  const effect = item['Effect']
  if (effect === undefined) throw malformed('Missing required field Effect')
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw malformed(
      `Invalid effect: ${typeof effect === 'string' ? effect : JSON.stringify(effect)}`,
    )
  }
  const principal = either(item, 'Principal')
  if (principal === undefined) throw malformed('Missing required field Principal')
  const action = either(item, 'Action')
  if (action === undefined) throw malformed('Missing required field Action')
  const resource = either(item, 'Resource')
  if (resource === undefined) throw malformed('Missing required field Resource')

  const principals = parsePrincipals(principal.value)
  const actions = stringList(action.value, () => malformed('Policy has invalid action'))
  const scopes = actions.map((a) => {
    const found = a === '*' || a.toLowerCase().startsWith('s3:') ? scopesOfActionPattern(a) : null
    if (found === null || found.size === 0) throw malformed('Policy has invalid action')
    return found
  })
  const resources = stringList(resource.value, () => malformed('Policy has invalid resource'))
  for (const r of resources) checkResource(r, bucket, arnPrefix)
  const conditions = parseConditions(item['Condition'])
  if (!action.not && !resource.not) checkApplies(scopes, resources)
  return {
    sid,
    effect,
    principal: { not: principal.not, principals },
    action: { not: action.not, patterns: actions },
    resource: { not: resource.not, patterns: resources },
    conditions,
  }
}

const ACCOUNT_ID = /^\d{12}$/
const IAM_PRINCIPAL =
  /^arn:aws(-cn|-us-gov)?:(iam::(\d{12}|cloudfront):(root|(user|role)\/.+)|sts::\d{12}:(assumed-role|federated-user)\/.+)$/
const CANONICAL_ID = /^[0-9a-f]{64}$/
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/

function parsePrincipals(value: Json): Principals {
  const invalid = (): MalformedPolicy => malformed('Invalid principal in policy')
  if (value === '*') return { AWS: ['*'], CanonicalUser: [], Service: [], Federated: [] }
  if (!isObject(value) || Object.keys(value).length === 0) throw invalid()
  const out = { AWS: [] as string[], CanonicalUser: [] as string[], Service: [] as string[] }
  const federated: string[] = []
  for (const [type, entry] of Object.entries(value)) {
    const ids = stringList(entry, invalid)
    const valid =
      type === 'AWS'
        ? ids.every((id) => id === '*' || ACCOUNT_ID.test(id) || IAM_PRINCIPAL.test(id))
        : type === 'CanonicalUser'
          ? ids.every((id) => CANONICAL_ID.test(id))
          : type === 'Service'
            ? ids.every((id) => SERVICE.test(id))
            : type === 'Federated'
    if (!valid) throw invalid()
    if (type === 'Federated') federated.push(...ids)
    else out[type as keyof typeof out].push(...ids)
  }
  return { ...out, Federated: federated }
}

/** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/…`, the bucket part naming this bucket. */
function checkResource(resource: string, bucket: string, arnPrefix: string): void {
  const invalid = (): MalformedPolicy => malformed('Policy has invalid resource')
  if (!resource.startsWith(arnPrefix)) throw invalid()
  const rest = resource.slice(arnPrefix.length)
  const slash = rest.indexOf('/')
  const bucketPart = slash === -1 ? rest : rest.slice(0, slash)
  if (bucketPart === '' || !wildcardMatch(bucketPart, bucket)) throw invalid()
}

/**
 * "Action does not apply to any resource(s) in statement": every action named must apply to one of
 * the resources — object actions to `bucket/…`, bucket actions to the bucket itself. A trailing `*`
 * in the bucket part (`arn:aws:s3:::*`) expands across `/`, so it names both.
 */
function checkApplies(scopes: readonly Set<ActionScope>[], resources: readonly string[]): void {
  const kinds = new Set<ActionScope>()
  for (const r of resources) {
    const rest = r.slice(r.indexOf(':::') + 3)
    if (rest.includes('/')) kinds.add('object')
    else {
      kinds.add('bucket')
      if (rest.endsWith('*')) kinds.add('object')
    }
  }
  for (const scope of scopes) {
    if (![...scope].some((s) => kinds.has(s))) {
      throw malformed('Action does not apply to any resource(s) in statement')
    }
  }
}

function parseConditions(value: Json | undefined): Condition[] {
  if (value === undefined) return []
  if (!isObject(value)) throw syntax()
  const conditions: Condition[] = []
  for (const [name, block] of Object.entries(value)) {
    const operator = parseOperator(name)
    if (operator === undefined) throw malformed(`Invalid Condition type : ${name}`)
    if (!isObject(block)) throw syntax()
    for (const [key, raw] of Object.entries(block)) {
      if (!isKnownConditionKey(key)) throw malformed('Policy has an invalid condition key')
      const list = Array.isArray(raw) ? raw : [raw]
      const values = list.map((v) => {
        if (typeof v === 'string') return v
        if (typeof v === 'boolean' || typeof v === 'number') return String(v)
        throw syntax()
      })
      conditions.push({ operator, key, values })
    }
  }
  return conditions
}
