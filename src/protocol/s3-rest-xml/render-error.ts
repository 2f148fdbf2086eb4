import type { AwsError } from '../../core/aws-error.js'
import { xmlBuilderClass } from './xml-libs.js'

let builder: InstanceType<ReturnType<typeof xmlBuilderClass>> | undefined
function errorBuilder(): InstanceType<ReturnType<typeof xmlBuilderClass>> {
  const XMLBuilder = xmlBuilderClass()
  builder ??= new XMLBuilder({ processEntities: true, suppressEmptyNode: false })
  return builder
}

/**
 * An AwsError as S3 sends it: `<Error><Code/><Message/>…fields…<RequestId/><HostId/></Error>`, and
 * no body at all for HEAD (reference/aws-sse-error-contract.md, general wire facts).
 */
export function renderS3Error(
  error: AwsError,
  method: string,
  requestId: string,
  hostId: string,
): Response {
  const headers: Record<string, string> = {
    'x-amz-request-id': requestId,
    'x-amz-id-2': hostId,
    ...error.headers,
  }
  // HEAD answers and 304 Not Modified never carry a body.
  if (method === 'HEAD' || error.status === 304)
    return new Response(null, { status: error.status, headers })
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    errorBuilder().build({
      Error: {
        Code: error.code,
        Message: error.message,
        ...error.fields,
        RequestId: requestId,
        HostId: hostId,
      },
    })
  return new Response(body, {
    status: error.status,
    headers: { ...headers, 'content-type': 'application/xml' },
  })
}
