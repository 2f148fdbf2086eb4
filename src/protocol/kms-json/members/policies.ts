import type { policyOperations } from '../../../kms/operations/policies.js'
import type { Structure } from '../schema.js'
import { keyId, limit, marker } from './shared.js'

// PolicyNameType: 1–128 word characters; optional since the API made `default` implicit.
const policyName = { type: 'string', min: 1, max: 128 } as const

export const policyMembers: { readonly [K in keyof typeof policyOperations]: Structure } = {
  GetKeyPolicy: { KeyId: keyId, PolicyName: policyName },
  PutKeyPolicy: {
    KeyId: keyId,
    PolicyName: policyName,
    Policy: { type: 'string', required: true, min: 1, max: 131072 },
    BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
  },
  ListKeyPolicies: { KeyId: keyId, Limit: limit, Marker: marker },
}
