import type { Secret } from '../core/secret.js'

/**
 * The KMS calls S3 makes, as a port (DESIGN §3 rule 3): S3 never imports `src/kms`. The world
 * implements it by running KMS's own `GenerateDataKey` / `Decrypt` operations through its
 * dispatcher with `invokedBy: 's3.amazonaws.com'`, so these calls are faulted and audited like a
 * user's (SPEC §6: `toHaveKmsCall`, "KMS unavailable as seen through S3").
 *
 * Failures are thrown as `AwsError`s whose `code` is KMS's own exception name (`NotFoundException`,
 * `DisabledException`, `KMSInvalidStateException`, `InvalidKeyUsageException`,
 * `ThrottlingException`, …) and whose message is KMS's text; `encryption/sse-kms.ts` turns them
 * into S3's `KMS.*` errors with the same message (reference §2.1).
 * @internal
 */
export interface KeyService {
  /**
   * A fresh AES-256 data key (`KeySpec: AES_256`) under `keyId` (key id, key ARN, alias name or
   * alias ARN; `alias/aws/s3` for the AWS managed key, which the world creates on first use).
   */
  generateDataKey(req: {
    keyId: string
    encryptionContext: Record<string, string>
    /** The bucket's region: S3 calls KMS in the region the bucket lives in. */
    region: string
  }): Promise<{ plaintext: Secret; ciphertextBlob: Uint8Array; keyArn: string }>

  /** Unwraps a data key made by `generateDataKey`, with the same encryption context. */
  decrypt(req: {
    ciphertextBlob: Uint8Array
    encryptionContext: Record<string, string>
    region: string
  }): Promise<{ plaintext: Secret; keyArn: string }>
}

/** The key S3 uses for SSE-KMS when the request and the bucket default name none (reference §2). */
export const AWS_MANAGED_S3_KEY = 'alias/aws/s3'
