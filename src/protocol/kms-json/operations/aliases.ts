import {
  createAlias,
  deleteAlias,
  listAliases,
  updateAlias,
} from '../../../kms/operations/aliases.js'
import { defineKmsOperation } from '../define.js'
import { keyId, limit, marker, optionalKeyId } from './members.js'

// AliasNameType: 1–256 characters; its pattern is checked by the operation (kms/2014-11-01).
const aliasName = { type: 'string', required: true, min: 1, max: 256 } as const

export const aliasOperations = {
  CreateAlias: defineKmsOperation({
    name: 'CreateAlias',
    readOnly: false,
    run: createAlias,
    members: { AliasName: aliasName, TargetKeyId: keyId },
  }),
  UpdateAlias: defineKmsOperation({
    name: 'UpdateAlias',
    readOnly: false,
    run: updateAlias,
    members: { AliasName: aliasName, TargetKeyId: keyId },
  }),
  DeleteAlias: defineKmsOperation({
    name: 'DeleteAlias',
    readOnly: false,
    run: deleteAlias,
    members: { AliasName: aliasName },
  }),
  ListAliases: defineKmsOperation({
    name: 'ListAliases',
    readOnly: true,
    run: listAliases,
    members: { KeyId: optionalKeyId, Limit: limit, Marker: marker },
  }),
}
