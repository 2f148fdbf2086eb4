import { type AwsError, isAwsError } from '../../core/aws-error.js'
import type { Secret } from '../../core/secret.js'
import type { S3Context } from '../context.js'
import {
  AccessDenied,
  InternalError,
  KmsDependencyTimeoutException,
  KmsDisabledException,
  KmsInternalException,
  KmsInvalidCiphertextException,
  KmsInvalidKeyUsageException,
  KmsInvalidStateException,
  KmsKeyUnavailableException,
  KmsNotFoundException,
  KmsThrottlingException,
} from '../errors.js'
import type { SseKmsDescriptor } from '../object-version.js'
import type { SseKmsPlan } from './plan.js'

/**
 * SSE-KMS / DSSE-KMS envelope (SPEC §4.1): one GenerateDataKey per object under the planned key
 * with the planned context, and one Decrypt per read with the stored context, both through the
 * `KeyService` port so they are audited as S3's calls. The stored key id is the ARN KMS answered
 * with, so responses always name the key ARN (reference §2). DSSE-KMS is stored like SSE-KMS:
 * the second layer AWS adds is not emulated (its observable behaviour is the same).
 */

/**
 * S3's `KMS.*` error for each KMS exception S3 passes on, with KMS's message (reference §2.1). A
 * KMS refusal of the caller's principal is S3's own 403 AccessDenied with KMS's text, which names
 * the kms: action and the key (uncaptured: older S3 answered a bare "Access Denied").
 */
const KMS_TO_S3: Readonly<Record<string, (message: string) => AwsError>> = {
  NotFoundException: (m) => new KmsNotFoundException(m),
  DisabledException: (m) => new KmsDisabledException(m),
  KMSInvalidStateException: (m) => new KmsInvalidStateException(m),
  InvalidKeyUsageException: (m) => new KmsInvalidKeyUsageException(m),
  AccessDeniedException: (m) => new AccessDenied(m),
  InvalidCiphertextException: (m) => new KmsInvalidCiphertextException(m),
  ThrottlingException: (m) => new KmsThrottlingException(m),
  KMSInternalException: (m) => new KmsInternalException(m),
  KeyUnavailableException: (m) => new KmsKeyUnavailableException(m),
  DependencyTimeoutException: (m) => new KmsDependencyTimeoutException(m),
}

/**
 * Translates what the KeyService threw. KMS errors S3 has no `KMS.*` form for (IncorrectKey,
 * Validation: S3 never provokes them) become a 500; non-AWS errors (bugs) pass through for the
 * dispatcher to report.
 */
export function kmsErrorThroughS3(error: unknown): unknown {
  if (!isAwsError(error)) return error
  const make = KMS_TO_S3[error.code]
  return make === undefined ? new InternalError() : make(error.message)
}

/** A fresh data key from KMS for one object, and the descriptor to store with it. */
export async function newKmsDataKey(
  ctx: S3Context,
  plan: SseKmsPlan,
  bucketRegion: string,
): Promise<{ dataKey: Secret; descriptor: SseKmsDescriptor }> {
  try {
    const result = await ctx.keys.generateDataKey({
      keyId: plan.keyId,
      encryptionContext: { ...plan.encryptionContext },
      region: bucketRegion,
    })
    return {
      dataKey: result.plaintext,
      descriptor: {
        kind: 'SSE-KMS',
        algorithm: plan.algorithm,
        keyArn: result.keyArn,
        encryptionContext: plan.encryptionContext,
        bucketKeyEnabled: plan.bucketKeyEnabled,
        wrappedDataKey: result.ciphertextBlob,
      },
    }
  } catch (error) {
    throw kmsErrorThroughS3(error)
  }
}

/** Unwraps an object's data key with KMS Decrypt (a disabled key fails the read, as on AWS). */
export async function kmsDataKey(
  ctx: S3Context,
  descriptor: SseKmsDescriptor,
  bucketRegion: string,
): Promise<Secret> {
  try {
    const result = await ctx.keys.decrypt({
      ciphertextBlob: descriptor.wrappedDataKey,
      encryptionContext: { ...descriptor.encryptionContext },
      region: bucketRegion,
    })
    return result.plaintext
  } catch (error) {
    throw kmsErrorThroughS3(error)
  }
}
