import { KMSClient } from '@aws-sdk/client-kms'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { setupMockAws, type MockAwsServer } from '../../src/node.js'
import type { MockAwsOptions, SdkRequestHandler } from '../../src/index.js'

/** Static credentials so the SDK never looks for real ones; the mock accepts any SigV4 signature. */
export const testCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

/**
 * The lane the support clients (`s3Client`, `kmsClient`) take: `'msw'` (interception, the default)
 * or `'fast'` (the listening world's `requestHandler`, no sockets), chosen by the vitest project
 * (`sdk-fast-lane` sets `S3_KMS_MOCK_TEST_LANE=fast`) so the same suites prove both lanes.
 */
export const lane: 'msw' | 'fast' = process.env.S3_KMS_MOCK_TEST_LANE === 'fast' ? 'fast' : 'msw'

/** The world `useMockAws` created while it listens; the fast lane answers from it. */
let listening: MockAwsServer | undefined
/** Requests the fast lane answered in this file: proof the project does not silently use MSW. */
let fastLaneRequests = 0

/**
 * The `requestHandler` the support clients get in the fast lane: the listening world's, chosen per
 * request (clients are built at module load, before `listen()`). While no world of `useMockAws`
 * listens (a test swapped in its own MSW server), requests take the SDK's default socket handler,
 * so MSW intercepts them as it would an application's.
 */
export function laneRequestHandler(
  socketHandler: () => unknown,
): { requestHandler: SdkRequestHandler } | Record<string, never> {
  if (lane === 'msw') return {}
  let sockets: SdkRequestHandler | undefined
  const pick = (): SdkRequestHandler => {
    if (listening === undefined) return (sockets ??= socketHandler() as SdkRequestHandler)
    fastLaneRequests++
    return listening.requestHandler
  }
  return {
    requestHandler: {
      metadata: { handlerProtocol: 'http/1.1' },
      handle: (request, options) => pick().handle(request, options),
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      destroy: () => undefined,
    },
  }
}

/** One intercepting world per test file, emptied after each test. */
export function useMockAws(options: MockAwsOptions = {}): MockAwsServer {
  const aws = setupMockAws(options)
  // Tracks which world listens, for the fast lane; a test may close it to swap in its own server.
  const listen = aws.listen.bind(aws)
  const close = aws.close.bind(aws)
  aws.listen = (listenOptions) => {
    listen(listenOptions)
    listening = aws
  }
  aws.close = () => {
    if (listening === aws) listening = undefined
    close()
  }
  beforeAll(() => {
    aws.listen({ onUnhandledRequest: 'error' })
  })
  afterEach(() => {
    aws.reset()
  })
  afterAll(() => {
    aws.close()
    if (lane === 'fast' && fastLaneRequests === 0) {
      throw new Error('sdk-fast-lane: no request of this file went through world.requestHandler')
    }
  })
  return aws
}

/** A KMS client exactly as an application would build one; `maxAttempts: 1` so 5xx cases fail fast. */
export function kmsClient(
  region = 'us-east-1',
  extra: Partial<ConstructorParameters<typeof KMSClient>[0]> = {},
): KMSClient {
  return new KMSClient({
    region,
    credentials: testCredentials,
    maxAttempts: 1,
    ...laneRequestHandler(() => new KMSClient({ region }).config.requestHandler),
    ...extra,
  })
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<
  Error & { name: string; message: string; $metadata: { httpStatusCode?: number }; $fault: string }
> {
  try {
    await promise
  } catch (error) {
    return error as never
  }
  throw new Error('expected the call to fail, but it succeeded')
}
