import { KMSInternalException } from '../kms/errors.js'
import type { KmsState } from '../kms/state.js'
import { kmsOperations } from '../protocol/kms-json/operations/index.js'
import type { KmsBinding } from './dispatcher.js'

/** Runs KMS operations against the keystore of the request's region. */
export function kmsBinding(state: () => KmsState): KmsBinding {
  return {
    async execute(name, input, base) {
      return kmsOperations[name].run(input, { ...base, kms: state().region(base.region) })
    },
    internalError: () => new KMSInternalException(),
  }
}
