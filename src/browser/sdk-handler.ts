import type { SdkHandlerOptions, SdkHttpRequest } from '../transport/sdk-request-handler.js'
import { urlOf } from '../transport/sdk-url.js'

/**
 * The page's `requestHandler` (smithy `HttpHandler`), as the SDK's browser `FetchHttpHandler`
 * answers: the body a web `ReadableStream`. No service worker and no CORS in between.
 * @public
 */
export interface BrowserSdkRequestHandler {
  /** What smithy reads to pick the protocol. */
  readonly metadata: { readonly handlerProtocol: string }
  /** Answers one SDK request from the world. */
  handle(
    request: SdkHttpRequest,
    options?: SdkHandlerOptions,
  ): Promise<{
    response: {
      statusCode: number
      reason?: string
      headers: Record<string, string>
      body: ReadableStream<Uint8Array>
    }
  }>
  /** Part of smithy's `HttpHandler`; there is nothing to configure. */
  updateHttpClientConfig(key: never, value: never): void
  /** Part of smithy's `HttpHandler`; there is nothing to configure. */
  httpHandlerConfigs(): Record<string, never>
  /** Part of smithy's `HttpHandler`; there is nothing to release. */
  destroy(): void
}

const emptyBody = (): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.close()
    },
  })

const EMPTY_BODY_METHODS = new Set(['GET', 'HEAD'])

export function browserRequestHandler(
  owns: (url: URL) => boolean,
  handle: (request: Request) => Promise<Response>,
): BrowserSdkRequestHandler {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request, options = {}) {
      if (options.abortSignal?.aborted === true) {
        const error = new Error('Request aborted')
        error.name = 'AbortError'
        throw error
      }
      const url = new URL(urlOf(request))
      if (!owns(url)) {
        throw new Error(
          `s3-kms-mock: ${request.method} ${url.href} is not a host this world answers (AWS S3/KMS hosts and the \`endpoints\` option).`,
        )
      }
      const method = request.method.toUpperCase()
      const body = EMPTY_BODY_METHODS.has(method)
        ? null
        : // Whatever the SDK sends (bytes, string, Blob, stream), read whole as fetch would send it.
          new Uint8Array(await new Response(request.body as BodyInit | null).arrayBuffer())
      const response = await handle(new Request(url, { method, headers: request.headers, body }))
      const headers: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        headers[name] = value
      })
      return {
        response: {
          statusCode: response.status,
          ...(response.statusText === '' ? {} : { reason: response.statusText }),
          headers,
          body: response.body ?? emptyBody(),
        },
      }
    },
    updateHttpClientConfig() {
      // Nothing to configure: there is no connection here.
    },
    httpHandlerConfigs: () => ({}),
    destroy() {
      // Nothing to release.
    },
  }
}
