import type { OperationContext } from '../core/context.js'
import type { KmsRegionState, KmsState } from './state.js'

/** What a KMS operation receives: the shared context plus the keystore of the request's region. */
export interface KmsContext extends OperationContext {
  readonly kms: KmsRegionState
  /**
   * Every Region's keystore, for the few operations that reach across Regions: multi-Region keys
   * (ReplicateKey, UpdatePrimaryRegion, DescribeKey's MultiRegionConfiguration).
   */
  readonly world?: KmsState
}
