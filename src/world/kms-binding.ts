import type { OperationContext } from '../core/context.js'
import { authorizeKmsCall } from '../kms/authorization/authorize.js'
import type { KmsContext } from '../kms/context.js'
import { KMSInternalException } from '../kms/errors.js'
import { kmsOperations } from '../kms/operations/index.js'
import { kmsReadOnly } from '../kms/operations/read-only.js'
import type { KmsState } from '../kms/state.js'
import type { ServiceBinding } from './dispatcher.js'

type AnyOperation = (input: unknown, ctx: KmsContext) => unknown
type Table = Readonly<Record<string, AnyOperation>>

const table = kmsOperations as unknown as Table

/** Runs KMS operations against the keystore of the request's region. */
export function kmsBinding(state: () => KmsState): ServiceBinding {
  return {
    execute(name: string, input: unknown, base: OperationContext) {
      const operation = table[name]
      // The protocol only dispatches names it decoded, which are exactly the table's keys.
      if (operation === undefined) throw new KMSInternalException()
      const ctx = { ...base, kms: state().region(base.region) }
      // With declared principals every call is authorised for the one that made it (SPEC §5.7).
      const principal = base.caller.principal
      if (principal !== undefined) authorizeKmsCall(name, input, ctx, principal)
      return operation(input, ctx)
    },
    readOnly: (name) => kmsReadOnly.has(name),
    internalError: () => new KMSInternalException(),
  }
}
