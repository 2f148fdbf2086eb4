import { KMSClient } from '@aws-sdk/client-kms'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { setupMockAws, type MockAwsServer } from '../../src/node.js'
import type { MockAwsOptions } from '../../src/index.js'

/** Static credentials so the SDK never looks for real ones; the mock accepts any SigV4 signature. */
export const testCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

/** One intercepting world per test file, emptied after each test. */
export function useMockAws(options: MockAwsOptions = {}): MockAwsServer {
  const aws = setupMockAws(options)
  beforeAll(() => {
    aws.listen({ onUnhandledRequest: 'error' })
  })
  afterEach(() => {
    aws.reset()
  })
  afterAll(() => {
    aws.close()
  })
  return aws
}

/** A KMS client exactly as an application would build one; `maxAttempts: 1` so 5xx cases fail fast. */
export function kmsClient(
  region = 'us-east-1',
  extra: Partial<ConstructorParameters<typeof KMSClient>[0]> = {},
): KMSClient {
  return new KMSClient({ region, credentials: testCredentials, maxAttempts: 1, ...extra })
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
