import { http, type RequestHandler } from 'msw'

/**
 * The MSW side of the transport: one handler that claims the requests the world owns (AWS's S3
 * and KMS hosts and the configured endpoints) and hands the Fetch Request over. It knows nothing
 * of AWS; everything else is left to other handlers or passes through.
 */
export function createMswHandlers(
  owns: (url: URL) => boolean,
  handle: (request: Request) => Promise<Response>,
): RequestHandler[] {
  return [
    http.all(
      ({ request }) => owns(new URL(request.url)),
      ({ request }) => handle(request),
    ),
  ]
}
