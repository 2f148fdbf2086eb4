import {
  connectCustomKeyStore,
  createCustomKeyStore,
  deleteCustomKeyStore,
  describeCustomKeyStores,
  disconnectCustomKeyStore,
  updateCustomKeyStore,
} from '../../../kms/operations/custom-key-stores.js'
import { defineKmsOperation } from '../define.js'
import { limit, marker } from './members.js'

// Members as the service model constrains them (kms/2014-11-01). The password and the proxy's
// secret are checked by the domain, whose messages never echo them.
const customKeyStoreId = { type: 'string', required: true, min: 1, max: 64 } as const
const storeName = { type: 'string', min: 1, max: 256 } as const
const xks = {
  CloudHsmClusterId: { type: 'string', min: 19, max: 24 },
  KeyStorePassword: { type: 'string' },
  XksProxyUriEndpoint: { type: 'string', min: 10, max: 128 },
  XksProxyUriPath: { type: 'string', min: 10, max: 128 },
  XksProxyVpcEndpointServiceName: { type: 'string', min: 20, max: 64 },
  XksProxyVpcEndpointServiceOwner: { type: 'string', min: 12, max: 12 },
  XksProxyAuthenticationCredential: {
    type: 'structure',
    members: {
      AccessKeyId: { type: 'string', required: true },
      RawSecretAccessKey: { type: 'string', required: true },
    },
  },
  XksProxyConnectivity: { type: 'string', enum: ['PUBLIC_ENDPOINT', 'VPC_ENDPOINT_SERVICE'] },
} as const

export const customKeyStoreOperations = {
  CreateCustomKeyStore: defineKmsOperation({
    name: 'CreateCustomKeyStore',
    readOnly: false,
    run: createCustomKeyStore,
    members: {
      CustomKeyStoreName: { ...storeName, required: true },
      TrustAnchorCertificate: { type: 'string', min: 1, max: 5000 },
      CustomKeyStoreType: { type: 'string', enum: ['AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] },
      ...xks,
    },
  }),
  DescribeCustomKeyStores: defineKmsOperation({
    name: 'DescribeCustomKeyStores',
    readOnly: true,
    run: describeCustomKeyStores,
    members: {
      CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
      CustomKeyStoreName: storeName,
      Limit: limit,
      Marker: marker,
    },
  }),
  UpdateCustomKeyStore: defineKmsOperation({
    name: 'UpdateCustomKeyStore',
    readOnly: false,
    run: updateCustomKeyStore,
    members: { CustomKeyStoreId: customKeyStoreId, NewCustomKeyStoreName: storeName, ...xks },
  }),
  DeleteCustomKeyStore: defineKmsOperation({
    name: 'DeleteCustomKeyStore',
    readOnly: false,
    run: deleteCustomKeyStore,
    members: { CustomKeyStoreId: customKeyStoreId },
  }),
  ConnectCustomKeyStore: defineKmsOperation({
    name: 'ConnectCustomKeyStore',
    readOnly: false,
    run: connectCustomKeyStore,
    members: { CustomKeyStoreId: customKeyStoreId },
  }),
  DisconnectCustomKeyStore: defineKmsOperation({
    name: 'DisconnectCustomKeyStore',
    readOnly: false,
    run: disconnectCustomKeyStore,
    members: { CustomKeyStoreId: customKeyStoreId },
  }),
}
