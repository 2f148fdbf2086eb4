import type { AccessRequest } from '../core/access.js'
import type { OperationContext } from '../core/context.js'
import type { KmsState } from '../kms/state.js'
import type { S3Context } from '../s3/context.js'
import type { KeyService } from '../s3/key-service.js'
import { AccessDenied, IncompleteBody, InternalError, NoSuchKey } from '../s3/errors.js'
import { lifecycleOrigin, principalIdOf, type EventOrigin } from '../s3/event-messages.js'
import type { S3ObjectEvent } from '../s3/events.js'
import { sweepLifecycle } from '../s3/lifecycle-engine.js'
import { sweepRestores } from '../s3/restore-events.js'
import { authorize, hidesMissingKeys } from '../s3/policy/authorize.js'
import type { S3State } from '../s3/state.js'
import { s3Operations } from '../protocol/s3-rest-xml/operations/index.js'
import type { S3Binding, WorldDispatcher } from './dispatcher.js'
import type { S3EventBus } from './s3-events.js'
import { s3KeyService } from './s3-key-service.js'

/**
 * A missing key is 404 only to a caller who may list the bucket; others get 403 AccessDenied
 * (GetObject API reference), so a policy granting GetObject alone does not reveal which keys exist.
 */
async function concealMissingKeys<O>(
  run: () => O | Promise<O>,
  ctx: S3Context,
  access: AccessRequest,
): Promise<O> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof NoSuchKey && hidesMissingKeys(ctx, access)) throw new AccessDenied()
    throw error
  }
}

export interface S3BindingDeps {
  readonly state: () => S3State
  readonly kms: () => KmsState
  readonly dispatcher: () => WorldDispatcher
  readonly blockSseCOnNewBuckets: boolean
  readonly events: S3EventBus
  /** A request id and host id for what S3 does on its own (lifecycle, restores completing). */
  readonly backgroundIds: () => { requestId: string; hostId: string }
}

/** The identity members of the records a request's changes produce. */
function requestOrigin(ctx: OperationContext): EventOrigin {
  return {
    principalId: principalIdOf(ctx.caller),
    sourceIp: ctx.caller.sourceIp,
    requester: ctx.caller.accountId,
    requestId: ctx.requestId,
    hostId: ctx.hostId ?? '',
  }
}

/** Runs S3 operations with S3's state and a KeyService bound to the request. */
export function s3Binding(deps: S3BindingDeps): S3Binding {
  /**
   * Lifecycle actions and restores the world's clock has made due happen before anything else
   * sees S3; they are S3's own doing, announced whatever becomes of the request.
   */
  const sweep = (state: S3State, base: OperationContext, listening: boolean): void => {
    const now = base.clock.now()
    if (!listening) {
      sweepLifecycle(state, now, base.random)
      sweepRestores(state, now, undefined)
      return
    }
    const background: S3ObjectEvent[] = []
    const sink = (event: S3ObjectEvent) => background.push(event)
    sweepLifecycle(state, now, base.random, sink)
    sweepRestores(state, now, sink)
    if (background.length === 0) return
    const ids = deps.backgroundIds()
    deps.events.deliver(background, lifecycleOrigin(ids.requestId, ids.hostId))
  }
  return {
    async execute(name, input, base) {
      const definition = s3Operations[name]
      // Events are built only while someone listens (aws.s3.onEvent), and delivered only once
      // the operation succeeded: a refused request announces nothing.
      const pending: S3ObjectEvent[] | undefined = deps.events.listening ? [] : undefined
      // The KeyService is built on first use: most S3 calls never reach KMS.
      let keys: KeyService | undefined
      const ctx: S3Context = {
        ...base,
        s3: deps.state(),
        get keys() {
          return (keys ??= s3KeyService(deps.dispatcher(), deps.kms, base))
        },
        blockSseCOnNewBuckets: deps.blockSseCOnNewBuckets,
        ...(pending === undefined ? {} : { events: (event: S3ObjectEvent) => pending.push(event) }),
      }
      sweep(ctx.s3, base, pending !== undefined)
      const run = () => {
        // The bucket policy decides before the operation runs (explicit Deny, anonymous access).
        if (base.access === undefined) return definition.run(input, ctx)
        authorize(ctx, base.access)
        return concealMissingKeys(() => definition.run(input, ctx), ctx, base.access)
      }
      if (pending === undefined) return run()
      const output = await run()
      if (pending.length > 0) deps.events.deliver(pending, requestOrigin(base))
      return output
    },
    internalError: () => new InternalError(),
    // S3's answer to a body that ends before it should (the client's stream failed mid-way).
    unreadableBody: () => IncompleteBody.terminated(),
  }
}
