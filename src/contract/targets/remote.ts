import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { S3Client } from '@aws-sdk/client-s3'
import { Agent } from 'node:https'
import type { Capability, ContractKey } from '../define.js'
import type { TargetSession } from '../target.js'
import { fetchTrusting } from './fetch-trusting.js'

/** How to reach a target over the network (a container, an endpoint, AWS). */
export interface RemoteSessionOptions {
  readonly region: string
  /** The S3 endpoint; undefined for AWS's own hosts. */
  readonly endpoint?: string
  /** The KMS endpoint; undefined for AWS's own hosts. Ignored without the `kms` capability. */
  readonly kmsEndpoint?: string
  /** Static credentials; undefined for the SDK's default chain (environment, profile, SSO, role). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly forcePathStyle: boolean
  /** A PEM certificate authority to trust besides the system's (self-signed containers). */
  readonly ca?: string
  readonly capabilities: readonly Capability[]
  /** Why each capability the target lacks is missing. */
  readonly lacking: Readonly<Partial<Record<Capability, string>>>
  readonly sharedBucket: string | undefined
  /** A customer key to describe at start (id, ARN or alias); needs the `kms` capability. */
  readonly configuredKeyId: string | undefined
  /** Stops what the target started (a container), after the clients are closed. */
  readonly stop?: () => Promise<void>
}

/** The session of a target reached over the network, with SDK clients as an application builds them. */
export async function remoteSession(options: RemoteSessionOptions): Promise<TargetSession> {
  const agent =
    options.ca === undefined ? undefined : new Agent({ ca: options.ca, keepAlive: true })
  const common = {
    region: options.region,
    ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
    ...(agent === undefined ? {} : { requestHandler: { httpsAgent: agent } }),
  }
  const capabilities = new Set(options.capabilities)
  const s3 = new S3Client({
    ...common,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle,
  })
  const kms = capabilities.has('kms')
    ? new KMSClient({
        ...common,
        ...(options.kmsEndpoint === undefined ? {} : { endpoint: options.kmsEndpoint }),
      })
    : undefined
  const close = async (): Promise<void> => {
    s3.destroy()
    kms?.destroy()
    agent?.destroy()
    await options.stop?.()
  }
  let key: ContractKey | undefined
  if (options.configuredKeyId !== undefined && kms !== undefined) {
    try {
      key = await describeConfiguredKey(kms, options.configuredKeyId)
    } catch (error) {
      await close()
      throw new Error(
        `Failed to describe the configured KMS key ${options.configuredKeyId}: ${(error as Error).message}`,
      )
    }
  }
  return {
    region: options.region,
    capabilities,
    missing: (capability) => options.lacking[capability] ?? `the target lacks ${capability}`,
    s3,
    kms,
    fetch:
      options.ca === undefined ? (input, init) => fetch(input, init) : fetchTrusting(options.ca),
    sharedBucket: options.sharedBucket,
    configuredKey: key,
    close,
  }
}

/**
 * The configured customer key in both forms scenarios use, as KMS describes it (an alias works
 * too); fails when the key does not exist or the credentials cannot describe it.
 */
export async function describeConfiguredKey(kms: KMSClient, keyId: string): Promise<ContractKey> {
  const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }))
  if (KeyMetadata?.KeyId === undefined || KeyMetadata.Arn === undefined) {
    throw new Error(`DescribeKey of ${keyId} answered without KeyMetadata.KeyId / Arn`)
  }
  return { keyId: KeyMetadata.KeyId, arn: KeyMetadata.Arn }
}
