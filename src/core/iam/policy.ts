import { type Condition, parseOperator } from './conditions.js'

/**
 * An IAM policy document reduced to what evaluation needs (IAM JSON policy reference): identity
 * policies (no Principal) and resource policies such as KMS key policies. Bucket policies have
 * their own, stricter parser (`s3/policy/document.ts`, S3's MalformedPolicy texts) producing
 * statements of the same shape.
 */
export interface Principals {
  readonly AWS: readonly string[]
  readonly CanonicalUser: readonly string[]
  readonly Service: readonly string[]
  readonly Federated: readonly string[]
}

export interface PolicyStatement {
  readonly sid: string | undefined
  readonly effect: 'Allow' | 'Deny'
  /** Undefined in identity policies, which apply to whoever they are attached to. */
  readonly principal?: { readonly not: boolean; readonly principals: Principals } | undefined
  readonly action: { readonly not: boolean; readonly patterns: readonly string[] }
  readonly resource: { readonly not: boolean; readonly patterns: readonly string[] }
  readonly conditions: readonly Condition[]
}

export interface IamPolicy {
  readonly statements: readonly PolicyStatement[]
}

/** Why a document is not a policy; the caller turns it into its own error. */
export class PolicyDocumentError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
const isObject = (v: unknown): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function strings(value: Json | undefined, what: string): string[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0 || list.some((v) => typeof v !== 'string' || v === '')) {
    throw new PolicyDocumentError(`${what} must be a string or a non-empty list of strings`)
  }
  return list as string[]
}

function principalsOf(value: Json | undefined, where: string): Principals {
  if (value === '*') return { AWS: ['*'], CanonicalUser: [], Service: [], Federated: [] }
  if (!isObject(value)) throw new PolicyDocumentError(`${where}.Principal must be "*" or an object`)
  const out = { AWS: [] as string[], CanonicalUser: [] as string[], Service: [] as string[] }
  const federated: string[] = []
  for (const [kind, ids] of Object.entries(value)) {
    const list = strings(ids, `${where}.Principal.${kind}`)
    if (kind === 'AWS' || kind === 'CanonicalUser' || kind === 'Service') out[kind].push(...list)
    else if (kind === 'Federated') federated.push(...list)
    else throw new PolicyDocumentError(`${where}.Principal has an unknown kind '${kind}'`)
  }
  return { ...out, Federated: federated }
}

function pair(
  statement: { [key: string]: Json },
  name: 'Action' | 'Resource' | 'Principal',
  where: string,
): { not: boolean; value: Json | undefined } {
  const positive = statement[name]
  const negative = statement[`Not${name}`]
  if (positive !== undefined && negative !== undefined) {
    throw new PolicyDocumentError(`${where} has both ${name} and Not${name}`)
  }
  return negative === undefined ? { not: false, value: positive } : { not: true, value: negative }
}

function conditionsOf(value: Json | undefined, where: string): Condition[] {
  if (value === undefined) return []
  if (!isObject(value)) throw new PolicyDocumentError(`${where}.Condition must be an object`)
  const out: Condition[] = []
  for (const [name, block] of Object.entries(value)) {
    const operator = parseOperator(name)
    if (operator === undefined) {
      throw new PolicyDocumentError(`${where}.Condition has an unknown operator '${name}'`)
    }
    if (!isObject(block)) {
      throw new PolicyDocumentError(`${where}.Condition.${name} must be an object`)
    }
    for (const [key, values] of Object.entries(block)) {
      const list = (Array.isArray(values) ? values : [values]).map((v) =>
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '',
      )
      out.push({ operator, key, values: list })
    }
  }
  return out
}

/**
 * Parses a policy given as JSON text or as an object. `identity` policies must not name a
 * Principal; `resource` policies must. A missing Resource is `*` (KMS key policies may omit it).
 * Throws `PolicyDocumentError` naming the first defect.
 */
export function parseIamPolicy(document: unknown, kind: 'identity' | 'resource'): IamPolicy {
  let parsed: unknown = document
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document)
    } catch {
      throw new PolicyDocumentError('the policy is not valid JSON')
    }
  }
  if (!isObject(parsed)) throw new PolicyDocumentError('the policy must be a JSON object')
  const raw = parsed.Statement
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  if (list.length === 0) throw new PolicyDocumentError('the policy has no Statement')
  const statements = list.map((statement, index): PolicyStatement => {
    const where = `Statement[${String(index)}]`
    if (!isObject(statement)) throw new PolicyDocumentError(`${where} must be an object`)
    const effect = statement.Effect
    if (effect !== 'Allow' && effect !== 'Deny') {
      throw new PolicyDocumentError(`${where}.Effect must be Allow or Deny`)
    }
    const principal = pair(statement, 'Principal', where)
    if (kind === 'identity' && principal.value !== undefined) {
      throw new PolicyDocumentError(`${where} names a Principal, which identity policies cannot`)
    }
    if (kind === 'resource' && principal.value === undefined) {
      throw new PolicyDocumentError(`${where} has no Principal`)
    }
    const action = pair(statement, 'Action', where)
    if (action.value === undefined) throw new PolicyDocumentError(`${where} has no Action`)
    const resource = pair(statement, 'Resource', where)
    return {
      sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
      effect,
      principal:
        principal.value === undefined
          ? undefined
          : { not: principal.not, principals: principalsOf(principal.value, where) },
      action: { not: action.not, patterns: strings(action.value, `${where}.Action`) },
      resource: {
        not: resource.not,
        patterns:
          resource.value === undefined ? ['*'] : strings(resource.value, `${where}.Resource`),
      },
      conditions: conditionsOf(statement.Condition, where),
    }
  })
  return { statements }
}
