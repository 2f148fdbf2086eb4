import { DryRunOperationException } from '../errors.js'

/**
 * Operations that take `DryRun` call this last, after every check passed and before any state
 * is written: AWS then answers `DryRunOperationException` instead of the result.
 */
export function unlessDryRun<O>(input: { DryRun?: boolean }, output: O): O {
  if (input.DryRun === true) throw new DryRunOperationException()
  return output
}
