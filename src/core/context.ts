import type { AccessRequest } from './access.js'
import type { AuditNotes } from './audit.js'
import type { Clock } from './clock.js'
import type { Principal } from './iam/principal.js'
import type { Random } from './random.js'

/** Who is calling, as far as the mock can tell from the request. */
export interface Caller {
  accountId: string
  accessKeyId?: string
  /** The service principal when one service calls another (`s3.amazonaws.com`). */
  invokedBy?: string
  /** Came over https (SSE-C and `aws:SecureTransport` need it). */
  secure: boolean
  sourceIp: string
  userAgent: string
  /** How the request was authenticated. */
  signature: 'sigv4' | 'sigv2' | 'anonymous'
  /**
   * The IAM identity that signed, set only when the world declares principals (SPEC §5.7): then
   * every KMS call and S3 request is authorised for it. Without principals every signer is the
   * account root and only bucket policies are evaluated, as before.
   */
  principal?: Principal
}

/**
 * What every operation receives besides its input (DESIGN §3 rule 5): injected time and
 * randomness, the region and account the request addresses, the caller, and a place to note
 * what the audit event should say.
 */
export interface OperationContext {
  readonly clock: Clock
  readonly random: Random
  readonly region: string
  readonly accountId: string
  readonly caller: Caller
  readonly requestId: string
  /** S3's `x-amz-id-2` of the request, when the protocol made one (event records carry it). */
  readonly hostId?: string
  readonly notes: AuditNotes
  /** What the request asks to do, for authorization (bucket policies); set by the protocol. */
  readonly access?: AccessRequest
  /**
   * The world's principals, for callers identified only once the body is read (POST Object's
   * form is signed in its fields, not its headers).
   */
  readonly principals?: PrincipalLookup
}

/** Which declared principal owns an access key (SPEC §5.7). */
export interface PrincipalLookup {
  /** True when the world declares principals: every signed caller must then be one. */
  readonly enabled: boolean
  find(accessKeyId: string): Principal | undefined
}
