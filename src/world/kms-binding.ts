import { authorizeKmsCall } from '../kms/authorization/authorize.js'
import { KMSInternalException } from '../kms/errors.js'
import { isUsageTracked, recordLastUsage } from '../kms/operations/last-usage.js'
import type { KmsState } from '../kms/state.js'
import { kmsOperations } from '../protocol/kms-json/operations/index.js'
import type { KmsBinding } from './dispatcher.js'

/** Runs KMS operations against the keystore of the request's region. */
export function kmsBinding(state: () => KmsState): KmsBinding {
  return {
    async execute(name, input, base) {
      const world = state()
      const ctx = { ...base, kms: world.region(base.region), world }
      // With declared principals every call is authorised for the one that made it (SPEC §5.7).
      const principal = base.caller.principal
      if (principal !== undefined) authorizeKmsCall(name, input, ctx, principal)
      const output = await kmsOperations[name].run(input, ctx)
      if (isUsageTracked(name)) {
        // GetKeyLastUsage names the CloudTrail event of the use, known once it is recorded.
        ctx.notes.onRecorded = (event) => {
          recordLastUsage(ctx.kms, event.resources, {
            operation: name,
            timestamp: new Date(event.eventTime),
            cloudTrailEventId: event.eventID,
            kmsRequestId: event.requestID,
          })
        }
      }
      return output
    },
    internalError: () => new KMSInternalException(),
  }
}
