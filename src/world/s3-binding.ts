import type { OperationContext } from '../core/context.js'
import type { KmsState } from '../kms/state.js'
import type { S3Context } from '../s3/context.js'
import { InternalError } from '../s3/errors.js'
import { s3Operations, s3ReadOnly } from '../s3/operations/index.js'
import type { S3State } from '../s3/state.js'
import type { ServiceBinding, WorldDispatcher } from './dispatcher.js'
import { s3KeyService } from './s3-key-service.js'

type AnyOperation = (input: unknown, ctx: S3Context) => unknown

const table = s3Operations as unknown as Readonly<Record<string, AnyOperation>>

export interface S3BindingDeps {
  readonly state: () => S3State
  readonly kms: () => KmsState
  readonly dispatcher: () => WorldDispatcher
  readonly blockSseCOnNewBuckets: boolean
}

/** Runs S3 operations with S3's state and a KeyService bound to the request. */
export function s3Binding(deps: S3BindingDeps): ServiceBinding {
  return {
    execute(name: string, input: unknown, base: OperationContext) {
      const operation = table[name]
      // The protocol only dispatches operations that have a codec, which are the table's keys.
      if (operation === undefined) throw new InternalError()
      return operation(input, {
        ...base,
        s3: deps.state(),
        keys: s3KeyService(deps.dispatcher(), deps.kms, base),
        blockSseCOnNewBuckets: deps.blockSseCOnNewBuckets,
      })
    },
    readOnly: (name) => s3ReadOnly.has(name),
    internalError: () => new InternalError(),
  }
}
