import { Secret } from '../../core/secret.js'
import type { KmsContext } from '../context.js'
import {
  CloudHsmClusterInUseException,
  CustomKeyStoreHasCMKsException,
  CustomKeyStoreNameInUseException,
  CustomKeyStoreNotFoundException,
  ValidationException,
  XksProxyInvalidConfigurationException,
  XksProxyUriInUseException,
  XksProxyVpcEndpointServiceInUseException,
} from '../errors.js'
import { customKeyStore, invalidStoreState as invalidState } from '../custom-key-store.js'
import type { CustomKeyStore, XksProxySettings } from '../state.js'
import { paginate } from './common.js'

/*
 * Custom key stores as a state machine (CreateCustomKeyStore … DisconnectCustomKeyStore API
 * references): a store is created DISCONNECTED, ConnectCustomKeyStore makes it CONNECTED,
 * DisconnectCustomKeyStore DISCONNECTED again. AWS connects in the background (CONNECTING for up
 * to ~20 minutes); the mock contacts no CloudHSM cluster and no external key store proxy, so both
 * transitions complete within the call (docs/fidelity.md). Error codes are the service model's;
 * their messages are not captured from AWS.
 */

export type CustomKeyStoreType = CustomKeyStore['type']
type Connectivity = XksProxySettings['connectivity']

export interface XksProxyAuthenticationCredential {
  AccessKeyId: string
  RawSecretAccessKey: string
}

interface StoreParameters {
  CloudHsmClusterId?: string
  KeyStorePassword?: string
  XksProxyUriEndpoint?: string
  XksProxyUriPath?: string
  XksProxyVpcEndpointServiceName?: string
  XksProxyVpcEndpointServiceOwner?: string
  XksProxyAuthenticationCredential?: XksProxyAuthenticationCredential
  XksProxyConnectivity?: Connectivity
}

export interface CreateCustomKeyStoreRequest extends StoreParameters {
  CustomKeyStoreName: string
  TrustAnchorCertificate?: string
  CustomKeyStoreType?: CustomKeyStoreType
}
export interface CreateCustomKeyStoreResponse {
  CustomKeyStoreId: string
}

const XKS_PARAMETERS = [
  'XksProxyUriEndpoint',
  'XksProxyUriPath',
  'XksProxyVpcEndpointServiceName',
  'XksProxyVpcEndpointServiceOwner',
  'XksProxyAuthenticationCredential',
  'XksProxyConnectivity',
] as const
const CLOUDHSM_PARAMETERS = [
  'CloudHsmClusterId',
  'TrustAnchorCertificate',
  'KeyStorePassword',
] as const

/** `cluster-` and 11 to 16 base32 characters (CloudHSM cluster ids). */
const CLUSTER_ID = /^cluster-[2-7a-zA-Z]{11,16}$/
/** `/kms/xks/v1`, after an optional prefix (CreateCustomKeyStore, XksProxyUriPath). */
const URI_PATH = /^(\/[a-zA-Z0-9/_-]+)?\/kms\/xks\/v\d+$/
const URI_ENDPOINT = /^https:\/\/[a-zA-Z0-9.-]+(:\d+)?$/

function notAllowed(parameter: string, type: CustomKeyStoreType): ValidationException {
  return new ValidationException(
    `${parameter} is not valid for a custom key store of type ${type}.`,
  )
}

function required(parameter: string, type: CustomKeyStoreType): ValidationException {
  return new ValidationException(`${parameter} is required for a custom key store of type ${type}.`)
}

/** The kmsuser password: 7 to 32 characters. Its value is never echoed. */
function checkPassword(password: string | undefined): void {
  if (password !== undefined && (password.length < 7 || password.length > 32)) {
    throw new ValidationException(
      "1 validation error detected: Value at 'keyStorePassword' failed to satisfy constraint: Member must have length between 7 and 32",
    )
  }
}

