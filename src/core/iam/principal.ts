import { UsageError } from '../usage-error.js'
import { type IamPolicy, parseIamPolicy, PolicyDocumentError } from './policy.js'

/**
 * An IAM identity declared by the test author (SPEC §5.7): an IAM user, an IAM role (acting
 * through a session of it, as a role always does) or an account root, of the world's account or
 * of another one.
 * @public
 */
export interface MockPrincipal {
  /**
   * `arn:aws:iam::<account>:user/<name>`, `arn:aws:iam::<account>:role/<name>`,
   * `arn:aws:sts::<account>:assumed-role/<role>/<session>` or `arn:aws:iam::<account>:root`.
   */
  arn: string
  accessKeyId: string
  secretAccessKey: string
  /**
   * The identity-based policy (JSON text or object). Without one the principal may do everything
   * an identity policy could allow, so only bucket policies, key policies and grants narrow it.
   */
  policy?: string | object
}

/** A declared principal, resolved once at world creation. */
export interface Principal {
  /** `aws:PrincipalArn`: the user, role or root ARN (a role's, not its session's). */
  readonly arn: string
  /** Who AWS names in errors and CloudTrail: the user, the root, or the role's session ARN. */
  readonly identityArn: string
  readonly accountId: string
  readonly partition: string
  readonly type: 'IAMUser' | 'AssumedRole' | 'Root'
  /** The user or role name; the account id for a root. */
  readonly name: string
  readonly sessionName?: string
  readonly accessKeyId: string
  /** Undefined: allowed everything an identity policy could allow. */
  readonly policy: IamPolicy | undefined
}

/** The session name of a role declared by its role ARN (the mock has no AssumeRole call). */
export const DEFAULT_SESSION_NAME = 's3-kms-mock'

const IAM_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(root|user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)|role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+))$/
const SESSION_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/

/** Where a principals list comes from, for messages: the option, or a world file's JSON path. */
export interface PrincipalsSource {
  /** `create the mock`, `load world file fixtures/x.json` */
  readonly verb: string
  /** `principals`, `$.principals` */
  readonly path: string
}

const OPTION: PrincipalsSource = { verb: 'create the mock', path: 'principals' }

function resolveArn(
  arn: string,
  at: string,
  fail: (reason: string, fix: string) => UsageError,
): Omit<Principal, 'accessKeyId' | 'policy'> {
  const session = SESSION_ARN.exec(arn)
  if (session !== null) {
    const [, partition = 'aws', accountId = '', role = '', sessionName = ''] = session
    return {
      arn: `arn:${partition}:iam::${accountId}:role/${role}`,
      identityArn: arn,
      accountId,
      partition,
      type: 'AssumedRole',
      name: role,
      sessionName,
    }
  }
  const iam = IAM_ARN.exec(arn)
  if (iam === null) {
    throw fail(
      `${at}.arn '${arn}' is not an IAM user, role, assumed-role session or account root ARN`,
      "Use a form such as 'arn:aws:iam::123456789012:role/reporting'",
    )
  }
  const [, partition = 'aws', accountId = '', resource = '', user, role] = iam
  if (resource === 'root') {
    return { arn, identityArn: arn, accountId, partition, type: 'Root', name: accountId }
  }
  if (user !== undefined) {
    return { arn, identityArn: arn, accountId, partition, type: 'IAMUser', name: user }
  }
  const name = role ?? ''
  return {
    arn,
    identityArn: `arn:${partition}:sts::${accountId}:assumed-role/${name}/${DEFAULT_SESSION_NAME}`,
    accountId,
    partition,
    type: 'AssumedRole',
    name,
    sessionName: DEFAULT_SESSION_NAME,
  }
}

/** A principal with its secret, which stays with the signature checks and `world.as()`. */
export interface DeclaredPrincipal {
  readonly principal: Principal
  readonly secretAccessKey: string
}

/**
 * Validates the `principals` option (or a world file's list) into principals keyed by access key.
 * `reserved` are access keys already in use (the `credentials` option's), which act as the root.
 */
export function resolvePrincipals(
  value: unknown,
  reserved: ReadonlySet<string> = new Set(),
  source: PrincipalsSource = OPTION,
): Map<string, DeclaredPrincipal> {
  const fail = (reason: string, fix: string): UsageError =>
    new UsageError(`Failed to ${source.verb}: ${reason}. ${fix}`)
  const out = new Map<string, DeclaredPrincipal>()
  if (value === undefined) return out
  if (!Array.isArray(value)) {
    throw fail('principals is not a list', 'Pass [{ arn, accessKeyId, secretAccessKey, policy? }]')
  }
  for (const [index, entry] of (value as unknown[]).entries()) {
    const at = `${source.path}[${String(index)}]`
    if (typeof entry !== 'object' || entry === null) {
      throw fail(`${at} is not an object`, 'Pass { arn, accessKeyId, secretAccessKey, policy? }')
    }
    const { arn, accessKeyId, secretAccessKey, policy } = entry as Record<string, unknown>
    for (const [name, v] of Object.entries({ arn, accessKeyId, secretAccessKey })) {
      if (typeof v !== 'string' || v === '') {
        throw fail(`${at}.${name} is missing or empty`, `Give ${at} a non-empty string ${name}`)
      }
    }
    const key = accessKeyId as string
    if (out.has(key) || reserved.has(key)) {
      throw fail(
        `${at}.accessKeyId '${key}' is used twice`,
        'Give every principal and credential its own access key id',
      )
    }
    let parsed: IamPolicy | undefined
    if (policy !== undefined) {
      if (typeof policy !== 'string' && (typeof policy !== 'object' || policy === null)) {
        throw fail(`${at}.policy is neither JSON text nor an object`, 'Pass an IAM policy document')
      }
      try {
        parsed = parseIamPolicy(policy, 'identity')
      } catch (error) {
        if (!(error instanceof PolicyDocumentError)) throw error
        throw fail(
          `${at}.policy is not a valid identity policy: ${error.message}`,
          'Fix the policy',
        )
      }
    }
    out.set(key, {
      principal: { ...resolveArn(arn as string, at, fail), accessKeyId: key, policy: parsed },
      secretAccessKey: secretAccessKey as string,
    })
  }
  return out
}

/**
 * The principal a test names: a full ARN (user, role, session or root), or the part after the
 * account (`role/reporting`, `user/alice`), or a bare user or role name.
 */
export function findPrincipal<T extends { readonly principal: Principal }>(
  principals: Iterable<T>,
  name: string,
): T | undefined {
  const list = [...principals]
  return (
    list.find(({ principal: p }) => p.arn === name || p.identityArn === name) ??
    list.find(({ principal: p }) => p.arn.endsWith(`:${name}`)) ??
    list.find(({ principal: p }) => p.name === name)
  )
}

/** The account root acting with the account's own keys (the `credentials` option's). */
export function rootPrincipal(accountId: string, partition: string, accessKeyId = ''): Principal {
  const arn = `arn:${partition}:iam::${accountId}:root`
  return {
    arn,
    identityArn: arn,
    accountId,
    partition,
    type: 'Root',
    name: accountId,
    accessKeyId,
    policy: undefined,
  }
}

/** The ARNs that name a principal exactly in a Principal element (role: also its session). */
export function principalNames(p: Principal): readonly string[] {
  return p.identityArn === p.arn ? [p.arn] : [p.identityArn, p.arn]
}
