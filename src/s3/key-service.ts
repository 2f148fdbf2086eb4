import type { Secret } from '../core/secret.js'

/**
 * The KMS calls S3 makes, as a port (DESIGN §3 rule 3): S3 never imports `src/kms`. The world
 * implements it by running KMS's own `GenerateDataKey` / `Decrypt` / `Encrypt` / `ReEncrypt` operations through its
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

  /**
   * Wraps a data key S3 already holds under `keyId` (KMS `Encrypt`): UpdateObjectEncryption moving
   * an SSE-S3 object to SSE-KMS keeps the object's data key and only wraps it anew.
   */
  encrypt(req: {
    keyId: string
    plaintext: Secret
    encryptionContext: Record<string, string>
    region: string
  }): Promise<{ ciphertextBlob: Uint8Array; keyArn: string }>

  /**
   * Moves a wrapped data key to another key and context without the plaintext leaving KMS (KMS
   * `ReEncrypt`): UpdateObjectEncryption of an SSE-KMS object.
   */
  reEncrypt(req: {
    ciphertextBlob: Uint8Array
    sourceEncryptionContext: Record<string, string>
    destinationKeyId: string
    destinationEncryptionContext: Record<string, string>
    region: string
  }): Promise<{ ciphertextBlob: Uint8Array; keyArn: string; sourceKeyArn: string }>

  /**
   * The key `keyId` names (KMS `DescribeKey`): S3 Metadata checks the key of an SSE-KMS metadata
   * table with it (the caller needs `kms:DescribeKey`, CreateBucketMetadataConfiguration).
   */
  describeKey(req: {
    keyId: string
    region: string
  }): Promise<{ keyArn: string; keyManager: 'AWS' | 'CUSTOMER' }>
}

/** The key S3 uses for SSE-KMS when the request and the bucket default name none (reference §2). */
export const AWS_MANAGED_S3_KEY = 'alias/aws/s3'