/** Proxy credentials: an access key id of 20–30 and a secret of 43–64 characters. */
function checkCredential(credential: XksProxyAuthenticationCredential | undefined): void {
  if (credential === undefined) return
  const { AccessKeyId: id, RawSecretAccessKey: secret } = credential
  if (id.length < 20 || id.length > 30 || !/^[A-Z2-7]+$/.test(id)) {
    throw new ValidationException(
      'The XksProxyAuthenticationCredential AccessKeyId must be 20 to 30 characters of A-Z and 2-7.',
    )
  }
  if (secret.length < 43 || secret.length > 64 || !/^[a-zA-Z0-9/+=]+$/.test(secret)) {
    throw new ValidationException(
      'The XksProxyAuthenticationCredential RawSecretAccessKey must be 43 to 64 base64 characters.',
    )
  }
}

function checkClusterId(id: string | undefined): void {
  if (id !== undefined && !CLUSTER_ID.test(id)) {
    throw new ValidationException(`Invalid CloudHsmClusterId '${id}'.`)
  }
}

function checkProxy(
  endpoint: string | undefined,
  path: string | undefined,
  connectivity: Connectivity | undefined,
): void {
  if (endpoint !== undefined && !URI_ENDPOINT.test(endpoint)) {
    throw new XksProxyInvalidConfigurationException(
      `XksProxyUriEndpoint '${endpoint}' must be https:// followed by a host name and an optional port.`,
    )
  }
  if (path !== undefined && !URI_PATH.test(path)) {
    throw new XksProxyInvalidConfigurationException(
      `XksProxyUriPath '${path}' must end with /kms/xks/v1, after an optional prefix.`,
    )
  }
  if (
    connectivity === 'VPC_ENDPOINT_SERVICE' &&
    endpoint?.includes(':', 'https:'.length) === true
  ) {
    throw new XksProxyInvalidConfigurationException(
      'An XksProxyUriEndpoint for VPC_ENDPOINT_SERVICE connectivity cannot include a port.',
    )
  }
}

/** Other stores of the account and Region may not share a name, cluster, proxy URI or VPC service. */
function assertUnique(ctx: KmsContext, store: CustomKeyStore): void {
  for (const other of ctx.kms.customKeyStores.values()) {
    if (other.id === store.id) continue
    if (other.name === store.name) {
      throw new CustomKeyStoreNameInUseException(
        `A custom key store with name '${store.name}' already exists in this account and Region.`,
      )
    }
    if (
      store.cloudHsmClusterId !== undefined &&
      other.cloudHsmClusterId === store.cloudHsmClusterId
    ) {
      throw new CloudHsmClusterInUseException(
        `CloudHSM cluster ${store.cloudHsmClusterId} is already associated with custom key store ${other.id}.`,
      )
    }
    if (store.xks !== undefined && other.xks !== undefined) {
      if (
        other.xks.uriEndpoint === store.xks.uriEndpoint &&
        other.xks.uriPath === store.xks.uriPath
      ) {
        throw new XksProxyUriInUseException(
          `The external key store proxy URI ${store.xks.uriEndpoint}${store.xks.uriPath} is already used by custom key store ${other.id}.`,
        )
      }
      const service = store.xks.vpcEndpointServiceName
      if (service !== undefined && other.xks.vpcEndpointServiceName === service) {
        throw new XksProxyVpcEndpointServiceInUseException(
          `The VPC endpoint service ${service} is already used by custom key store ${other.id}.`,
        )
      }
    }
  }
}

function xksSettings(input: StoreParameters, accountId: string): XksProxySettings {
  const type = 'EXTERNAL_KEY_STORE'
  const connectivity = input.XksProxyConnectivity
  if (connectivity === undefined) throw required('XksProxyConnectivity', type)
  if (input.XksProxyUriEndpoint === undefined) throw required('XksProxyUriEndpoint', type)
  if (input.XksProxyUriPath === undefined) throw required('XksProxyUriPath', type)
  const credential = input.XksProxyAuthenticationCredential
  if (credential === undefined) throw required('XksProxyAuthenticationCredential', type)
  const service = input.XksProxyVpcEndpointServiceName
  if (connectivity === 'VPC_ENDPOINT_SERVICE' && service === undefined)
    throw required('XksProxyVpcEndpointServiceName', type)
  if (connectivity === 'PUBLIC_ENDPOINT' && service !== undefined)
    throw notAllowed('XksProxyVpcEndpointServiceName with PUBLIC_ENDPOINT connectivity', type)
  checkProxy(input.XksProxyUriEndpoint, input.XksProxyUriPath, connectivity)
  checkCredential(credential)
  return {
    connectivity,
    uriEndpoint: input.XksProxyUriEndpoint,
    uriPath: input.XksProxyUriPath,
    accessKeyId: credential.AccessKeyId,
    rawSecretAccessKey: new Secret(new TextEncoder().encode(credential.RawSecretAccessKey)),
    ...(service === undefined
      ? {}
      : {
          vpcEndpointServiceName: service,
          vpcEndpointServiceOwner: input.XksProxyVpcEndpointServiceOwner ?? accountId,
        }),
  }
}

