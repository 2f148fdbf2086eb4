import type { KmsContext } from '../context.js'
import { DryRunOperationException } from '../errors.js'

/** One KMS operation: AWS-shaped input in, AWS-shaped output out, or an AwsError thrown. */
export type KmsOperation<I, O> = (input: I, ctx: KmsContext) => O | Promise<O>

/**
 * Operations that take `DryRun` call this last, after every check passed and before any state
 * is written: AWS then answers `DryRunOperationException` instead of the result.
 */
export function unlessDryRun<O>(input: { DryRun?: boolean }, output: O): O {
  if (input.DryRun === true) throw new DryRunOperationException()
  return output
}
