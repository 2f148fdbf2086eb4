import {
  createGrant,
  listGrants,
  listRetirableGrants,
  retireGrant,
  revokeGrant,
} from '../../../kms/operations/grants.js'
import { defineKmsOperation } from '../define.js'
import { dryRun, encryptionContext, grantTokens, keyId, limit, marker } from './members.js'

// GrantOperation enum of kms/2014-11-01.
const GRANT_OPERATIONS = [
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'Sign',
  'Verify',
  'GetPublicKey',
  'CreateGrant',
  'RetireGrant',
  'DescribeKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
  'Encapsulate',
  'Decapsulate',
] as const

// PrincipalIdType and GrantIdType; their patterns are checked by the operation.
const principal = { type: 'string', min: 1, max: 256 } as const
const grantId = { type: 'string', min: 1, max: 128 } as const

export const grantOperations = {
  CreateGrant: defineKmsOperation({
    name: 'CreateGrant',
    readOnly: false,
    run: createGrant,
    members: {
      KeyId: keyId,
      GranteePrincipal: { ...principal, required: true },
      RetiringPrincipal: principal,
      Operations: {
        type: 'list',
        required: true,
        of: { type: 'string', enum: GRANT_OPERATIONS },
      },
      Constraints: {
        type: 'structure',
        members: {
          EncryptionContextSubset: encryptionContext,
          EncryptionContextEquals: encryptionContext,
        },
      },
      GrantTokens: grantTokens,
      Name: { type: 'string', min: 1, max: 256 },
      DryRun: dryRun,
    },
  }),
  ListGrants: defineKmsOperation({
    name: 'ListGrants',
    readOnly: true,
    run: listGrants,
    members: {
      Limit: limit,
      Marker: marker,
      KeyId: keyId,
      GrantId: grantId,
      GranteePrincipal: principal,
    },
  }),
  ListRetirableGrants: defineKmsOperation({
    name: 'ListRetirableGrants',
    readOnly: true,
    run: listRetirableGrants,
    members: {
      Limit: limit,
      Marker: marker,
      RetiringPrincipal: { ...principal, required: true },
    },
  }),
  RetireGrant: defineKmsOperation({
    name: 'RetireGrant',
    readOnly: false,
    run: retireGrant,
    members: {
      GrantToken: { type: 'string', min: 1, max: 8192 },
      KeyId: { type: 'string', min: 1, max: 2048 },
      GrantId: grantId,
      DryRun: dryRun,
    },
  }),
  RevokeGrant: defineKmsOperation({
    name: 'RevokeGrant',
    readOnly: false,
    run: revokeGrant,
    members: { KeyId: keyId, GrantId: { ...grantId, required: true }, DryRun: dryRun },
  }),
}
