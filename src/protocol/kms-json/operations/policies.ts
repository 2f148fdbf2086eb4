import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from '../../../kms/operations/policies.js'
import { defineKmsOperation } from '../define.js'
import { keyId, limit, marker } from './members.js'

// PolicyNameType: 1–128 word characters; optional since the API made `default` implicit.
const policyName = { type: 'string', min: 1, max: 128 } as const

export const policyOperations = {
  GetKeyPolicy: defineKmsOperation({
    name: 'GetKeyPolicy',
    readOnly: true,
    run: getKeyPolicy,
    members: { KeyId: keyId, PolicyName: policyName },
  }),
  PutKeyPolicy: defineKmsOperation({
    name: 'PutKeyPolicy',
    readOnly: false,
    run: putKeyPolicy,
    members: {
      KeyId: keyId,
      PolicyName: policyName,
      Policy: { type: 'string', required: true, min: 1, max: 131072 },
      BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
    },
  }),
  ListKeyPolicies: defineKmsOperation({
    name: 'ListKeyPolicies',
    readOnly: true,
    run: listKeyPolicies,
    members: { KeyId: keyId, Limit: limit, Marker: marker },
  }),
}
