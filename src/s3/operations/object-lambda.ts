import type { S3Context } from '../context.js'
import { InvalidToken } from '../errors.js'

export interface WriteGetObjectResponseRequest {
  RequestRoute: string
  RequestToken: string
}

/**
 * WriteGetObjectResponse (`<RequestRoute>.s3-object-lambda.<region>.amazonaws.com`): a Lambda
 * function's answer to a GetObject through an Object Lambda access point. The mock emulates no
 * access point, so no route and token it receives were ever issued: `InvalidToken`
 * (_uncaptured_ for this operation). The body is not read.
 */
export function writeGetObjectResponse(
  _input: WriteGetObjectResponseRequest,
  _ctx: S3Context,
): never {
  throw new InvalidToken()
}
