import type { S3Context } from '../../s3/context.js'
import type { S3SigningService } from '../endpoints.js'
import type { S3HttpRequest } from './http.js'

/** The path shape an operation addresses, which is also the resource its ARN names. */
export type S3Resource = 'service' | 'bucket' | 'object'

/**
 * One way a request reaches an operation: all conditions must hold. The path shape comes from the
 * definition's `resource`; a query key that selects another operation (a subresource, routes.ts)
 * never matches.
 */
export interface S3RouteSpec {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'
  /** Query keys that must be present (any value, including empty: `?uploads=`). */
  readonly query?: readonly string[]
  /** Query keys that must have this exact value. */
  readonly queryValues?: Readonly<Record<string, string>>
  /** Headers that must be present. */
  readonly headers?: readonly string[]
  /** Media type the content-type must start with. */
  readonly contentType?: string
  /**
   * The endpoint family the request reaches, told by the SigV4 service it is signed for (the host
   * on AWS, the credential scope on a custom endpoint; endpoints.ts). Default `s3`: a route of
   * one family never takes a request for another.
   */
  readonly signingService?: Exclude<S3SigningService, 's3'>
}

/** An IAM action, or a pair whose second form applies when the request names a `versionId`. */
export type S3Action = string | { readonly plain: string; readonly version: string }

/** What an operation asks of a bucket policy (access.ts turns it into an AccessRequest). */
export interface S3AccessSpec {
  /** The path shape the routes address, which is also the resource the actions apply to. */
  readonly resource: S3Resource
  /**
   * IAM actions on the addressed resource ("Required permissions for Amazon S3 API operations").
   * Empty when the domain decides per item (DeleteObjects per key, POST Object per form).
   */
  readonly actions: readonly S3Action[]
  /** Actions needed on the `x-amz-copy-source` object as well (CopyObject, UploadPartCopy). */
  readonly copySourceActions?: readonly S3Action[]
  /** Query parameters that are condition keys of the same name (`s3:prefix` for ListBucket). */
  readonly queryConditionKeys?: readonly string[]
}

/**
 * Everything about one S3 operation, in one place (ADR 0009): how requests reach it, what it asks
 * of a bucket policy, whether CloudTrail calls it read-only, and how its input is decoded, run
 * by the domain and encoded. Routing, dispatch, policy actions and audit flags are derived from
 * these definitions; the generic parameters tie decode → run → encode together, so a part that
 * does not fit (or is missing) is a compile error.
 */
export interface S3OperationDefinition<N extends string, I, O> extends S3AccessSpec {
  /** AWS's operation name (`PutObject`), as CloudTrail's `eventName` and the SDK's `x-id`. */
  readonly name: N
  /** Most operations have one route; the routing table orders all of them by specificity. */
  readonly routes: readonly [S3RouteSpec, ...S3RouteSpec[]]
  /** CloudTrail's `readOnly`. */
  readonly readOnly: boolean
  // Properties, not methods: parameters are then checked contravariantly (strictFunctionTypes).
  readonly decode: (req: S3HttpRequest) => I | Promise<I>
  readonly run: (input: I, ctx: S3Context) => O | Promise<O>
  readonly encode: (output: O, req: S3HttpRequest) => Response
}

/** Defines one S3 operation; the identity at run time, the type check at build time. */
export function defineS3Operation<const N extends string, I, O>(
  definition: S3OperationDefinition<N, I, O>,
): S3OperationDefinition<N, I, O> {
  return definition
}
