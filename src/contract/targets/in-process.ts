import { KMSClient } from '@aws-sdk/client-kms'
import { S3Client } from '@aws-sdk/client-s3'
import { ALL_CAPABILITIES } from '../define.js'
import { createMockAws, type MockAws, type MockAwsOptions } from '../../index.js'
import { listenWorld } from '../../node.js'
import type { ContractTarget, TargetSession } from '../target.js'
import { CONTRACT_CREDENTIALS } from './credentials.js'

export interface InProcessTargetOptions {
  /** World options (region, seed, …). */
  readonly world?: MockAwsOptions
  /**
   * Wraps what answers each intercepted request, e.g. to capture the exchanges for a comparison
   * with recordings (`--against-recordings`).
   */
  readonly wrapHandle?: (
    handle: (request: Request) => Promise<Response>,
  ) => (request: Request) => Promise<Response>
  /** Called with the world once started, to inspect it after the run. */
  readonly onWorld?: (world: MockAws) => void
}

/**
 * The mock in this process: MSW intercepts the SDK's requests to AWS's own https hosts, exactly
 * as in a user's test suite. Every capability is there (https and http, SSE-C, policies).
 */
export function inProcessTarget(options: InProcessTargetOptions = {}): ContractTarget {
  return {
    name: 'in-process',
    unavailable: () => Promise.resolve(undefined),
    start() {
      const world = createMockAws(options.world)
      const answer = (request: Request): Promise<Response> => world.handle(request)
      const handle = options.wrapHandle?.(answer) ?? answer
      // The users' MSW lane, large-body handling included; other hosts pass through.
      const listening = listenWorld({ owns: (url) => world.owns(url), handle })
      options.onWorld?.(world)
      const region = world.region
      const session: TargetSession = {
        region,
        capabilities: new Set(ALL_CAPABILITIES),
        missing: () => 'the in-process mock has every capability',
        s3: new S3Client({ region, credentials: CONTRACT_CREDENTIALS }),
        kms: new KMSClient({ region, credentials: CONTRACT_CREDENTIALS }),
        fetch: (input, init) => fetch(input, init),
        sharedBucket: undefined,
        configuredKey: undefined,
        close() {
          session.s3.destroy()
          session.kms?.destroy()
          listening.close()
          return Promise.resolve()
        },
      }
      return Promise.resolve(session)
    },
  }
}
