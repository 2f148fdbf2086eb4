import type { KmsOperationName } from '../../../kms/operations/index.js'
import type { Structure } from '../schema.js'
import { aliasMembers } from './aliases.js'
import { asymmetricMembers } from './asymmetric.js'
import { dataKeyPairMembers } from './data-key-pairs.js'
import { grantMembers } from './grants.js'
import { importMembers } from './import.js'
import { keyMembers, tagMembers } from './keys.js'
import { macMembers } from './mac.js'
import { policyMembers } from './policies.js'
import { rotationMembers } from './rotation.js'
import { symmetricMembers } from './symmetric.js'

/**
 * The request shape of every implemented operation, one file per operation group. Typed over the
 * operation table's keys, so adding an operation without its members (or the reverse) is a
 * compile error (DESIGN §3).
 */
export const kmsMembers: { readonly [K in KmsOperationName]: Structure } = {
  ...keyMembers,
  ...aliasMembers,
  ...policyMembers,
  ...grantMembers,
  ...rotationMembers,
  ...importMembers,
  ...tagMembers,
  ...symmetricMembers,
  ...dataKeyPairMembers,
  ...asymmetricMembers,
  ...macMembers,
}
