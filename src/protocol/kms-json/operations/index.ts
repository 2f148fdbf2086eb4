import { namesIn, type ShapesOf } from '../../catalogue.js'
import type { KmsOperationDefinition } from '../define.js'
import { aliasOperations } from './aliases.js'
import { asymmetricOperations } from './asymmetric.js'
import { customKeyStoreOperations } from './custom-key-stores.js'
import { dataKeyPairOperations } from './data-key-pairs.js'
import { grantOperations } from './grants.js'
import { importOperations } from './import.js'
import { keyAgreementOperations } from './key-agreement.js'
import { keyOperations } from './keys.js'
import { macOperations } from './mac.js'
import { multiRegionOperations } from './multi-region.js'
import { policyOperations } from './policies.js'
import { rotationOperations } from './rotation.js'
import { symmetricOperations } from './symmetric.js'
import { tagOperations } from './tags.js'

const groups = {
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
  ...keyAgreementOperations,
  ...multiRegionOperations,
  ...customKeyStoreOperations,
}

/** The KMS operations this mock implements, named as AWS names them. */
export type KmsOperationName = keyof typeof groups

/** Input and output shape of every operation, derived from the definitions. */
export type KmsShapes = ShapesOf<typeof groups>

/**
 * Every KMS operation, one definition each, merged from a file per operation group: the source of
 * the handler's operation names, the dispatcher and CloudTrail's `readOnly` (ADR 0009). The
 * annotation ties each key to a definition of that name.
 */
export const kmsOperations: {
  readonly [K in KmsOperationName]: KmsOperationDefinition<
    K,
    KmsShapes[K]['input'],
    KmsShapes[K]['output']
  >
} = groups

export const isKmsOperationName = namesIn(kmsOperations)
