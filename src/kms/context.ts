import type { OperationContext } from '../core/context.js'
import type { KmsRegionState } from './state.js'

/** What a KMS operation receives: the shared context plus the keystore of the request's region. */
export interface KmsContext extends OperationContext {
  readonly kms: KmsRegionState
}
