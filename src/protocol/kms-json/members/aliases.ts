import type { aliasOperations } from '../../../kms/operations/aliases.js'
import type { Structure } from '../schema.js'
import { keyId, limit, marker, optionalKeyId } from './shared.js'

// AliasNameType: 1–256 characters; its pattern is checked by the operation (kms/2014-11-01).
const aliasName = { type: 'string', required: true, min: 1, max: 256 } as const

export const aliasMembers: { readonly [K in keyof typeof aliasOperations]: Structure } = {
  CreateAlias: { AliasName: aliasName, TargetKeyId: keyId },
  UpdateAlias: { AliasName: aliasName, TargetKeyId: keyId },
  DeleteAlias: { AliasName: aliasName },
  ListAliases: { KeyId: optionalKeyId, Limit: limit, Marker: marker },
}
