import type { AuditResource } from '../../core/audit.js'
import type { KmsContext } from '../context.js'
import type { KeyLastUsage, KmsRegionState } from '../state.js'
import { resolveManagedKey } from './common.js'

/**
 * The operations GetKeyLastUsage tracks (KeyLastUsageTrackingOperation, kms/2014-11-01): the
 * cryptographic ones. Only successful calls count; a DryRun never succeeds.
 */
const TRACKED = new Set([
  'Decapsulate',
  'Decrypt',
  'DeriveSharedSecret',
  'Encapsulate',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'ReEncrypt',
  'Sign',
  'Verify',
  'VerifyMac',
])

export const isUsageTracked = (operation: string): boolean => TRACKED.has(operation)

/**
 * Records a successful tracked call against every key it used (ReEncrypt uses two), once its
 * CloudTrail event exists: the usage names that event's id and the request id, at the world's
 * clock time of the event.
 */
export function recordLastUsage(
  keystore: KmsRegionState,
  resources: readonly AuditResource[],
  usage: KeyLastUsage,
): void {
  for (const resource of resources) {
    if (resource.type !== 'AWS::KMS::Key') continue
    const id = resource.ARN.slice(resource.ARN.lastIndexOf('/') + 1)
    if (keystore.keys.has(id)) keystore.lastUsage.set(id, usage)
  }
}

export interface GetKeyLastUsageRequest {
  KeyId: string
}
export interface GetKeyLastUsageResponse {
  KeyId: string
  KeyLastUsage?: {
    Operation: string
    Timestamp: Date
    CloudTrailEventId: string
    KmsRequestId: string
  }
  TrackingStartDate: Date
  KeyCreationDate: Date
}

/**
 * The key's last successful cryptographic use. The mock tracks every key from its creation, so
 * TrackingStartDate ("the date KMS began recording … or the date the key was created, whichever
 * is later") is the creation date. Multi-Region keys track usage per Region, as in AWS.
 */
export function getKeyLastUsage(
  input: GetKeyLastUsageRequest,
  ctx: KmsContext,
): GetKeyLastUsageResponse {
  const key = resolveManagedKey(ctx, input.KeyId)
  const usage = ctx.kms.lastUsage.get(key.id)
  return {
    KeyId: key.id,
    ...(usage === undefined
      ? {}
      : {
          KeyLastUsage: {
            Operation: usage.operation,
            Timestamp: usage.timestamp,
            CloudTrailEventId: usage.cloudTrailEventId,
            KmsRequestId: usage.kmsRequestId,
          },
        }),
    TrackingStartDate: key.createdAt,
    KeyCreationDate: key.createdAt,
  }
}