export function createCustomKeyStore(
  input: CreateCustomKeyStoreRequest,
  ctx: KmsContext,
): CreateCustomKeyStoreResponse {
  const type = input.CustomKeyStoreType ?? 'AWS_CLOUDHSM'
  const own = type === 'AWS_CLOUDHSM' ? CLOUDHSM_PARAMETERS : XKS_PARAMETERS
  const foreign = type === 'AWS_CLOUDHSM' ? XKS_PARAMETERS : CLOUDHSM_PARAMETERS
  for (const parameter of foreign) {
    if (input[parameter] !== undefined) throw notAllowed(parameter, type)
  }
  const id = `cks-${Buffer.from(ctx.random.bytes(9)).toString('hex').slice(0, 17)}`
  let store: CustomKeyStore
  if (type === 'AWS_CLOUDHSM') {
    for (const parameter of own) if (input[parameter] === undefined) throw required(parameter, type)
    checkClusterId(input.CloudHsmClusterId)
    checkPassword(input.KeyStorePassword)
    store = {
      id,
      name: input.CustomKeyStoreName,
      type,
      connectionState: 'DISCONNECTED',
      createdAt: ctx.clock.now(),
      ...(input.CloudHsmClusterId === undefined
        ? {}
        : { cloudHsmClusterId: input.CloudHsmClusterId }),
      ...(input.TrustAnchorCertificate === undefined
        ? {}
        : { trustAnchorCertificate: input.TrustAnchorCertificate }),
      ...(input.KeyStorePassword === undefined
        ? {}
        : { keyStorePassword: new Secret(new TextEncoder().encode(input.KeyStorePassword)) }),
    }
  } else {
    store = {
      id,
      name: input.CustomKeyStoreName,
      type,
      connectionState: 'DISCONNECTED',
      createdAt: ctx.clock.now(),
      xks: xksSettings(input, ctx.accountId),
    }
  }
  assertUnique(ctx, store)
  ctx.kms.customKeyStores.set(id, store)
  return { CustomKeyStoreId: id }
}

export interface DescribeCustomKeyStoresRequest {
  CustomKeyStoreId?: string
  CustomKeyStoreName?: string
  Limit?: number
  Marker?: string
}

export interface CustomKeyStoresListEntry {
  CustomKeyStoreId: string
  CustomKeyStoreName: string
  CustomKeyStoreType: CustomKeyStoreType
  ConnectionState: CustomKeyStore['connectionState']
  CreationDate: Date
  CloudHsmClusterId?: string
  TrustAnchorCertificate?: string
  XksProxyConfiguration?: {
    Connectivity: Connectivity
    AccessKeyId: string
    UriEndpoint: string
    UriPath: string
    VpcEndpointServiceName?: string
    VpcEndpointServiceOwner?: string
  }
}

export interface DescribeCustomKeyStoresResponse {
  CustomKeyStores: CustomKeyStoresListEntry[]
  Truncated: boolean
  NextMarker?: string
}

/** What DescribeCustomKeyStores shows: never the password or the proxy's secret access key. */
function listEntry(store: CustomKeyStore): CustomKeyStoresListEntry {
  const entry: CustomKeyStoresListEntry = {
    CustomKeyStoreId: store.id,
    CustomKeyStoreName: store.name,
    CustomKeyStoreType: store.type,
    ConnectionState: store.connectionState,
    CreationDate: store.createdAt,
  }
  if (store.cloudHsmClusterId !== undefined) entry.CloudHsmClusterId = store.cloudHsmClusterId
  if (store.trustAnchorCertificate !== undefined)
    entry.TrustAnchorCertificate = store.trustAnchorCertificate
  if (store.xks !== undefined) {
    entry.XksProxyConfiguration = {
      Connectivity: store.xks.connectivity,
      AccessKeyId: store.xks.accessKeyId,
      UriEndpoint: store.xks.uriEndpoint,
      UriPath: store.xks.uriPath,
      ...(store.xks.vpcEndpointServiceName === undefined
        ? {}
        : { VpcEndpointServiceName: store.xks.vpcEndpointServiceName }),
      ...(store.xks.vpcEndpointServiceOwner === undefined
        ? {}
        : { VpcEndpointServiceOwner: store.xks.vpcEndpointServiceOwner }),
    }
  }
  return entry
}

