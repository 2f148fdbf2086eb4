import { aliasOperations } from './aliases.js'
import { asymmetricOperations } from './asymmetric.js'
import { dataKeyPairOperations } from './data-key-pairs.js'
import { grantOperations } from './grants.js'
import { importOperations } from './import.js'
import { keyOperations } from './keys.js'
import { macOperations } from './mac.js'
import { policyOperations } from './policies.js'
import { rotationOperations } from './rotation.js'
import { symmetricOperations } from './symmetric.js'
import { tagOperations } from './tags.js'

/**
 * Every KMS operation the mock implements, merged from one table per operation group. The JSON
 * protocol's member table is typed over the same keys, so an operation without a decoder (or the
 * reverse) does not compile.
 */
export const kmsOperations = {
  ...keyOperations,
  ...aliasOperations,
  ...policyOperations,
  ...grantOperations,
  ...rotationOperations,
  ...importOperations,
  ...tagOperations,
  ...symmetricOperations,
  ...dataKeyPairOperations,
  ...asymmetricOperations,
  ...macOperations,
}

export type KmsOperationName = keyof typeof kmsOperations

/** Input and output shape of every operation, derived from the implementations. */
export type KmsShapes = {
  [K in KmsOperationName]: {
    input: Parameters<(typeof kmsOperations)[K]>[0]
    output: Awaited<ReturnType<(typeof kmsOperations)[K]>>
  }
}

export { kmsReadOnly } from './read-only.js'
