import { AwsError } from '../core/aws-error.js'

/** S3 error codes (reference/aws-sse-error-contract.md §1–§2). */
abstract class S3Error extends AwsError {}

/** An operation this mock does not implement: answered, never passed to the real network. */
export class NotImplemented extends S3Error {
  readonly code = 'NotImplemented'
  readonly status = 501
  override readonly fault = 'server' as const
  constructor(operation: string) {
    super(
      `A header or query you provided implies functionality that is not implemented. (s3-kms-mock: ${operation})`,
    )
  }
}

export class InternalError extends S3Error {
  readonly code = 'InternalError'
  readonly status = 500
  override readonly fault = 'server' as const
  constructor() {
    super('We encountered an internal error. Please try again.')
  }
}
