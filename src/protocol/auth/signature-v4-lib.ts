import type * as SignatureV4Module from '@smithy/signature-v4'
import { createRequire } from 'node:module'

/**
 * @smithy/signature-v4 through `require`, not `import`: the AWS SDK has usually loaded it already
 * (CommonJS), and an ESM import of a CommonJS package re-reads and lexes its sources for named
 * exports each time, ~30 CPU ms of start-up (bench startup) against ~0.5 ms from the require
 * cache. Same package, same instance the SDK uses.
 */
const signatureV4 = createRequire(import.meta.url)(
  '@smithy/signature-v4',
) as typeof SignatureV4Module

export const { SignatureV4, getCanonicalHeaders, getSigningKey, createScope } = signatureV4
