import { KMSClient } from '@aws-sdk/client-kms'
import { S3Client } from '@aws-sdk/client-s3'
import { Agent } from 'node:https'
import { ALL_CAPABILITIES, type Capability } from '../define.js'
import type { MockAwsHttpServer, StartServerOptions } from '../../server.js'
import { startServer } from '../../server.js'
import type { ContractTarget, TargetSession } from '../target.js'
import { CONTRACT_CREDENTIALS } from './credentials.js'
import { fetchTrusting } from './fetch-trusting.js'

export interface ServerTargetOptions {
  /** Options of `startServer` (https is always on: SSE-C needs it). */
  readonly server?: Omit<StartServerOptions, 'https' | 'host'>
  /** Called with the server once started (its `world`, `url`). */
  readonly onServer?: (server: MockAwsHttpServer) => void
}

/**
 * Server mode (SPEC §7) on 127.0.0.1 over https with its generated certificate: the SDK reaches
 * it through real sockets, path-style, as any other language would.
 */
export function serverTarget(options: ServerTargetOptions = {}): ContractTarget {
  return {
    name: 'server',
    unavailable: () => Promise.resolve(undefined),
    async start() {
      const server = await startServer({ ...options.server, https: true, host: '127.0.0.1' })
      options.onServer?.(server)
      const ca = server.ca ?? ''
      const agent = new Agent({ ca, keepAlive: true })
      const region = server.world.region
      const common = {
        region,
        endpoint: server.url,
        credentials: CONTRACT_CREDENTIALS,
        requestHandler: { httpsAgent: agent },
      }
      const capabilities = new Set<Capability>(ALL_CAPABILITIES.filter((c) => c !== 'http'))
      const session: TargetSession = {
        region,
        capabilities,
        missing: (capability) =>
          capability === 'http'
            ? 'the server target listens on https only'
            : `the server target lacks ${capability}`,
        s3: new S3Client({ ...common, forcePathStyle: true }),
        kms: new KMSClient(common),
        fetch: fetchTrusting(ca),
        sharedBucket: undefined,
        configuredKey: undefined,
        engine: 's3-kms-mock server',
        async close() {
          session.s3.destroy()
          session.kms?.destroy()
          agent.destroy()
          await server.close()
        },
      }
      return session
    },
  }
}