/**
 * All stores, or the one named by id or name. Naming both is refused; naming one that does not
 * exist is `CustomKeyStoreNotFoundException` (DescribeCustomKeyStores API reference).
 */
export function describeCustomKeyStores(
  input: DescribeCustomKeyStoresRequest,
  ctx: KmsContext,
): DescribeCustomKeyStoresResponse {
  if (input.CustomKeyStoreId !== undefined && input.CustomKeyStoreName !== undefined) {
    throw new ValidationException(
      'You cannot specify both CustomKeyStoreId and CustomKeyStoreName.',
    )
  }
  let stores = [...ctx.kms.customKeyStores.values()]
  if (input.CustomKeyStoreId !== undefined) stores = [customKeyStore(ctx, input.CustomKeyStoreId)]
  if (input.CustomKeyStoreName !== undefined) {
    stores = stores.filter((s) => s.name === input.CustomKeyStoreName)
    if (stores.length === 0) {
      throw new CustomKeyStoreNotFoundException(
        `Custom key store with name '${input.CustomKeyStoreName}' does not exist.`,
      )
    }
  }
  return paginate(stores.map(listEntry), input, 'CustomKeyStores')
}

export interface CustomKeyStoreIdRequest {
  CustomKeyStoreId: string
}

/** Keys of the store that still exist, pending deletion included (they block DeleteCustomKeyStore). */
function keysIn(ctx: KmsContext, store: CustomKeyStore) {
  return [...ctx.kms.keys.values()].filter(
    (k) =>
      k.customKeyStoreId === store.id &&
      (k.deletionDate === undefined || ctx.clock.now() < k.deletionDate),
  )
}

/**
 * Connecting a CONNECTED store succeeds and changes nothing; DISCONNECTING or FAILED stores
 * refuse. Keys the disconnection made Unavailable are Enabled again.
 */
export function connectCustomKeyStore(
  input: CustomKeyStoreIdRequest,
  ctx: KmsContext,
): Record<string, never> {
  const store = customKeyStore(ctx, input.CustomKeyStoreId)
  if (store.connectionState === 'DISCONNECTING' || store.connectionState === 'FAILED')
    throw invalidState(store, 'ConnectCustomKeyStore')
  if (store.connectionState === 'CONNECTED') return {}
  for (const key of keysIn(ctx, store)) {
    if (key.state === 'Unavailable') ctx.kms.keys.set(key.id, { ...key, state: 'Enabled' })
  }
  ctx.kms.customKeyStores.set(store.id, { ...store, connectionState: 'CONNECTED' })
  return {}
}

/**
 * Disconnecting makes the store's enabled keys Unavailable ("Key states of KMS keys": a key in a
 * disconnected custom key store is unavailable for cryptographic operations).
 */
export function disconnectCustomKeyStore(
  input: CustomKeyStoreIdRequest,
  ctx: KmsContext,
): Record<string, never> {
  const store = customKeyStore(ctx, input.CustomKeyStoreId)
  if (store.connectionState === 'DISCONNECTING' || store.connectionState === 'DISCONNECTED')
    throw invalidState(store, 'DisconnectCustomKeyStore')
  for (const key of keysIn(ctx, store)) {
    if (key.state === 'Enabled') ctx.kms.keys.set(key.id, { ...key, state: 'Unavailable' })
  }
  ctx.kms.customKeyStores.set(store.id, { ...store, connectionState: 'DISCONNECTED' })
  return {}
}

