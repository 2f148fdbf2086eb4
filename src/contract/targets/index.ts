import type { ContractTarget } from '../target.js'
import { awsTarget } from './aws.js'
import { endpointTarget } from './endpoint.js'
import type { Env } from './env.js'
import { inProcessTarget } from './in-process.js'
import { localStackTarget } from './localstack.js'
import { minioTarget } from './minio.js'
import { serverTarget } from './server.js'

/** Every target's name, in the order the docs list them. */
export const TARGET_NAMES = [
  'in-process',
  'server',
  'localstack',
  'minio',
  'endpoint',
  'aws',
] as const
export type TargetName = (typeof TARGET_NAMES)[number]

export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name)
}

/**
 * The target of that name, configured from `env` where it reads any. Nothing starts here: a
 * target that cannot run says why in `unavailable()`. An unknown name is a TypeError listing the
 * valid ones.
 */
export function targetByName(name: string, env: Env = process.env): ContractTarget {
  if (!isTargetName(name)) {
    throw new TypeError(
      `Unknown contract target ${JSON.stringify(name)}: use one of ${TARGET_NAMES.join(', ')}`,
    )
  }
  switch (name) {
    case 'in-process':
      return inProcessTarget()
    case 'server':
      return serverTarget()
    case 'localstack':
      return localStackTarget(env)
    case 'minio':
      return minioTarget(env)
    case 'endpoint':
      return endpointTarget(env)
    case 'aws':
      return awsTarget(env)
  }
}
