import { type AuditEvent, type AuditLog, type AuditNotes, eventSourceOf } from '../core/audit.js'
import { type AwsError, isAwsError } from '../core/aws-error.js'
import type { Clock } from '../core/clock.js'
import type { Caller, OperationContext, PrincipalLookup } from '../core/context.js'
import type { Faults, FaultTarget } from '../core/faults.js'
import type { Random } from '../core/random.js'
import { RequestBodyUnreadable } from '../core/request-body.js'
import {
  isKmsOperationName,
  type KmsOperationName,
  type KmsShapes,
  kmsOperations,
} from '../protocol/kms-json/operations/index.js'
import type { CallSite, Dispatcher, OperationCall } from '../protocol/operation.js'
import {
  isS3OperationName,
  type S3OperationName,
  type S3Shapes,
  s3Operations,
} from '../protocol/s3-rest-xml/operations/index.js'

/** How the dispatcher runs one service's operations, typed by their definitions. */
export interface S3Binding {
  execute<K extends S3OperationName>(
    name: K,
    input: S3Shapes[K]['input'],
    ctx: OperationContext,
  ): Promise<S3Shapes[K]['output']>
  /** The 500 answered when an operation throws something that is not an AwsError (a bug). */
  internalError(): AwsError
  /** The answer to a request body that could not be read to its end (core/request-body.ts). */
  unreadableBody?(): AwsError
}

export interface KmsBinding {
  execute<K extends KmsOperationName>(
    name: K,
    input: KmsShapes[K]['input'],
    ctx: OperationContext,
  ): Promise<KmsShapes[K]['output']>
  internalError(): AwsError
}

/** CloudTrail's `readOnly`, from the operation's definition; false for calls refused unnamed. */
function readOnlyOf(call: OperationCall): boolean {
  if (call.service === 's3') return isS3OperationName(call.name) && s3Operations[call.name].readOnly
  return isKmsOperationName(call.name) && kmsOperations[call.name].readOnly
}

export interface DispatcherDeps {
  readonly clock: Clock
  readonly random: () => Random
  readonly audit: AuditLog
  readonly faults: Faults
  readonly accountId: string
  readonly s3: S3Binding
  readonly kms: KmsBinding
  readonly onInternalError: (call: OperationCall, error: unknown) => void
  readonly principals?: PrincipalLookup
}

/** The RequestBodyUnreadable behind `thrown`, if any (it may come wrapped as a cause). */
function unreadableBody(thrown: unknown): RequestBodyUnreadable | undefined {
  for (let e = thrown, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof RequestBodyUnreadable) return e
    e = e.cause
  }
  return undefined
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)

/**
 * CloudTrail-style request parameters: top-level member names in lower camel case, binary values
 * (plaintext, ciphertext, key material) never copied (SPEC §5.6).
 */
export function auditParameters(input: unknown): Record<string, unknown> | null {
  if (input === null || typeof input !== 'object') return null
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(input)) {
    const value = SENSITIVE.has(k) ? HIDDEN : plainData(v)
    if (value !== undefined) out[lowerFirst(k)] = value
  }
  return out
}

/**
 * Only plain data goes in an audit event: no bytes, Secrets, Maps (POST Object's form fields may
 * hold an SSE-C key), bodies or callbacks (an injected fault fails a PutObject before the
 * operation notes its own parameters). Dates become ISO strings.
 */
/**
 * Text members the service model marks sensitive: CloudTrail shows them as this marker, never
 * their value (the custom key store's kmsuser password, the external key store proxy's secret).
 */
const SENSITIVE = new Set(['KeyStorePassword', 'RawSecretAccessKey'])
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS'

function plainData(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v
  if (v instanceof Date) return v.toISOString()
  if (Array.isArray(v)) return v.map(plainData).filter((e) => e !== undefined)
  const proto: unknown = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) return undefined
  const out: Record<string, unknown> = {}
  for (const [k, e] of Object.entries(v)) {
    const value = SENSITIVE.has(k) ? HIDDEN : plainData(e)
    if (value !== undefined) out[k] = value
  }
  return out
}

