import { partitionOf } from '../core/arn.js'
import type { Caller, PrincipalLookup } from '../core/context.js'
import {
  type DeclaredPrincipal,
  findPrincipal,
  type Principal,
  rootPrincipal,
} from '../core/iam/principal.js'
import { UsageError } from '../core/usage-error.js'
import type { MockCredentials } from './options.js'

/**
 * What `world.as(name)` gives: a principal's identity and keys, and a client config to spread
 * into `new S3Client({ ...aws.as('role/reporting').config })`.
 * @public
 */
export interface PrincipalAccess {
  /** `aws:PrincipalArn`: the user, role or root ARN. */
  readonly arn: string
  /** The ARN AWS names in errors and CloudTrail (a role's session ARN). */
  readonly identityArn: string
  readonly accountId: string
  readonly credentials: MockCredentials
  /** `{ region, credentials }` for an SDK v3 client. */
  readonly config: { readonly region: string; readonly credentials: MockCredentials }
}

/**
 * The world's principals (SPEC §5.7): which principal owns an access key, and the keys signature
 * checks verify against. Empty directory: no IAM evaluation, every signer is the account root.
 */
export class PrincipalDirectory implements PrincipalLookup {
  readonly #byKey = new Map<string, DeclaredPrincipal>()
  readonly #declared: ReadonlyMap<string, DeclaredPrincipal>
  readonly #root: Principal
  readonly #rootKeys: readonly MockCredentials[]
  readonly #loaderKey: MockCredentials
  readonly #region: string
  #credentials: readonly MockCredentials[]

  /**
   * `rootKeys` are the `credentials` option's; `loaderKey` is the root key `world.load()` signs
   * with when there are none (random per world, so strict mode has no well-known key).
   */
  constructor(
    declared: ReadonlyMap<string, DeclaredPrincipal>,
    rootKeys: readonly MockCredentials[],
    loaderKey: MockCredentials,
    accountId: string,
    region: string,
  ) {
    this.#root = rootPrincipal(accountId, partitionOf(region))
    this.#rootKeys = rootKeys
    this.#loaderKey = loaderKey
    this.#region = region
    this.#credentials = rootKeys
    this.#declared = declared
    this.add(declared)
  }

  /** Back to the principals option's list: those a world file added go with the world's content. */
  reset(): void {
    this.#byKey.clear()
    this.#credentials = this.#rootKeys
    this.add(this.#declared)
  }

  /**
   * Every key a signature is verified with: the account's own, then (with principals) the
   * loader's and the principals'. Empty without either: any well-formed signature passes.
   */
  get credentials(): readonly MockCredentials[] {
    return this.#credentials
  }

  /** The root key `world.load()` signs with. */
  get loaderCredentials(): MockCredentials {
    return this.#rootKeys[0] ?? this.#loaderKey
  }

  /** True once any principal is declared: every request is then authorised. */
  get enabled(): boolean {
    return this.#byKey.size > 0
  }

  /** Adds principals (from options or a world file); access keys must be new. */
  add(declared: ReadonlyMap<string, DeclaredPrincipal>): void {
    for (const [key, entry] of declared) {
      if (this.#byKey.has(key) || this.#rootKeys.some((c) => c.accessKeyId === key)) {
        throw new UsageError(
          `Failed to add principal ${entry.principal.arn}: access key id '${key}' is already in use. Give every principal its own access key id.`,
        )
      }
      this.#byKey.set(key, entry)
    }
    if (this.enabled) {
      this.#credentials = [
        ...this.#rootKeys,
        this.#loaderKey,
        ...[...this.#byKey.values()].map((e) => ({
          accessKeyId: e.principal.accessKeyId,
          secretAccessKey: e.secretAccessKey,
        })),
      ]
    }
  }

  /** The keys already taken, so a world file's principals can be checked before anything changes. */
  get usedKeys(): ReadonlySet<string> {
    return new Set([
      ...this.#byKey.keys(),
      ...this.#rootKeys.map((c) => c.accessKeyId),
      this.#loaderKey.accessKeyId,
    ])
  }

  /**
   * Marks a signed caller with the principal owning its access key (the account root for the
   * account's own keys). Signatures were verified against the same keys, so the key is known.
   */
  identify(caller: Caller): void {
    if (!this.enabled || caller.signature === 'anonymous') return
    if (caller.signature === 'sigv2' || caller.accessKeyId === undefined) {
      // Fail closed (SPEC §5.8): a signature no principal can be told from is no identity, so the
      // request is judged as anonymous rather than as the account root.
      caller.signature = 'anonymous'
      delete caller.accessKeyId
      return
    }
    const principal =
      this.#byKey.get(caller.accessKeyId)?.principal ??
      rootPrincipal(this.#root.accountId, this.#root.partition, caller.accessKeyId)
    caller.principal = principal
    caller.accountId = principal.accountId
  }

  /** The principal owning an access key (the account root for the account's own keys). */
  find(accessKeyId: string): Principal | undefined {
    const declared = this.#byKey.get(accessKeyId)?.principal
    if (declared !== undefined) return declared
    const root =
      this.#rootKeys.some((c) => c.accessKeyId === accessKeyId) ||
      this.#loaderKey.accessKeyId === accessKeyId
    return root ? rootPrincipal(this.#root.accountId, this.#root.partition, accessKeyId) : undefined
  }

  /** `world.as(name)`: a declared principal's keys, or a UsageError listing the names known. */
  as(name: string): PrincipalAccess {
    const found = findPrincipal(this.#byKey.values(), name)
    if (found === undefined) {
      const known = [...this.#byKey.values()].map((e) => e.principal.arn).join(', ')
      throw new UsageError(
        `Failed to act as '${name}': no such principal is declared. Declare it in the principals option or a world file${known === '' ? '' : ` (declared: ${known})`}.`,
      )
    }
    const credentials = {
      accessKeyId: found.principal.accessKeyId,
      secretAccessKey: found.secretAccessKey,
    }
    return {
      arn: found.principal.arn,
      identityArn: found.principal.identityArn,
      accountId: found.principal.accountId,
      credentials,
      config: { region: this.#region, credentials },
    }
  }
}
