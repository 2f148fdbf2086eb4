import type { AccessRequest } from '../core/access.js'
import type { AwsError, ServiceName } from '../core/aws-error.js'
import type { RequestMeta } from './request-meta.js'

/** A decoded call, handed down to the world's dispatcher. */
export interface OperationCall {
  readonly service: ServiceName
  /** AWS's operation name (`GenerateDataKey`, `PutObject`). */
  readonly name: string
  readonly input: unknown
  readonly region: string
  readonly meta: RequestMeta
  /** The actions, resources and condition keys an authorization decision needs. */
  readonly access?: AccessRequest
}

/**
 * The dispatcher as the protocol sees it: run a decoded call, or record one the protocol already
 * refused (malformed body, unknown operation) so every request is one audit event.
 */
export interface Dispatcher {
  run(call: OperationCall): Promise<unknown>
  reject(call: OperationCall, error: AwsError): void
}
