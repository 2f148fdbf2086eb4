import type { OperationContext } from '../core/context.js'
import type { KmsContext } from '../kms/context.js'
import { KMSInternalException } from '../kms/errors.js'
import { kmsReadOnly } from '../kms/operations/read-only.js'
import type { KmsState } from '../kms/state.js'
import type { ServiceBinding } from './dispatcher.js'

type AnyOperation = (input: unknown, ctx: KmsContext) => unknown
type Table = Readonly<Record<string, AnyOperation>>

/*
 * The operations (key generation, RSA/ECDSA, grants, imports…) load on the first KMS call, not at
 * import: a suite that never uses KMS does not pay for them at start-up (bench/RESULTS.md).
 * Once loaded, calls run synchronously as before.
 */
let table: Table | undefined
let loading: Promise<Table> | undefined
const loadTable = (): Promise<Table> =>
  (loading ??= import('../kms/operations/index.js').then(
    (m) => (table = m.kmsOperations as unknown as Table),
  ))

/** Runs KMS operations against the keystore of the request's region. */
export function kmsBinding(state: () => KmsState): ServiceBinding {
  return {
    execute(name: string, input: unknown, base: OperationContext) {
      const run = (loaded: Table): unknown => {
        const operation = loaded[name]
        // The protocol only dispatches names it decoded, which are exactly the table's keys.
        if (operation === undefined) throw new KMSInternalException()
        return operation(input, { ...base, kms: state().region(base.region) })
      }
      return table === undefined ? loadTable().then(run) : run(table)
    },
    readOnly: (name) => kmsReadOnly.has(name),
    internalError: () => new KMSInternalException(),
  }
}
