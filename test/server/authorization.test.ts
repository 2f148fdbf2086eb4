import { KMSClient } from '@aws-sdk/client-kms'
import { afterEach } from 'vitest'
import {
  defineAuthorizationScenarios,
  scenarioPrincipals,
} from '../support/authorization-scenarios.js'
import { handlerFor, s3For, useServer } from './support.js'

/**
 * SPEC §5.7's decision paths and condition keys against `serve` (started from code with the
 * options the CLI passes through): signatures are verified with each principal's secret over a
 * real socket, then authorised as in-process.
 */
const server = useServer({ principals: scenarioPrincipals })
afterEach(() => {
  server().world.reset()
})

defineAuthorizationScenarios({
  world: () => server().world,
  kms: (name) =>
    new KMSClient({
      region: 'us-east-1',
      credentials: server().world.as(name).credentials,
      endpoint: server().url,
      maxAttempts: 1,
      requestHandler: handlerFor(server()),
    }),
  s3: (name) => s3For(server(), { extra: { credentials: server().world.as(name).credentials } }),
})
