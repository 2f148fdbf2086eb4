import type { AwsError } from '../../core/aws-error.js'
import { KMS_CONTENT_TYPE } from './encode.js'

/**
 * An AwsError as KMS sends it: `{"__type": code, "message": …}` with the error's status, so the
 * SDK raises its modeled exception class (reference/sdk-wire-facts.md §1b).
 */
export function renderKmsError(error: AwsError, requestId: string): Response {
  return new Response(
    JSON.stringify({ __type: error.code, message: error.message, ...error.fields }),
    {
      status: error.status,
      headers: {
        'content-type': KMS_CONTENT_TYPE,
        'x-amzn-requestid': requestId,
        ...error.headers,
      },
    },
  )
}
