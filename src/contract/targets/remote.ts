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
  /**
   * A customer key: described through the KMS API at start when the target has `kms`; without
   * it (an engine with its own KMS, such as Ceph RGW's backends or MinIO's KES) used as given
   * in SSE-KMS requests, and expected back as given.
   */
  readonly configuredKeyId: string | undefined
  /** The plain-http URL of the target when it is another than `endpoint` (`http` capability). */
  readonly httpEndpoint?: URL
  /** The engine and version (recordings carry it). */
  readonly engine?: string
  /** Notes for the run (printed once). */
  readonly notes?: readonly string[]
  /**
   * Finds, with the started S3 client, capabilities the target turns out to lack (an API it does
   * not have): each with its reason. Runs after the clients exist, before any scenario.
   */
  readonly detect?: (s3: S3Client) => Promise<Partial<Record<Capability, string>>>
  /** Stops what the target started (a container), after the clients are closed. */
  readonly stop?: () => Promise<void>
}

/** What needs the KMS API, and is skipped when the KMS side fails to start. */
const KMS_SIDE: readonly Capability[] = ['kms', 'kms-aliases', 'kms-create-keys', 'sse-kms']

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
  const lacking: Partial<Record<Capability, string>> = { ...options.lacking }
  const notes = [...(options.notes ?? [])]
  let key: ContractKey | undefined
  if (options.configuredKeyId !== undefined && kms !== undefined) {
    try {
      key = await describeConfiguredKey(kms, options.configuredKeyId)
    } catch (error) {
      // The KMS side did not start: what needs it is skipped with this one reason; S3 without
      // KMS (SSE-C, presigned URLs, policies) still runs.
      const reason = `the KMS side failed to start: DescribeKey of the configured key ${options.configuredKeyId} failed: ${(error as Error).message}`
      for (const capability of KMS_SIDE) {
        capabilities.delete(capability)
        lacking[capability] = reason
      }
      notes.push(`${reason}; the KMS and SSE-KMS scenarios are skipped`)
    }
  } else if (options.configuredKeyId !== undefined && capabilities.has('sse-kms')) {
    key = { keyId: options.configuredKeyId, arn: options.configuredKeyId }
  }
  if (options.detect !== undefined) {
    try {
      for (const [capability, reason] of Object.entries(await options.detect(s3))) {
        if (!capabilities.delete(capability as Capability)) continue
        lacking[capability as Capability] = reason
      }
    } catch (error) {
      await close()
      throw error
    }
  }
  return {
    region: options.region,
    capabilities,
    missing: (capability) => lacking[capability] ?? `the target lacks ${capability}`,
    s3,
    kms,
    fetch:
      options.ca === undefined ? (input, init) => fetch(input, init) : fetchTrusting(options.ca),
    sharedBucket: options.sharedBucket,
    configuredKey: key,
    ...(options.httpEndpoint === undefined ? {} : { httpEndpoint: options.httpEndpoint }),
    ...(options.engine === undefined ? {} : { engine: options.engine }),
    notes,
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
