import type { grantOperations } from '../../../kms/operations/grants.js'
import type { Structure } from '../schema.js'
import { dryRun, encryptionContext, grantTokens, keyId, limit, marker } from './shared.js'

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

export const grantMembers: { readonly [K in keyof typeof grantOperations]: Structure } = {
  CreateGrant: {
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
  ListGrants: {
    Limit: limit,
    Marker: marker,
    KeyId: keyId,
    GrantId: grantId,
    GranteePrincipal: principal,
  },
  ListRetirableGrants: {
    Limit: limit,
    Marker: marker,
    RetiringPrincipal: { ...principal, required: true },
  },
  RetireGrant: {
    GrantToken: { type: 'string', min: 1, max: 8192 },
    KeyId: { type: 'string', min: 1, max: 2048 },
    GrantId: grantId,
    DryRun: dryRun,
  },
  RevokeGrant: { KeyId: keyId, GrantId: { ...grantId, required: true }, DryRun: dryRun },
}
