import { authorizeKmsCall } from '../kms/authorization/authorize.js'
import { KMSInternalException } from '../kms/errors.js'
import type { KmsState } from '../kms/state.js'
import { kmsOperations } from '../protocol/kms-json/operations/index.js'
import type { KmsBinding } from './dispatcher.js'

/** Runs KMS operations against the keystore of the request's region. */
export function kmsBinding(state: () => KmsState): KmsBinding {
  return {
    async execute(name, input, base) {
      const ctx = { ...base, kms: state().region(base.region) }
      // With declared principals every call is authorised for the one that made it (SPEC §5.7).
      const principal = base.caller.principal
      if (principal !== undefined) authorizeKmsCall(name, input, ctx, principal)
      return kmsOperations[name].run(input, ctx)
    },
    internalError: () => new KMSInternalException(),
  }
}
