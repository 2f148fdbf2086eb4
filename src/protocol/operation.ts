import type { AccessRequest } from '../core/access.js'
import type { AwsError, ServiceName } from '../core/aws-error.js'
import type { Caller } from '../core/context.js'
import type { KmsOperationName, KmsShapes } from './kms-json/operations/index.js'
import type { RequestMeta } from './request-meta.js'
import type { S3OperationName, S3Shapes } from './s3-rest-xml/operations/index.js'

/** Where a call comes from: its region, its request, and what it asks of a bucket policy. */
export interface CallSite {
  readonly region: string
  readonly meta: RequestMeta
  /** The actions, resources and condition keys an authorization decision needs. */
  readonly access?: AccessRequest
}

/** A call as the audit log and fault rules see it. */
export interface OperationCall extends CallSite {
  readonly service: ServiceName
  /** AWS's operation name (`GenerateDataKey`, `PutObject`), or what the request looked like. */
  readonly name: string
  readonly input: unknown
}

/**
 * The dispatcher as the protocol sees it: run a decoded call of a defined operation, typed by its
 * definition, or record one the protocol already refused (malformed body, unknown operation) so
 * every request is one audit event.
 */
export interface Dispatcher {
  s3<K extends S3OperationName>(
    name: K,
    input: S3Shapes[K]['input'],
    site: CallSite,
  ): Promise<S3Shapes[K]['output']>
  kms<K extends KmsOperationName>(
    name: K,
    input: KmsShapes[K]['input'],
    site: CallSite,
    /** Another caller than the request's: S3 calling KMS as `s3.amazonaws.com`. */
    caller?: Caller,
  ): Promise<KmsShapes[K]['output']>
  reject(call: OperationCall, error: AwsError): void
}