/** Only a DISCONNECTED store with no KMS keys (pending deletion included) can be deleted. */
export function deleteCustomKeyStore(
  input: CustomKeyStoreIdRequest,
  ctx: KmsContext,
): Record<string, never> {
  const store = customKeyStore(ctx, input.CustomKeyStoreId)
  if (store.connectionState !== 'DISCONNECTED') throw invalidState(store, 'DeleteCustomKeyStore')
  if (keysIn(ctx, store).length > 0) {
    throw new CustomKeyStoreHasCMKsException(
      `Custom key store ${store.id} contains KMS keys. Delete them before deleting the custom key store.`,
    )
  }
  ctx.kms.customKeyStores.delete(store.id)
  return {}
}

export interface UpdateCustomKeyStoreRequest extends StoreParameters {
  CustomKeyStoreId: string
  NewCustomKeyStoreName?: string
}

/**
 * A CONNECTED store may only be renamed; every other change needs it DISCONNECTED
 * (CustomKeyStoreInvalidStateException). Parameters of the other store type are refused.
 */
export function updateCustomKeyStore(
  input: UpdateCustomKeyStoreRequest,
  ctx: KmsContext,
): Record<string, never> {
  const store = customKeyStore(ctx, input.CustomKeyStoreId)
  const foreign =
    store.type === 'AWS_CLOUDHSM'
      ? XKS_PARAMETERS
      : (['CloudHsmClusterId', 'KeyStorePassword'] as const)
  for (const parameter of foreign) {
    if (input[parameter] !== undefined) throw notAllowed(parameter, store.type)
  }
  const renameOnly = Object.entries(input).every(
    ([name, value]) =>
      value === undefined || name === 'CustomKeyStoreId' || name === 'NewCustomKeyStoreName',
  )
  if (!renameOnly && store.connectionState !== 'DISCONNECTED')
    throw invalidState(store, 'UpdateCustomKeyStore')
  if (!renameOnly && store.connectionState === 'DISCONNECTED' && store.type === 'AWS_CLOUDHSM') {
    checkClusterId(input.CloudHsmClusterId)
  }
  checkPassword(input.KeyStorePassword)
  let updated: CustomKeyStore = {
    ...store,
    ...(input.NewCustomKeyStoreName === undefined ? {} : { name: input.NewCustomKeyStoreName }),
    ...(input.CloudHsmClusterId === undefined
      ? {}
      : { cloudHsmClusterId: input.CloudHsmClusterId }),
    ...(input.KeyStorePassword === undefined
      ? {}
      : { keyStorePassword: new Secret(new TextEncoder().encode(input.KeyStorePassword)) }),
  }
  if (store.xks !== undefined) {
    const connectivity = input.XksProxyConnectivity ?? store.xks.connectivity
    const service = input.XksProxyVpcEndpointServiceName ?? store.xks.vpcEndpointServiceName
    if (connectivity === 'VPC_ENDPOINT_SERVICE' && service === undefined)
      throw required('XksProxyVpcEndpointServiceName', store.type)
    checkProxy(input.XksProxyUriEndpoint, input.XksProxyUriPath, connectivity)
    checkCredential(input.XksProxyAuthenticationCredential)
    const credential = input.XksProxyAuthenticationCredential
    const { vpcEndpointServiceName: _n, vpcEndpointServiceOwner: _o, ...base } = store.xks
    const owner = input.XksProxyVpcEndpointServiceOwner ?? store.xks.vpcEndpointServiceOwner
    updated = {
      ...updated,
      xks: {
        ...base,
        connectivity,
        uriEndpoint: input.XksProxyUriEndpoint ?? store.xks.uriEndpoint,
        uriPath: input.XksProxyUriPath ?? store.xks.uriPath,
        ...(credential === undefined
          ? {}
          : {
              accessKeyId: credential.AccessKeyId,
              rawSecretAccessKey: new Secret(
                new TextEncoder().encode(credential.RawSecretAccessKey),
              ),
            }),
        ...(connectivity === 'VPC_ENDPOINT_SERVICE' && service !== undefined
          ? { vpcEndpointServiceName: service, vpcEndpointServiceOwner: owner ?? ctx.accountId }
          : {}),
      },
    }
  }
  assertUnique(ctx, updated)
  ctx.kms.customKeyStores.set(store.id, updated)
  return {}
}
