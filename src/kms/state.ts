import type { KeyObject } from 'node:crypto'
import type { Secret } from '../core/secret.js'
import type { KmsKey } from './key.js'

export interface AliasEntry {
  /** `alias/…` */
  readonly name: string
  readonly arn: string
  readonly targetKeyId: string
  readonly createdAt: Date
  readonly updatedAt: Date
}

export interface GrantConstraints {
  readonly EncryptionContextSubset?: Readonly<Record<string, string>>
  readonly EncryptionContextEquals?: Readonly<Record<string, string>>
}

export interface Grant {
  readonly grantId: string
  readonly grantToken: string
  readonly keyId: string
  readonly name?: string
  readonly granteePrincipal: string
  readonly retiringPrincipal?: string
  readonly issuingAccount: string
  readonly operations: readonly string[]
  readonly constraints?: GrantConstraints
  readonly createdAt: Date
}

/** Parameters handed out by GetParametersForImport, waiting for ImportKeyMaterial. */
export interface PendingImport {
  readonly keyId: string
  readonly importToken: Uint8Array
  readonly wrappingAlgorithm: string
  readonly wrappingKeySpec: string
  /** The RSA wrapping key's private half, kept as a KeyObject: never re-parsed (see KeyPair). */
  readonly wrappingPrivateKey: KeyObject
  readonly validTo: Date
}

export type ConnectionState =
  'CONNECTED' | 'CONNECTING' | 'DISCONNECTED' | 'DISCONNECTING' | 'FAILED'

/** The proxy settings of an external key store (XksProxyConfigurationType). */
export interface XksProxySettings {
  readonly connectivity: 'PUBLIC_ENDPOINT' | 'VPC_ENDPOINT_SERVICE'
  readonly uriEndpoint: string
  readonly uriPath: string
  readonly vpcEndpointServiceName?: string
  readonly vpcEndpointServiceOwner?: string
  readonly accessKeyId: string
  /** Never returned by any operation, as in AWS. */
  readonly rawSecretAccessKey: Secret
}

/** A custom key store. No HSM or proxy stands behind it: keys in it use KMS's own crypto. */
export interface CustomKeyStore {
  readonly id: string
  readonly name: string
  readonly type: 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE'
  readonly connectionState: ConnectionState
  readonly createdAt: Date
  readonly cloudHsmClusterId?: string
  readonly trustAnchorCertificate?: string
  /** The kmsuser password: kept only to be replaced, never returned. */
  readonly keyStorePassword?: Secret
  readonly xks?: XksProxySettings
}

/** The last successful cryptographic operation with a key (GetKeyLastUsage). */
export interface KeyLastUsage {
  readonly operation: string
  readonly timestamp: Date
  readonly cloudTrailEventId: string
  readonly kmsRequestId: string
}

/** One region's keystore. Keys, aliases and grants live in a region, as in AWS. */
export class KmsRegionState {
  readonly keys = new Map<string, KmsKey>()
  /** By alias name (`alias/…`). */
  readonly aliases = new Map<string, AliasEntry>()
  readonly grants = new Map<string, Grant>()
  /** By base64 of the import token. */
  readonly pendingImports = new Map<string, PendingImport>()
  /** By custom key store id (`cks-…`). */
  readonly customKeyStores = new Map<string, CustomKeyStore>()
  /** By key id: what GetKeyLastUsage reports, recorded from the audit of each successful call. */
  readonly lastUsage = new Map<string, KeyLastUsage>()
}

/**
 * All of KMS's state for one world, in one object so `reset()` replaces it in O(1)
 * (SPEC §5.1).
 */
export class KmsState {
  readonly #regions = new Map<string, KmsRegionState>()

  region(name: string): KmsRegionState {
    let region = this.#regions.get(name)
    if (region === undefined) {
      region = new KmsRegionState()
      this.#regions.set(name, region)
    }
    return region
  }

  /**
   * Regions that hold anything. Any request creates its region's empty keystore on first use;
   * that is not a change of state, so empty regions are left out (expectUnchanged relies on it).
   */
  *regions(): IterableIterator<[string, KmsRegionState]> {
    for (const [name, region] of this.#regions) {
      const empty =
        region.keys.size === 0 &&
        region.aliases.size === 0 &&
        region.grants.size === 0 &&
        region.pendingImports.size === 0 &&
        region.customKeyStores.size === 0
      if (!empty) yield [name, region]
    }
  }
}