/** The bucket and key an S3 call names (its input's `Bucket`/`Key`), for fault rules. */
function faultTarget(input: unknown): FaultTarget {
  if (input === null || typeof input !== 'object') return {}
  const { Bucket, Key } = input as { Bucket?: unknown; Key?: unknown }
  return {
    ...(typeof Bucket === 'string' ? { bucket: Bucket } : {}),
    ...(typeof Key === 'string' ? { key: Key } : {}),
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The one pipeline every operation goes through (DESIGN §3): faults → execute → audit. S3's own
 * calls to KMS come through here too, so they are faulted and audited like a user's.
 */
export class WorldDispatcher implements Dispatcher {
  readonly #deps: DispatcherDeps

  constructor(deps: DispatcherDeps) {
    this.#deps = deps
  }

  s3<K extends S3OperationName>(
    name: K,
    input: S3Shapes[K]['input'],
    site: CallSite,
  ): Promise<S3Shapes[K]['output']> {
    const s3 = this.#deps.s3
    return this.#run({ ...site, service: 's3', name, input }, site.meta.caller, s3, (ctx) =>
      s3.execute(name, input, ctx),
    )
  }

  /** A KMS call; S3's calls to KMS pass `invokedBy: s3.amazonaws.com` as the caller. */
  kms<K extends KmsOperationName>(
    name: K,
    input: KmsShapes[K]['input'],
    site: CallSite,
    caller: Caller = site.meta.caller,
  ): Promise<KmsShapes[K]['output']> {
    const kms = this.#deps.kms
    return this.#run({ ...site, service: 'kms', name, input }, caller, kms, (ctx) =>
      kms.execute(name, input, ctx),
    )
  }

  async #run<O>(
    call: OperationCall,
    caller: Caller,
    binding: { internalError(): AwsError; unreadableBody?(): AwsError },
    execute: (ctx: OperationContext) => Promise<O>,
  ): Promise<O> {
    const deps = this.#deps
    const notes: AuditNotes = { resources: [] }
    const ctx: OperationContext = {
      clock: deps.clock,
      random: deps.random(),
      region: call.region,
      accountId: deps.accountId,
      caller,
      requestId: call.meta.requestId,
      ...(call.meta.hostId === undefined ? {} : { hostId: call.meta.hostId }),
      notes,
      ...(call.access === undefined ? {} : { access: call.access }),
      ...(deps.principals === undefined ? {} : { principals: deps.principals }),
    }
    const fault = deps.faults.decide(
      call.service,
      call.name,
      caller.invokedBy,
      faultTarget(call.input),
    )
    try {
      if (fault?.latencyMs !== undefined) await sleep(fault.latencyMs)
      if (fault?.error !== undefined) throw fault.error
      const output = await execute(ctx)
      this.#record(call, caller, notes, undefined, fault)
      return output
    } catch (thrown) {
      let error: AwsError
      const unreadable = unreadableBody(thrown)
      if (isAwsError(thrown)) {
        error = thrown
      } else if (unreadable !== undefined && binding.unreadableBody !== undefined) {
        // The client's body failed mid-way or held what no client sends: answered as a body
        // cut short, with the reason printed (it is the caller's stream, not a mock bug).
        console.warn(unreadable.message)
        error = binding.unreadableBody()
      } else {
        deps.onInternalError(call, thrown)
        error = binding.internalError()
      }
      this.#record(call, caller, notes, error, fault)
      throw error
    }
  }

  reject(call: OperationCall, error: AwsError): void {
    this.#record(call, call.meta.caller, { resources: [] }, error, undefined)
  }

  #record(
    call: OperationCall,
    caller: Caller,
    notes: AuditNotes,
    error: AwsError | undefined,
    fault: { error?: AwsError; latencyMs?: number } | undefined,
  ): void {
    const deps = this.#deps
    // Optional members are assigned, not spread: this runs for every call, S3's KMS calls included.
    const principal = caller.principal
    const userIdentity: AuditEvent['userIdentity'] = {
      type:
        principal !== undefined
          ? principal.type
          : caller.invokedBy === undefined
            ? 'IAMUser'
            : 'AWSService',
      accountId: caller.accountId,
    }
    if (principal !== undefined) {
      // CloudTrail's shapes for an IAM user, a role session and the root (userIdentity element).
      userIdentity.arn = principal.identityArn
      if (principal.type === 'IAMUser') userIdentity.userName = principal.name
      if (principal.type === 'AssumedRole') {
        userIdentity.sessionContext = {
          sessionIssuer: {
            type: 'Role',
            arn: principal.arn,
            accountId: principal.accountId,
            userName: principal.name,
          },
        }
      }
    }
    if (caller.accessKeyId !== undefined) userIdentity.accessKeyId = caller.accessKeyId
    if (caller.invokedBy !== undefined) userIdentity.invokedBy = caller.invokedBy
    const event: AuditEvent = {
      eventVersion: '1.11',
      eventTime: deps.clock.now().toISOString(),
      eventSource: eventSourceOf(call.service),
      eventName: call.name,
      awsRegion: call.region,
      sourceIPAddress: caller.invokedBy ?? caller.sourceIp,
      userAgent: caller.invokedBy ?? caller.userAgent,
      userIdentity,
      requestParameters:
        notes.requestParameters !== undefined
          ? notes.requestParameters
          : auditParameters(call.input),
      responseElements: notes.responseElements ?? null,
      requestID: call.meta.requestId,
      eventID: deps.random().uuid(),
      readOnly: readOnlyOf(call),
      resources: notes.resources,
      eventType: 'AwsApiCall',
    }
    if (notes.additionalEventData !== undefined) {
      event.additionalEventData = notes.additionalEventData
    }
    if (notes.authorization !== undefined) event.authorization = notes.authorization
    if (error !== undefined) {
      event.errorCode = error.code
      event.errorMessage = error.message
    }
    if (fault !== undefined) {
      const injectedFault: NonNullable<AuditEvent['injectedFault']> = {}
      if (fault.error !== undefined) injectedFault.error = fault.error.code
      if (fault.latencyMs !== undefined) injectedFault.latencyMs = fault.latencyMs
      event.injectedFault = injectedFault
    }
    deps.audit.record(event)
    if (error === undefined) notes.onRecorded?.(event)
  }
}
